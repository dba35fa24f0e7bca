"""Re-index a source whenever it is rendered or saved."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.signals import article_rendered
from glossary.models import Term
from references.models import Reference

from . import indexing


@receiver(article_rendered)
def index_rendered_article(sender, article, **kwargs):
    indexing.index_article(article)


@receiver(post_save, sender=Term)
def index_saved_term(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_term(instance)


@receiver(post_save, sender=Reference)
def index_saved_reference(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_reference(instance)
