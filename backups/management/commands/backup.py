from django.core.management.base import BaseCommand

from backups.archive import write_backup


class Command(BaseCommand):
    help = "Write the site's content, editors, revisions and a listing of uploaded media to one JSON file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the backup, like ldn-2026-11-22.json.")

    def handle(self, *args, file, **options):
        data = write_backup(file)
        counts = data["counts"]
        self.stdout.write(
            f"Backed up {counts['articles.article']} articles, {counts['references.reference']} references, "
            f"{counts['glossary.term']} glossary terms, {counts['auth.user']} users and "
            f"{counts['reversion.version']} saved versions to {file}. Uploaded media ({len(data['media'])} files) "
            "is listed, not copied: copy MEDIA_ROOT alongside it (docs/backup.md)."
        )
