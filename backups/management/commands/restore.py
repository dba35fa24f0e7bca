from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, missing_media, read_backup, restore_backup


class Command(BaseCommand):
    help = "Restore a file made by `manage.py backup` into this (migrated) database, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file made by `manage.py backup`.")
        parser.add_argument(
            "--replace", action="store_true", help="Replace the content this database already holds (back it up first)."
        )

    def handle(self, *args, file, replace, **options):
        try:
            data = read_backup(file)
            counts = restore_backup(data, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {counts['articles.article']} articles, {counts['references.reference']} references, "
            f"{counts['glossary.term']} glossary terms, {counts['auth.user']} users and "
            f"{counts['reversion.version']} saved versions from {file}."
        )
        missing = missing_media(data, settings.MEDIA_ROOT)
        if missing:
            self.stderr.write(
                f"{len(missing)} uploaded files the backup lists are missing or different in {settings.MEDIA_ROOT}, "
                f"like {missing[0]}: copy the media folder back (docs/backup.md)."
            )
