"""The models and their migrations agree, and a migration that renames stored data keeps every row, both ways."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_RENAME = [("articles", "0007_stored_bibliography")]
RENAME = [("articles", "0008_added_by_editors")]


def test_no_model_change_is_missing_a_migration(db):
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:  # --check exits 1 when a migration is missing
        raise AssertionError(f"Models changed without a migration; run `manage.py makemigrations`:\n{out.getvalue()}") from None


def migrate(targets):
    """Run the migrations to `targets` (a fresh executor each time: the last run changed the graph's state)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)  # SQLite alters tables only outside a transaction
def test_added_by_editors_rename_keeps_every_stored_citation_both_ways(make_reference, make_article, client):
    from articles.models import Citation

    make_reference(key="author-and-editors")
    make_reference(key="editors-only")
    make_article("Author.[@author-and-editors] Editors.[+@author-and-editors]\n\n## Later\n\nOnly ours.[+@editors-only]")
    stored = {c.number: c.occurrences for c in Citation.objects.all()}
    assert stored == {
        1: [
            {"anchor": "cite-1-1", "section": "", "added_by_editors": False},
            {"anchor": "cite-1-2", "section": "", "added_by_editors": True},
        ],
        2: [{"anchor": "cite-2-1", "section": "later", "added_by_editors": True}],
    }
    try:
        old = migrate(BEFORE_RENAME).get_model("articles", "Citation")
        assert {c.number: (c.editor_added, c.occurrences) for c in old.objects.all()} == {
            number: (number == 2, [{"anchor": o["anchor"], "section": o["section"], "editor": o["added_by_editors"]} for o in places])
            for number, places in stored.items()
        }
        new = migrate(RENAME).get_model("articles", "Citation")
        assert {c.number: (c.added_by_editors, c.occurrences) for c in new.objects.all()} == {
            number: (number == 2, places) for number, places in stored.items()
        }
    finally:
        migrate(latest())
    # What a reader sees of the flag after the round trip: the reference pages say whose citation it is.
    assert "reference 2, added by this site's editors" in client.get("/references/editors-only/").content.decode()
    assert "(reference 1)</p>" in client.get("/references/author-and-editors/").content.decode()
