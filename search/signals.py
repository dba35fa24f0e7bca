"""Re-index a source whenever it is rendered or saved (deletes cascade to its passages)."""
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from about.models import SiteSettings
from articles.signals import article_rendered
from compare.models import Claim, Condition, Topic
from glossary.models import Term
from pagecache import generation
from questions.models import AnswerBlock, Question
from references.models import Reference

from . import indexing
from .models import PatientTerm


def _deleting(origin, model):
    """Whether a deletion started from a `model` row (or rows): what cascades from it must not be re-indexed."""
    return isinstance(origin, model) or (isinstance(origin, QuerySet) and origin.model is model)


@receiver(article_rendered)
def index_rendered_article(sender, article, **kwargs):
    indexing.index_article(article)
    # Its claims' passages and the answers showing them name it; "who wrote" lists every article.
    for topic in Topic.objects.filter(claims__article=article).distinct():
        indexing.index_topic(topic)
    for question in indexing.questions_showing(articles=[article], authorship=True):
        indexing.index_question(question)


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
def index_claims_topic(sender, instance, raw=False, origin=None, **kwargs):
    if raw or _deleting(origin, Topic):
        return
    if Topic.objects.filter(pk=instance.topic_id).exists():
        indexing.index_topic(instance.topic)
    if kwargs.get("created") is False:  # a changed statement: the answers showing it too
        for question in indexing.questions_showing(claims=[instance]):
            indexing.index_question(question)


@receiver(post_save, sender=Condition)
def index_saved_condition(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_condition(instance)


@receiver(post_save, sender=Question)
def index_saved_question(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_question(instance)


@receiver(post_save, sender=AnswerBlock)
@receiver(post_delete, sender=AnswerBlock)
def index_answers_question(sender, instance, raw=False, origin=None, **kwargs):
    if raw or _deleting(origin, Question):
        return
    question = Question.objects.filter(pk=instance.question_id).first()
    if question is not None:
        indexing.index_question(question)


@receiver(post_save, sender=SiteSettings)
def index_who_checks(sender, instance, raw=False, **kwargs):
    if not raw:
        for question in indexing.questions_showing(authorship=True):
            indexing.index_question(question)


@receiver(post_save, sender=PatientTerm)
def index_saved_patient_term(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.index_patient_term(instance)
    generation.invalidate()  # every process reads the thesaurus again (vocabulary.thesaurus)


@receiver(post_delete, sender=PatientTerm)
def forget_patient_term(sender, instance, **kwargs):
    generation.invalidate()
