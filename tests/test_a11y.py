"""WCAG 2.2 AA on every public page: axe-core in real Chromium, keyboard-only use, zoom, motion, headings."""
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .public_pages import html_page_urls

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BEST_PRACTICE_TAGS = [*WCAG_TAGS, "best-practice"]  # landmark-unique among them
PUBLIC_PAGES = {
    "home": "/",
    "invisible-pain article": "/articles/ldn-invisible-pain/",
    "analgesia article": "/articles/naltrexone-for-analgesia/",
    "fibromyalgia article": "/articles/ldn-for-fibromyalgia/",
    "references list": "/references/",
    "a reference": "/references/younger2013/",
    "glossary": "/glossary/",
    "sources side by side": "/what-the-sources-say/",
    "conditions": "/conditions/",
    "a condition": "/conditions/fibromyalgia/",
    "about this site": "/about/",
    "common questions": "/questions/",
    "a common question": "/questions/ldn-with-opioid-painkillers/",
    "who wrote and checks": "/questions/who-wrote-and-checks-this-site/",
    "search results": "/search/?q=low+dose",
    "about the feed": "/feed/about/",
    "404 page": "/no-such-page/",
}
WIDTHS = {"phone": 390, "desktop": 1280}


def axe_violations(page, tags=WCAG_TAGS):
    """Run axe-core's rules with these tags (WCAG 2.2 AA unless told) on the page; a readable line per violation.

    Only violations are gathered (axe's resultTypes): axe then skips the details of every check that
    passed, which took half its time on the seeded pages.
    """
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does).")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", tags
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]


@pytest.mark.browser
@pytest.mark.parametrize("tags", [WCAG_TAGS, BEST_PRACTICE_TAGS], ids=["wcag", "best practices"])
def test_axe_reports_what_it_finds(page, tags):
    """The check the page tests rely on fails a page with faults in it, every one named."""
    page.set_content(
        "<html><body><img src='data:,'><p style='color:#aaa;background:#fff'>Faint text</p>"
        "<a href='/one'></a><h1>One</h1><h1>Two</h1></body></html>"
    )
    found = {line.split()[0] for line in axe_violations(page, tags)}
    assert {"html-has-lang", "image-alt", "color-contrast", "link-name"} <= found
    assert ("page-has-heading-one" in found or "landmark-one-main" in found) == ("best-practice" in tags)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_public_page_passes_axe_best_practices_included_in_the_light_theme(site, new_page, path, width):
    """WCAG 2.2 AA and axe's best practices (landmark-unique among them); the dark theme: test_reading_on_a_phone."""
    # bypass_csp only lets the test inject axe; the page itself is served unchanged.
    page = new_page(viewport={"width": width, "height": 900}, color_scheme="light", bypass_csp=True)
    response = page.goto(site.url + path)
    assert response.status == (404 if path == "/no-such-page/" else 200)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert axe_violations(page, BEST_PRACTICE_TAGS) == []


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_other_public_page_has_no_axe_violations(site, new_page, width):
    """The pages above stand for their kind; this sweeps every reference, condition and search page too."""
    others = [url for url in html_page_urls() if url not in PUBLIC_PAGES.values()]
    assert len(others) >= 15
    page = new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    found = {}
    for path in others:
        assert page.goto(site.url + path).status == 200, path
        if violations := axe_violations(page):
            found[path] = violations
    assert found == {}


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_open_reference_preview_has_no_axe_violations(site, new_page, width):
    page = new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    page.goto(site.url + "/articles/ldn-for-fibromyalgia/")
    page.locator("a.citation-link").first.focus()
    page.locator(".preview").wait_for()
    assert axe_violations(page) == []


def focused(page):
    return page.evaluate(
        """() => { const el = document.activeElement;
                   return {tag: el.tagName, id: el.id, cls: el.className, href: el.getAttribute('href') || '',
                           text: el.textContent.trim(), inPreview: !!el.closest('.preview')}; }"""
    )


def tab_until(page, predicate, limit=150):
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focused(page)
        if predicate(state):
            return state
    raise AssertionError(f"Focus never reached the element within {limit} Tab presses")


