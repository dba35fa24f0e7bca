"""Bring a running site's content up to corrected seed text, never over a staff edit.

`load_content` only adds what is missing, so a site loaded before a correction keeps the old
words. Each correction file lists {model, lookup, field, old, new}: a field still holding the
old seed value gets the new one; a field holding anything else was edited by staff and is left
as it is, and reported. Files apply in date order, so a field corrected twice goes through each
step; a field already holding a later file's value is up to date, not a staff edit. Articles whose
body changed are rendered again (notes, citations, index).
"""
import json
from pathlib import Path

from django.apps import apps
from django.db import transaction

from articles.publishing import article_render

CORRECTIONS_DIR = Path(__file__).resolve().parent / "corrections"


def _current(row, field):
    value = getattr(row, field)
    if field == "references":
        return sorted(value.values_list("key", flat=True))
    return value


def _items(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _field_id(item):
    return item["model"], json.dumps(item["lookup"], sort_keys=True), item["field"]


def newest_values(paths):
    """{field: the value the last file sets it to}, over every file in order."""
    return {_field_id(item): item["new"] for path in paths for item in _items(path)}


@transaction.atomic
def apply_corrections(path: Path, newest=None):
    """Apply one correction file; returns (applied, already, kept) lists of readable names."""
    applied, already, kept, bodies = [], [], [], []
    newest = newest or {}
    for item in _items(path):
        model = apps.get_model(item["model"])
        row = model._default_manager.filter(**item["lookup"]).first()
        name = f"{model._meta.verbose_name} “{row}” ({item['field']})" if row else None
        if row is None:
            continue  # not in this database: load_content adds it with the new text
        current = _current(row, item["field"])
        if current in (item["new"], newest.get(_field_id(item))):
            already.append(name)
        elif current != item["old"]:
            kept.append(name)
        elif item["field"] == "references":
            row.references.set(apps.get_model("references.Reference").objects.filter(key__in=item["new"]))
            applied.append(name)
        else:
            setattr(row, item["field"], item["new"])
            row.full_clean()
            row.save()
            applied.append(name)
            if item["model"] == "articles.article" and item["field"] == "body":
                bodies.append(row)
    for article in bodies:
        article_render(article=article)
    return applied, already, kept


def correction_files():
    return sorted(CORRECTIONS_DIR.glob("*.json"))
