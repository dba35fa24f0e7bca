"""Plain words on the editing desk's rough edges (issue item 7)."""
from .admin_forms import change_form


def test_a_taken_slug_names_the_article_that_has_it(editor_client, make_article):
    taken = make_article(title="LDN and sleep", slug="ldn-and-sleep")
    other = make_article(title="Another", slug="another")
    url = f"/admin/articles/article/{other.pk}/change/"
    fields = change_form(editor_client, url)
    fields["slug"] = "ldn-and-sleep"
    html = editor_client.post(url, fields).content.decode()
    assert f'The article <a href="/admin/articles/article/{taken.pk}/change/">“LDN and sleep”</a> already has' in html
    assert "Article with this Slug already exists" not in html


def test_web_address_fields_are_plain_boxes_and_titles_wide(editor_client, make_article):
    article = make_article(title="A title", slug="a-title", source_url="https://example.org/original")
    html = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Currently:" not in html and "Change:" not in html
    assert 'name="source_url" value="https://example.org/original"' in html
    assert 'class="vLargeTextField" maxlength="200"' in html and 'name="title"' in html
