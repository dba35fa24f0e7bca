"""Any save or delete of content shown on public pages starts a new page-cache generation.

Each app whose models public pages show calls `watch(self)` from its AppConfig.ready(). An app
that writes with update() or bulk_create() (no model signals) also connects content_changed to a
signal of its own, as articles does with article_rendered.
"""
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import generation

# Labels of the apps that called watch(): their many-to-many changes count too.
_watched_apps = set()


def content_changed(**kwargs):
    generation.invalidate()


def _m2m_changed(sender, action, **kwargs):
    if action.startswith("post_") and sender._meta.app_label in _watched_apps:
        content_changed()


def watch(app_config):
    """Listen to every model of `app_config` (raw saves from loaddata included); called from its ready()."""
    _watched_apps.add(app_config.label)
    for model in app_config.get_models():
        post_save.connect(content_changed, sender=model, dispatch_uid=f"pagecache-save-{model._meta.label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"pagecache-delete-{model._meta.label}")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache-m2m")


def watches(model) -> bool:
    """Whether a save, delete or many-to-many change of `model` starts a new generation."""
    return model._meta.app_label in _watched_apps
