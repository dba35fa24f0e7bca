"""Keep stored article bodies in step with the glossary: a changed term re-renders the articles it touches."""
import threading
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from articles.models import Article
from articles.publishing import article_render

from .models import Term


def affected_articles(spellings, slugs):
    """Articles whose body uses any of the spellings, or links to any of the slugs."""
    query = Q()
    for spelling in spellings:
        query |= Q(body__icontains=spelling)
    for slug in slugs:
        query |= Q(body_html__contains=f'data-term="{slug}"')
    return Article.objects.filter(query) if query else Article.objects.none()


def rerender(articles):
    """Re-render each article; one whose body no longer renders keeps its stored HTML."""
    rendered = []
    for article in articles:
        try:
            article_render(article=article)
        except ValidationError:
            continue  # the article's own editor sees the problem when they next save it
        rendered.append(article)
    return rendered


_batch = threading.local()


@contextmanager
def rerender_once():
    """Inside this block, term changes collect the affected articles; each is re-rendered once at the end."""
    if getattr(_batch, "pending", None) is not None:
        yield  # already batching
        return
    _batch.pending = set()
    try:
        yield
        pending = _batch.pending
    finally:
        _batch.pending = None
    rerender(Article.objects.filter(pk__in=pending))


def _rerender_affected(spellings, slugs):
    articles = affected_articles(spellings, slugs)
    if getattr(_batch, "pending", None) is not None:
        _batch.pending.update(articles.values_list("pk", flat=True))
    else:
        rerender(articles)


@receiver(pre_save, sender=Term)
def remember_old_spellings(sender, instance, raw=False, **kwargs):
    old = Term.objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._old = (old.spellings, [old.slug]) if old else ([], [])


@receiver(post_save, sender=Term)
def rerender_after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return  # loaddata: run `manage.py render_articles` afterwards
    old_spellings, old_slugs = getattr(instance, "_old", ([], []))
    _rerender_affected(old_spellings + instance.spellings, old_slugs + [instance.slug])


@receiver(post_delete, sender=Term)
def rerender_after_delete(sender, instance, **kwargs):
    _rerender_affected(instance.spellings, [instance.slug])
