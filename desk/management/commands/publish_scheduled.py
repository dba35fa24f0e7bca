"""manage.py publish_scheduled: run every minute by a systemd timer (docs/deployment.md)."""
from django.core.management.base import BaseCommand

from desk.scheduled import publish_scheduled


class Command(BaseCommand):
    help = "Publish drafts whose “publish at” time has come and withdraw entries whose “withdraw at” time has come."

    def handle(self, *args, **options):
        done = publish_scheduled()
        for item in done:
            line = f"{item.kind.capitalize()} “{item.name}”: {item.action}."
            if item.action.startswith("not published"):
                self.stderr.write(line)
            else:
                self.stdout.write(line)
        if options["verbosity"] > 1:
            self.stdout.write(f"{len(done)} scheduled change(s) carried out.")
