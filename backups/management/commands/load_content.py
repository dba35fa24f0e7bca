from django.core.management.base import BaseCommand

from backups.seed import load_site_content
from pagecache import generation


class Command(BaseCommand):
    help = "Load the site's seed articles, references, glossary, comparisons, questions and thesaurus that are not in the database yet (safe to re-run)."

    def handle(self, *args, **options):
        for message in load_site_content():
            self.stdout.write(message)
        generation.invalidate()  # the saves did already; this also covers rows written in bulk
