"""Any save or delete of content shown on public pages starts a new page-cache generation.

An app that writes with update() or bulk_create() (no model signals) connects content_changed to a
signal of its own from its AppConfig.ready(), as articles does with article_rendered.
"""
from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import generation


def content_changed(**kwargs):
    generation.invalidate()


def _m2m_changed(sender, action, **kwargs):
    if action.startswith("post_") and sender._meta.app_label in settings.PAGE_CACHE_CONTENT_APPS:
        content_changed()


def connect():
    """Listen to every model of the content apps (raw saves from loaddata included)."""
    for label in settings.PAGE_CACHE_CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            post_save.connect(content_changed, sender=model, dispatch_uid=f"pagecache-save-{model._meta.label}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"pagecache-delete-{model._meta.label}")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache-m2m")