@pytest.mark.browser
def test_skip_link_is_first_visible_on_focus_and_moves_focus_to_main(site, page):
    page.goto(site.url + "/articles/ldn-for-fibromyalgia/")
    page.keyboard.press("Tab")
    assert focused(page)["cls"] == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, "the focused skip link is off screen"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"


@pytest.mark.browser
def test_every_focusable_element_shows_a_visible_focus_indicator(site, page):
    page.goto(site.url + "/articles/naltrexone-for-analgesia/")
    seen = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                       return {outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow,
                               tag: document.activeElement.tagName}; }"""
        )
        if style["tag"] == "BODY":
            break
        seen += 1
        assert not style["outline"].startswith("none") or style["shadow"] != "none", style
    assert seen >= 20


@pytest.mark.browser
def test_keyboard_user_previews_a_reference_follows_its_doi_and_escape_closes(site, page):
    page.goto(site.url + "/articles/naltrexone-for-analgesia/")
    tab_until(page, lambda s: s["href"] == "#ref-6")
    page.keyboard.press("ArrowDown")  # the documented key into the preview; Tab alone goes on with the text
    doi = tab_until(page, lambda s: s["inPreview"] and s["href"].startswith("https://doi.org/"), limit=5)
    preview = page.locator(".preview")
    assert preview.count() == 1 and preview.is_visible()
    citation = page.locator("a.citation-link[aria-expanded='true']")
    assert citation.count() == 1

    page.keyboard.press("Escape")
    assert page.locator(".preview").count() == 0
    state = focused(page)
    assert "citation-link" in state["cls"], "Escape should return focus to the citation"

    # Back into the preview from the citation, then follow the DOI (answered locally, never fetched).
    page.route("https://doi.org/**", lambda route: route.fulfill(status=200, body="<title>DOI</title>DOI resolver"))
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    followed = tab_until(page, lambda s: s["inPreview"] and s["href"] == doi["href"], limit=10)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == followed["href"]


@pytest.mark.browser
def test_keyboard_focus_is_never_trapped_on_an_article(site, page):
    page.goto(site.url + "/articles/ldn-for-fibromyalgia/")
    last = tab_until(page, lambda s: "feed" in s["href"], limit=200)
    assert last["tag"] == "A"
    page.keyboard.press("Tab")  # past the last link focus leaves the page content
    assert focused(page)["tag"] in {"BODY", "A"}


@pytest.mark.browser
@pytest.mark.parametrize("path", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_text_at_200_percent_on_a_320px_screen_needs_no_sideways_scrolling(site, new_page, path):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(site.url + path)
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    overflow = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'absolute')
            .map(el => el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40));
          return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
        }"""
    )
    assert overflow["scroll"] <= overflow["width"], overflow
    assert overflow["wide"] == []


@pytest.mark.browser
# Never smooth scrolling: a smooth scroll from a Tab would swallow an Enter that follows at once (issue 18).
@pytest.mark.parametrize("motion, scroll, animation", [("reduce", "auto", "none"), ("no-preference", "auto", "preview-in")])
def test_reduced_motion_preference_turns_off_the_animation_and_nothing_scrolls_smoothly(site, new_page, motion, scroll, animation):
    page = new_page(reduced_motion=motion)
    page.goto(site.url + "/articles/ldn-for-fibromyalgia/")
    page.locator("a.citation-link").first.focus()
    page.locator(".preview").wait_for()
    styles = page.evaluate(
        """() => [getComputedStyle(document.documentElement).scrollBehavior,
                  getComputedStyle(document.querySelector('.preview')).animationName]"""
    )
    assert styles == [scroll, animation]


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels, self.lang = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))


@pytest.mark.parametrize("path", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_page_has_one_h1_ordered_headings_and_a_language(client, seeded, path):
    outline = _Outline()
    outline.feed(client.get(path).content.decode())
    assert outline.lang == "en"
    assert outline.levels.count(1) == 1 and outline.levels[0] == 1, outline.levels
    for before, after in zip(outline.levels, outline.levels[1:]):
        assert after <= before + 1, f"heading jumps from h{before} to h{after}: {outline.levels}"
