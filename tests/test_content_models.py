"""Every content model is registered everywhere the README's "Adding a content model" says.

The models are found, not listed: every model of the site's own apps is content unless NOT_CONTENT
says why not, so a new model is checked the day it is added.
"""
from pathlib import Path

import pytest
import reversion
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import models
from django.test.utils import isolate_apps

from backups.archive import MODELS as BACKED_UP
from editing.editor_permissions import GROUP
from editing.revisions import HistoryAdmin
from pagecache.signals import watches
from search.models import Passage

NOT_CONTENT = {
    "articles.citation": "written from the body's [@key] citations each time an article is rendered",
    "autosave.autosave": "one person's unsaved admin form, offered back to that person only",
    "search.passage": "the search index, stored again from the content by search/indexing.py",
    "search.word": "the search index's vocabulary, stored with the passages",
}
# Content that deliberately skips one item of the checklist, and why.
EXEMPT = {
    "clinic editors": {
        "about.sitesettings": "the home page lead and the disclaimer are the administrators' to change",
    },
    "page cache": {
        "search.patientterm": "the thesaurus changes only search results, and they are never cached",
    },
    "search": {
        "about.sitesettings": "the about page is not searched (its words are not in search.Passage)",
        "questions.answerblock": "each part of an answer is a passage of its question (search/indexing.py)",
        "search.patientterm": "the thesaurus is no page: search reads its words (search/indexing.py stores them)",
    },
}
CHECKLIST = ["admin", "history", "clinic editors", "backup", "page cache", "search"]


def content_models(registry=apps):
    """Every model of the site's own apps (a folder of this repository) that NOT_CONTENT does not name."""
    own = [config for config in registry.get_app_configs() if Path(config.path).parent == settings.BASE_DIR]
    return [model for config in own for model in config.get_models() if model._meta.label_lower not in NOT_CONTENT]


def _parent_admins(model):
    """The registered admins that edit `model` as an inline."""
    registered = [admin.site.get_model_admin(m) for m in apps.get_models() if admin.site.is_registered(m)]
    return [model_admin for model_admin in registered if any(inline.model is model for inline in model_admin.inlines)]


def missing_registrations(model, exempt=True) -> list:
    """The checklist items `model` lacks, in the README's order (with exempt=False, its exemptions too)."""
    label, name = model._meta.label_lower, model._meta.model_name
    own_admin = admin.site.get_model_admin(model) if admin.site.is_registered(model) else None
    editing_admins = [own_admin] if own_admin else _parent_admins(model)
    searched = {field.related_model for field in Passage._meta.fields if field.is_relation}
    present = {
        "admin": bool(editing_admins),
        "history": bool(editing_admins) and all(isinstance(a, HistoryAdmin) for a in editing_admins)
        and reversion.is_registered(model),
        "clinic editors": Permission.objects.filter(
            group__name=GROUP, content_type__app_label=model._meta.app_label, codename=f"change_{name}"
        ).exists(),
        "backup": label in BACKED_UP,
        "page cache": watches(model),
        "search": model in searched,
    }
    return [item for item in CHECKLIST if not present[item] and not (exempt and label in EXEMPT.get(item, {}))]


def test_the_content_models_are_found():
    labels = {model._meta.label_lower for model in content_models()}
    assert {"articles.article", "references.reference", "glossary.term", "compare.claim", "questions.answerblock"} <= labels
    assert labels.isdisjoint(NOT_CONTENT) and "auth.user" not in labels and "reversion.version" not in labels


@pytest.mark.django_db
def test_every_content_model_is_registered_everywhere():
    missing = {model._meta.label_lower: missing_registrations(model) for model in content_models()}
    assert {label: items for label, items in missing.items() if items} == {}


@pytest.mark.django_db
def test_a_new_model_registered_nowhere_is_found_and_fails_every_item():
    with isolate_apps("search") as registry:

        class Leaflet(models.Model):
            title = models.CharField(max_length=100)

            class Meta:
                app_label = "search"

        assert Leaflet in content_models(registry)
        assert missing_registrations(Leaflet) == CHECKLIST


@pytest.mark.django_db
def test_every_exemption_is_still_needed():
    lacking = {(model._meta.label_lower, item) for model in content_models() for item in missing_registrations(model, exempt=False)}
    assert {(label, item) for item, exempt in EXEMPT.items() for label in exempt} <= lacking
