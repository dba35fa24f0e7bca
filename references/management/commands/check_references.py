"""List every stored reference the schema refuses; exit 1 when there is one."""
from django.core.management.base import BaseCommand, CommandError

from references.checks import stored_reference_problems
from references.models import Reference


class Command(BaseCommand):
    help = "Check every stored reference against the schema (authors, dates, field types) and list what fails."

    def handle(self, *args, **options):
        found = stored_reference_problems(Reference.objects.all())
        for key, name, message in found:
            self.stdout.write(f"{key}: {name}: {message}")
        if found:
            raise CommandError(f"{len({key for key, _, _ in found})} stored reference(s) break the schema; fix them in the admin.")
        self.stdout.write(f"All {Reference.objects.count()} references pass the schema.")
