"""History like Wagtail's: a first revision for seeded content, lines in words, notes, compare any two."""
import re

import pytest
from reversion.models import Version

from articles.models import Article
from compare.models import Claim
from glossary.models import Term
from references.models import Reference

from .admin_forms import change_form


def save(client, article, note="", **changes):
    url = f"/admin/articles/article/{article.pk}/change/"
    fields = change_form(client, url)
    # What a browser sends: every text box with \r\n line endings.
    fields = {name: value.replace("\n", "\r\n") if isinstance(value, str) else value for name, value in fields.items()}
    fields.update(changes, change_note=note)
    response = client.post(url, fields)
    assert response.status_code == 302, re.findall(r'class="errorlist[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    return Version.objects.get_for_object(article).first()


@pytest.fixture
def seeded_article(seeded):
    return Article.objects.order_by("pk").first()


def test_every_seeded_entry_starts_with_a_first_revision(seeded_article):
    for model in (Article, Reference, Term, Claim):
        for entry in model.objects.all():
            # A claim is also kept in its topic's revision (the topic's form edits its claims).
            versions = Version.objects.get_for_object(entry)
            assert versions.exists(), entry
            assert {v.revision.comment for v in versions} == {"First version, loaded from the site's own content files."}


def test_loading_the_seed_again_records_no_second_revision(seeded_article):
    from backups.seed import load_site_content

    load_site_content()
    assert Version.objects.get_for_object(seeded_article).count() == 1


def test_the_first_staff_edit_of_a_seeded_article_can_be_compared_and_undone(editor_client, seeded_article):
    original = seeded_article.body
    seed_version = Version.objects.get_for_object(seeded_article).get()
    save(editor_client, seeded_article, body=original.replace("naltrexone", "NALTREXONE", 1))
    compare = editor_client.get(f"/admin/articles/article/{seeded_article.pk}/history/{seed_version.pk}/compare/").content.decode()
    assert "[removed: </span>naltrexone" in compare and "[added: </span>NALTREXONE" in compare
    restore = f"/admin/articles/article/{seeded_article.pk}/history/{seed_version.pk}/"
    assert editor_client.post(restore, change_form(editor_client, restore)).status_code == 302
    seeded_article.refresh_from_db()
    assert seeded_article.body == original.strip()  # forms drop the trailing newline


def test_a_history_line_names_only_what_the_editor_changed_in_words(editor_client, seeded_article):
    version = save(editor_client, seeded_article, title="A clearer title")
    assert version.revision.comment == "Changed title."
    version = save(editor_client, seeded_article, body=seeded_article.body + "\n\nOne more sentence.", summary="Shorter.")
    assert version.revision.comment == "Changed summary and body."
    assert save(editor_client, seeded_article).revision.comment == "Saved without changes."


def test_the_editors_note_is_shown_in_history(editor_client, seeded_article):
    save(editor_client, seeded_article, note="Fixed a typo in the first section", title="A clearer title")
    html = editor_client.get(f"/admin/articles/article/{seeded_article.pk}/history/").content.decode()
    assert "Changed title." in html and "Note: “Fixed a typo in the first section”" in html
    assert "edit_token" not in html and "Key points" not in html
    assert "First version, loaded from the site&#x27;s own content files." in html


def test_any_two_old_revisions_can_be_compared_word_by_word(editor_client, seeded_article):
    body = seeded_article.body
    second = save(editor_client, seeded_article, body=body + "\n\nThe clinic adds a first sentence.")
    third = save(editor_client, seeded_article, body=body + "\n\nThe clinic adds a second sentence.")
    save(editor_client, seeded_article, title="Newest title")
    url = f"/admin/articles/article/{seeded_article.pk}/history/compare/?from={second.pk}&to={third.pk}"
    html = editor_client.get(url).content.decode()
    assert "[removed: </span>first" in html and "[added: </span>second" in html
    table = html[html.index('<table class="compare-table">'):]
    assert "Newest title" not in table  # the newest save is not part of this comparison
    # Chosen the wrong way round, it still reads oldest to newest.
    swapped = editor_client.get(url.replace(f"from={second.pk}&to={third.pk}", f"from={third.pk}&to={second.pk}")).content.decode()
    assert swapped[swapped.index('<table class="compare-table">'):] == table


def test_comparing_a_version_of_another_entry_is_not_found(editor_client, seeded, make_article):
    articles = list(Article.objects.order_by("pk")[:2])
    other = Version.objects.get_for_object(articles[1]).get()
    assert editor_client.get(f"/admin/articles/article/{articles[0].pk}/history/compare/?from={other.pk}").status_code == 404


def test_restore_page_speaks_plainly(editor_client, seeded_article):
    version = Version.objects.get_for_object(seeded_article).get()
    html = editor_client.get(f"/admin/articles/article/{seeded_article.pk}/history/{version.pk}/").content.decode()
    assert "revert to this version of the object" not in html
    assert "press <strong>Save</strong> to make it the current version" in html
