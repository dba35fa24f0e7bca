from django.core.management.base import BaseCommand, CommandError
from django.core.exceptions import ValidationError

from articles.models import Article
from articles.publishing import article_render


class Command(BaseCommand):
    help = "Re-render every article's stored HTML and citations from its Markdown body."

    def handle(self, *args, **options):
        failed = []
        for article in Article.objects.all():
            try:
                article_render(article=article)
            except ValidationError as error:
                failed.append(f"{article.slug}: {'; '.join(error.messages)}")
        if failed:
            raise CommandError("Could not render:\n" + "\n".join(failed))
        self.stdout.write("All articles rendered.")
