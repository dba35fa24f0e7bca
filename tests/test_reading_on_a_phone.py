"""Reading on a phone, by keyboard and at large text (issue 18), measured in real Chromium at 390 and 1280 px."""
import pytest

from .test_a11y import AXE

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "desktop": 1280}
ARTICLES = ["ldn-invisible-pain", "naltrexone-for-analgesia", "ldn-for-fibromyalgia"]
# A 390 px phone at 200% zoom lays the page out 195 CSS px wide.
ZOOMED_PHONE = {"width": 195, "height": 422}
TARGET_PX = 24  # WCAG 2.2 target size (minimum)


def axe_with_best_practices(page):
    """axe-core's WCAG 2.2 AA rules and its best practices (landmark-unique among them)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("slug", ARTICLES)
def test_every_citation_and_back_link_is_a_24px_target_and_lines_keep_their_height(site, new_page, slug, width):
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site.url}/articles/{slug}/")
    boxes = page.locator("sup.citation a, .backlinks a").evaluate_all(
        "links => links.map(a => { const r = a.getBoundingClientRect();"
        " return [a.getAttribute('aria-label') || a.textContent, r.width, r.height]; })"
    )
    assert len(boxes) >= 2
    small = [box for box in boxes if box[1] < TARGET_PX or box[2] < TARGET_PX]
    assert small == [], f"targets under {TARGET_PX} px: {small[:5]}"
    # Padding, not a taller line: every paragraph of the text is a whole number of lines high.
    uneven = page.locator(".article-body p").evaluate_all(
        """ps => ps.map(p => [p.id, p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight)])
                  .filter(([id, lines]) => Math.abs(lines - Math.round(lines)) > 0.05)"""
    )
    assert uneven == []


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_preview_controls_are_24px_targets(site, new_page, width):
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site.url}/articles/naltrexone-for-analgesia/")
    page.locator("a.citation-link[href='#ref-6']").first.hover()
    page.locator(".preview").wait_for()
    boxes = page.locator(".preview a, .preview button").evaluate_all(
        "els => els.map(el => { const r = el.getBoundingClientRect(); return [el.textContent.trim(), r.width, r.height]; })"
    )
    assert len(boxes) >= 3
    assert [box for box in boxes if box[1] < TARGET_PX or box[2] < TARGET_PX] == []


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("slug", ARTICLES)
def test_article_has_no_axe_violations_best_practices_included(site, new_page, slug, width):
    page = new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    page.goto(f"{site.url}/articles/{slug}/")
    assert axe_with_best_practices(page) == []


SPLIT_WORDS = """() => {
  const split = [];
  for (const heading of document.querySelectorAll('h1, h2, h3, h4')) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      for (const word of node.textContent.matchAll(/[^\\s\\u2010-]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(word[0]);
      }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("path", ["/", "/articles/naltrexone-for-analgesia/", "/articles/ldn-for-fibromyalgia/",
                                  "/conditions/", "/conditions/fibromyalgia/", "/glossary/", "/references/"])
def test_no_heading_word_breaks_in_the_middle_at_200_percent_zoom(site, new_page, path):
    page = new_page(viewport=ZOOMED_PHONE)
    page.goto(site.url + path)
    assert page.evaluate(SPLIT_WORDS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= ZOOMED_PHONE["width"]


def test_header_search_box_shows_a_focus_ring(site, page):
    page.goto(f"{site.url}/")
    box = page.locator(".site-header input[type='search']")
    box.focus()
    style = box.evaluate("el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }")
    assert style[0] == "solid" and style[1] == "3px" and style[2] != "none", style
