from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Store the search passages of every article, glossary term and reference again (after loaddata, say)."

    def handle(self, *args, **options):
        self.stdout.write(f"Search index rebuilt: {rebuild()} passage(s).")
