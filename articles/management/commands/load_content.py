from django.core.management.base import BaseCommand

from articles.seed import load_other_content, load_seed_content
from pagecache import generation


class Command(BaseCommand):
    help = "Load the site's seed articles and references that are not in the database yet (safe to re-run)."

    def handle(self, *args, **options):
        refs, articles = load_seed_content()
        self.stdout.write(f"Content: {refs} reference(s) and {articles} article(s) added.")
        for message in load_other_content():
            self.stdout.write(message)
        generation.invalidate()  # the saves did already; this also covers rows written in bulk
