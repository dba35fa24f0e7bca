"""Nothing is lost: every admin save is a revision with who and when; compare and restore."""
import pytest
from reversion.models import Version

from articles.models import Article
from references.models import Reference

from .admin_forms import change_form, edit_token


def post_change(client, article, **changes):
    url = f"/admin/articles/article/{article.pk}/change/"
    data = {"title": article.title, "slug": article.slug, "status": article.status, "order": "0",
            "summary": article.summary, "body": article.body, "edit_token": edit_token(client, url)}
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    return article


@pytest.fixture
def edited_article(editor_client, make_reference, make_article):
    make_reference(key="a", title="Source A")
    make_reference(key="b", title="Source B")
    article = make_article(body="Version one cites A.[@a]")
    post_change(editor_client, article, body="Version one cites A.[@a]")  # the first admin save
    post_change(editor_client, article, body="Version two cites B.[@b]\n\nA new paragraph.")
    return article


def test_every_admin_save_is_kept_with_who_and_when(edited_article, editor):
    versions = Version.objects.get_for_object(edited_article)
    assert versions.count() == 2
    assert {v.revision.user for v in versions} == {editor}
    assert all(v.revision.date_created for v in versions)


def test_history_lists_saves_with_the_editors_name_and_compare_links(editor_client, edited_article):
    html = editor_client.get(f"/admin/articles/article/{edited_article.pk}/history/").content.decode()
    assert html.count("Eda Editor") == 2
    assert html.count("Compare with current") == 2 and html.count("Restore this version") == 2


def test_compare_shows_what_changed_in_the_body_word_by_word(editor_client, edited_article):
    oldest = Version.objects.get_for_object(edited_article).last()
    response = editor_client.get(f"/admin/articles/article/{edited_article.pk}/history/{oldest.pk}/compare/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Version <del><span class=\"visually-hidden\">[removed: </span>one" in html
    assert "<ins><span class=\"visually-hidden\">[added: </span>two" in html
    assert "A new paragraph." in html
    assert "Summary" not in html  # unchanged fields are not listed


def test_restoring_a_revision_brings_back_its_body_citations_and_rendering(editor_client, edited_article):
    oldest = Version.objects.get_for_object(edited_article).last()
    url = f"/admin/articles/article/{edited_article.pk}/history/{oldest.pk}/"
    form = editor_client.get(url).content.decode()
    assert "Version one cites A.[@a]" in form
    assert Article.objects.get(pk=edited_article.pk).body.startswith("Version two")  # looking changes nothing
    restored = editor_client.post(url, change_form(editor_client, url))
    assert restored.status_code == 302
    article = Article.objects.get(pk=edited_article.pk)
    assert article.body == "Version one cites A.[@a]"
    assert [c.reference.key for c in article.citations.all()] == ["a"]
    assert "Version one cites A." in article.body_html and 'href="#ref-1"' in article.body_html
    newest = Version.objects.get_for_object(article).first()
    assert newest.revision.get_comment().startswith("Restored the version saved on ")


def test_reference_saves_are_revisions_and_can_be_restored(editor_client, make_reference):
    reference = make_reference(key="r", title="Original title")
    base = {"key": "r", "kind": "article-journal", "authors": '[{"family": "Author", "given": "A"}]',
            "evidence_type": "trial", "year": "2020", "doi": reference.doi}
    change = f"/admin/references/reference/{reference.pk}/change/"
    for title in ["Original title", "A wrong title"]:
        response = editor_client.post(change, {**base, "title": title, "edit_token": edit_token(editor_client, change)})
        assert response.status_code == 302
    oldest = Version.objects.get_for_object(reference).last()
    compare = editor_client.get(f"/admin/references/reference/{reference.pk}/history/{oldest.pk}/compare/").content.decode()
    assert "<del>Original title</del> → <ins>A wrong title</ins>" in compare
    restore = f"/admin/references/reference/{reference.pk}/history/{oldest.pk}/"
    response = editor_client.post(restore, {**base, "title": "Original title", "edit_token": edit_token(editor_client, restore)})
    assert response.status_code == 302
    assert Reference.objects.get(pk=reference.pk).title == "Original title"


def test_compare_is_refused_to_staff_without_permission(client, staff_without_permissions, edited_article):
    version = Version.objects.get_for_object(edited_article).first()
    client.force_login(staff_without_permissions)
    assert client.get(f"/admin/articles/article/{edited_article.pk}/history/{version.pk}/compare/").status_code == 403
