"""Printing an article: the text, its citations and full DOI addresses; no navigation."""
import pytest


@pytest.mark.django_db
def test_print_stylesheet_is_linked_for_print_media(client, seeded):
    html = client.get("/articles/ldn-for-fibromyalgia/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html


@pytest.mark.browser
def test_printed_article_shows_full_doi_addresses_and_hides_navigation(site, page):
    page.goto(site.url + "/articles/ldn-for-fibromyalgia/")
    # On a phone the button sits in "Talking to your doctor" (the one under the title costs a row there).
    button = page.locator(".talk").get_by_role("button", name="Print or save as PDF")
    assert button.is_visible()

    page.emulate_media(media="print")
    assert page.locator(".site-header nav").is_hidden()
    assert button.is_hidden()
    # Every reference the article cites is printed (the authors' and the site's editors').
    from articles.models import Article

    cited = Article.objects.get(slug="ldn-for-fibromyalgia").citations.count()
    assert cited >= 2 and page.locator(".references li").count() == cited
    doi_link = page.locator(".references a[href='https://doi.org/10.1002/art.37734']")
    printed_after = doi_link.evaluate("a => getComputedStyle(a, '::after').content")
    assert printed_after == '" (https://doi.org/10.1002/art.37734)"'
    assert page.locator("sup.citation").first.is_visible()
    assert page.locator(".print-only").is_visible()

    page.emulate_media(media="screen")
    assert page.locator(".site-header .site-menu").is_visible()
    assert doi_link.evaluate("a => getComputedStyle(a, '::after').content") == "none"


@pytest.mark.browser
def test_print_button_needs_javascript_and_is_absent_without_it(site, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(site.url + "/articles/ldn-for-fibromyalgia/")
    assert page.get_by_role("button", name="Print or save as PDF").count() == 0
