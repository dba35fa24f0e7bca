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


def test_deleting_a_cited_reference_names_and_links_the_articles_and_says_what_to_do(admin_client, make_article, make_reference):
    reference = make_reference(key="younger2099")
    published = make_article(title="LDN and sleep", body="A claim.[@younger2099]", status="published")
    make_reference(key="ref1")
    draft = make_article(title="A draft about pain", body="Other.[@ref1] And.[@younger2099]", status="draft")
    url = f"/admin/references/reference/{reference.pk}/delete/"
    for response in (admin_client.get(url), admin_client.post(url, {"post": "yes"})):
        html = response.content.decode()
        assert response.status_code == 200
        assert "cannot be deleted: articles cite it" in html
        assert f'<a href="/admin/articles/article/{published.pk}/change/">“LDN and sleep”</a> (published) cites younger2099 as reference 1' in html
        assert f'<a href="/admin/articles/article/{draft.pk}/change/">“A draft about pain”</a> (a draft) cites younger2099 as reference 2' in html
        assert f'href="/admin/articles/article/{draft.pk}/preview/">See the page' in html
        assert "take the citation (like [@younger2099]) out of its body" in html
        assert "protected related objects" not in html and "Citation:" not in html
    assert reference.__class__.objects.filter(pk=reference.pk).exists()


def test_deleting_cited_references_from_the_list_says_the_same(admin_client, make_article, make_reference):
    reference = make_reference(key="younger2099")
    unused = make_reference(key="unused2000")
    article = make_article(title="LDN and sleep", body="A claim.[@younger2099]", status="published")
    html = admin_client.post(
        "/admin/references/reference/",
        {"action": "delete_selected", "_selected_action": [reference.pk, unused.pk]},
    ).content.decode()
    assert "These references cannot be deleted: articles cite them" in html
    assert f'<a href="/admin/articles/article/{article.pk}/change/">“LDN and sleep”</a> (published) cites younger2099' in html
    assert "protected related objects" not in html


def test_an_image_from_another_site_is_named_by_its_address_once(editor_client):
    from articles.body import body_errors

    errors = body_errors("Text.\n\n![](https://example.com/chart.png)\n\n![A chart](/media/uploads/a.png)")
    assert errors == [
        "Image 1 is not stored on this site (it comes from https://example.com/chart.png), so patients would not "
        "see it: pages load nothing from other sites. Save the picture to your computer, delete this image's line, "
        "and drag the file into the text box: it is then stored here. Use only pictures the clinic may publish."
    ]
    assert not any("no address" in error or "has no description" in error for error in errors)
