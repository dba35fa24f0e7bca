"""Re-index a source whenever it is rendered or saved (deletes cascade to its passages)."""
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.signals import article_rendered
from compare.models import Claim, Condition, Topic
from glossary.models import Term
from references.models import Reference

from . import indexing
from .models import PatientTerm


@receiver(article_rendered)
def index_rendered_article(sender, article, **kwargs):
    indexing.index_article(article)
    # Its claims' passages name it.
    for topic in Topic.objects.filter(claims__article=article).distinct():
        indexing.index_topic(topic)


@receiver(post_save, sender=Term)
def index_saved_term(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_term(instance)


@receiver(post_save, sender=Reference)
def index_saved_reference(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_reference(instance)


@receiver(post_save, sender=Topic)
def index_saved_topic(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_topic(instance)


@receiver(post_save, sender=Claim)
@receiver(post_delete, sender=Claim)
def index_claims_topic(sender, instance, raw=False, **kwargs):
    if not raw and Topic.objects.filter(pk=instance.topic_id).exists():
        indexing.index_topic(instance.topic)


@receiver(post_save, sender=Condition)
def index_saved_condition(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_condition(instance)


@receiver(post_save, sender=PatientTerm)
def index_saved_patient_term(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_patient_term(instance)
