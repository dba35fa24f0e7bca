"""Reading on a phone, by keyboard and at large text (issue 18), measured in real Chromium at 390 and 1280 px."""
import io
import re

import pytest
from pypdf import PdfReader

from .test_a11y import BEST_PRACTICE_TAGS, axe_violations

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "desktop": 1280}
ARTICLES = ["ldn-invisible-pain", "naltrexone-for-analgesia", "ldn-for-fibromyalgia"]
# A 390 px phone at 200% zoom lays the page out 195 CSS px wide.
ZOOMED_PHONE = {"width": 195, "height": 422}
TARGET_PX = 24  # WCAG 2.2 target size (minimum)


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


# "2. Opioid Agonists/Antagonists" (invisible pain) may break after its slash only; a search for "dose"
# lists a cited title with "counterbalanced," in it (157 px of bold type at 16 px; the line had 151).
@pytest.mark.parametrize("path", ["/", "/articles/naltrexone-for-analgesia/", "/articles/ldn-for-fibromyalgia/",
                                  "/articles/ldn-invisible-pain/", "/search/?q=dose", "/conditions/",
                                  "/conditions/fibromyalgia/", "/glossary/", "/references/"])
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


HEADER_LINKS = ["Articles", "Common questions", "What the sources say", "Conditions", "Glossary", "References"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}, ZOOMED_PHONE],
                         ids=["phone", "desktop", "phone-at-200%"])
def test_header_menu_reaches_the_main_pages_and_folds_on_a_phone(site, new_page, viewport, javascript):
    page = new_page(viewport=viewport, java_script_enabled=javascript)
    page.goto(f"{site.url}/references/")
    header = page.locator(".site-header")
    nav = header.get_by_role("navigation", name="Main")
    menu = header.locator("summary", has_text="Menu")
    if viewport["width"] < 768:
        assert nav.is_hidden() and menu.is_visible()
        # Folded, the header leaves most of the first screen to the page.
        assert header.bounding_box()["height"] <= viewport["height"] * 0.42
        menu.click()
    else:
        assert menu.is_hidden()
    assert [link.inner_text() for link in nav.get_by_role("link").all()] == HEADER_LINKS
    assert nav.get_by_role("link", name="References").get_attribute("aria-current") == "page"
    assert header.get_by_role("searchbox").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    nav.get_by_role("link", name="Conditions").click()
    page.wait_for_url("**/conditions/")


def test_home_page_links_every_condition_page(site, page):
    from compare.models import Condition

    page.goto(f"{site.url}/")
    expected = sorted(condition.get_absolute_url() for condition in Condition.objects.all())
    assert len(expected) >= 5
    linked = page.locator("main a[href^='/conditions/']").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(set(linked) - {"/conditions/"}) == expected


TABBABLE_BEFORE_BIBLIOGRAPHY = """() => {
  const bibliography = document.querySelector('.bibliography');
  return [...document.querySelectorAll('a[href], button, input, summary')]
    .filter(el => el.compareDocumentPosition(bibliography) & Node.DOCUMENT_POSITION_FOLLOWING)
    .filter(el => el.tabIndex >= 0 && el.getClientRects().length > 0 && !el.closest('.preview')).length;
}"""


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("slug", ARTICLES)
def test_tabbing_to_the_bibliography_costs_no_more_tabs_than_the_links_on_the_way(site, new_page, slug, width):
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site.url}/articles/{slug}/")
    on_the_way = page.evaluate(TABBABLE_BEFORE_BIBLIOGRAPHY)
    previews_seen = 0
    for tabs in range(1, 300):
        page.keyboard.press("Tab")
        state = page.evaluate(
            "() => [!!document.activeElement.closest('.bibliography'), !!document.activeElement.closest('.preview'),"
            " document.querySelectorAll('.preview').length]"
        )
        assert not state[1], f"Tab {tabs} went into a preview"
        previews_seen += state[2]
        if state[0]:
            break
    assert previews_seen >= 1, "focusing citations should still show their previews"
    assert tabs <= on_the_way + 1, f"{tabs} Tabs for {on_the_way} links before the bibliography"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_down_arrow_moves_into_the_preview_and_escape_back_to_the_citation(site, new_page, width):
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site.url}/articles/naltrexone-for-analgesia/")
    citation = page.locator("#cite-6-1")
    citation.focus()
    preview = page.get_by_role("dialog", name="Reference 6")
    preview.wait_for()
    assert "down arrow" in preview.inner_text()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("!!document.activeElement.closest('.preview')")
    for _ in range(4):
        if page.evaluate("document.activeElement.href || ''").startswith("https://doi.org/"):
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.href") == "https://doi.org/10.1002/art.37734"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "cite-6-1"
    assert page.locator(".preview").count() == 0


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_enter_right_after_focus_jumps_to_the_reference(site, new_page, width, javascript):
    page = new_page(viewport={"width": width, "height": 900}, reduced_motion="no-preference", java_script_enabled=javascript)
    page.goto(f"{site.url}/articles/naltrexone-for-analgesia/")
    for anchor, entry in [("cite-6-1", "ref-6"), ("cite-2-1", "ref-2"), ("cite-9-2", "ref-9")]:
        page.locator(f"#{anchor}").focus()
        page.keyboard.press("Enter")  # no wait: the preview is still opening
        page.wait_for_url(f"**#{entry}")
        page.wait_for_function(
            "id => { const r = document.getElementById(id).getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }", arg=entry, timeout=3000,
        )


LINE_COVERED = """link => {
  const box = document.querySelector('.preview').getBoundingClientRect();
  const block = link.closest('p, li, dd, div');
  const a = link.getBoundingClientRect();
  const lh = parseFloat(getComputedStyle(block).lineHeight);
  const mid = a.top + a.height / 2;
  const line = {left: block.getBoundingClientRect().left, right: block.getBoundingClientRect().right,
                top: mid - lh / 2 + 1, bottom: mid + lh / 2 - 1};
  return box.left < line.right && box.right > line.left && box.top < line.bottom && box.bottom > line.top;
}"""


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_preview_never_covers_the_line_being_read(site, new_page, width):
    page = new_page(viewport={"width": width, "height": 800})
    page.goto(f"{site.url}/articles/naltrexone-for-analgesia/")
    links = page.locator(".article-body a.citation-link, .article-body a.glossary-term")
    assert links.count() >= 15
    covered = []
    for index in range(links.count()):
        link = links.nth(index)
        link.focus()
        page.locator(".preview").wait_for()
        if link.evaluate(LINE_COVERED):
            covered.append(link.inner_text())
        page.keyboard.press("Escape")
    assert covered == []


@pytest.mark.parametrize("slug", ARTICLES)
def test_the_authors_text_starts_within_a_screen_and_a_half_on_a_phone(site, new_page, slug):
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{site.url}/articles/{slug}/")
    top = page.locator(".article-body > p").first.evaluate("p => p.getBoundingClientRect().top + window.scrollY")
    assert top <= 1.5 * 844, f"the author's first paragraph starts {top:.0f} px down"
    # Set tighter, not left out: the safety warning, who wrote and published the article, and whether
    # it was checked all show above the author's text.
    labels = page.locator(".attribution dt")
    assert {"Written by", "Checked for this site", "How we check it"} <= set(labels.all_inner_texts())
    assert all(label.is_visible() for label in labels.all()) and page.locator(".page-review").is_visible()
    warning = page.locator(".callout-warning").first
    assert warning.is_visible() and "must not take it" in warning.inner_text() and "Sources:" in warning.inner_text()
    # The print button is not lost on a phone: it waits in "Talking to your doctor", which suggests printing.
    button = page.get_by_role("button", name="Print or save as PDF")
    assert button.count() == 1 and button.evaluate("b => !!b.closest('.talk')")
    # Folded, not gone: the key points and the contents open in place, without any script.
    for fold in page.locator("details.fold").all():
        fold.locator("summary").click()
        assert fold.locator("li").first.is_visible()


SENTENCE_START_ON_SCREEN = """id => {
  const link = document.getElementById(id);
  const block = link.closest('p, li');
  const range = document.createRange();
  range.setStart(block, 0);
  range.setEndBefore(link.closest('sup'));
  const text = range.toString();
  const start = Math.max(text.lastIndexOf('. ', text.length - 3), text.lastIndexOf('? ', text.length - 3)) + 2;
  // The first character of the sentence the citation ends.
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let seen = 0, node;
  while ((node = walker.nextNode())) {
    if (seen + node.textContent.length > start) break;
    seen += node.textContent.length;
  }
  const first = document.createRange();
  first.setStart(node, start - seen);
  first.setEnd(node, start - seen + 1);
  const r = first.getBoundingClientRect(), c = link.getBoundingClientRect();
  return [r.top, c.bottom, window.innerHeight, getComputedStyle(block).backgroundColor];
}"""


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_back_link_shows_the_whole_cited_sentence_highlighted(site, new_page, width):
    page = new_page(viewport={"width": width, "height": 844})
    page.goto(f"{site.url}/articles/naltrexone-for-analgesia/#ref-6")
    page.get_by_role("link", name="Back to citation a of reference 6").click()
    page.wait_for_url("**#cite-6-1")
    sentence_top, citation_bottom, height, background = page.evaluate(SENTENCE_START_ON_SCREEN, "cite-6-1")
    assert 0 <= sentence_top and citation_bottom <= height, (sentence_top, citation_bottom)
    assert background != "rgba(0, 0, 0, 0)", "the cited passage is not highlighted"
    assert page.locator(".preview").count() == 0, "a preview would cover the sentence"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_read_this_in_the_article_lands_on_the_whole_passage_highlighted(site, new_page, width):
    page = new_page(viewport={"width": width, "height": 844})
    page.goto(f"{site.url}/what-the-sources-say/")
    page.locator("section[aria-labelledby='usual-dose']").get_by_role("link", name="Read this in the article").first.click()
    page.wait_for_url("**/articles/**#*")
    passage = page.locator(":target")
    box = passage.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 844, box
    assert passage.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize("slug", ARTICLES)
def test_printed_article_has_no_search_or_buttons_every_address_and_a_full_last_page(site, page, slug):
    page.goto(f"{site.url}/articles/{slug}/")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = [p.extract_text() for p in pdf.pages]
    assert 2 <= len(pdf.pages) <= 5, len(pdf.pages)
    assert "Search" not in text[0] and "Print or save as PDF" not in text[0] and "Menu" not in text[0]
    # "About this source" prints with its full address; so does the glossary, once.
    whole = " ".join(text).replace("\n", "")
    assert re.search(r"About this source \(https?://\S+/references/", whole), "a link to this site prints without its address"
    assert re.search(r"explained at https?://\S+/glossary/", whole)
    last_lines = [line for line in text[-1].splitlines() if line.strip()]
    assert len(last_lines) >= 8, f"the last page holds only {last_lines}"
    # However the page breaks fall as the text grows, the last page holds the questions for the
    # doctor and the disclaimer together, never the disclaimer alone.
    for extra_lines in (2, 5, 8):
        page.goto(f"{site.url}/articles/{slug}/")
        page.evaluate("""n => { for (let i = 0; i < n; i++) {
            const line = document.createElement('p'); line.textContent = 'A line an editor might add.';
            document.querySelector('.article-body').append(line); } }""", extra_lines)
        last = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages[-1].extract_text()
        assert "Talking to your doctor" in last and "This is not medical advice" in last, (extra_lines, last)
    page.emulate_media(media="print")
    assert page.locator(".search-form").is_hidden() and page.locator("button").first.is_hidden()
    sizes = page.evaluate(
        """() => [getComputedStyle(document.querySelector('.article-body > p')).fontSize,
                  ...[...document.querySelectorAll('.editor-note p:not(.note-title), .callout p:not(.note-title), .key-points li')].map(e => getComputedStyle(e).fontSize)]"""
    )
    assert set(sizes) == {sizes[0]}, f"notes print at another size than the text: {sorted(set(sizes))}"


# The light theme, with the same rules on every public page and both widths: test_a11y.
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", ["/", "/articles/naltrexone-for-analgesia/", "/articles/ldn-for-fibromyalgia/",
                                  "/what-the-sources-say/", "/glossary/", "/search/?q=dose", "/feed/about/"])
def test_dark_theme_passes_axe_best_practices_included(site, new_page, path, width):
    page = new_page(viewport={"width": width, "height": 900}, color_scheme="dark", bypass_csp=True)
    page.goto(site.url + path)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 18, 18)"
    assert axe_violations(page, BEST_PRACTICE_TAGS) == []


def test_feed_page_says_in_words_what_the_feed_is(site, page):
    page.goto(f"{site.url}/")
    page.get_by_role("link", name="Get told about new articles (feed)").click()
    page.wait_for_url("**/feed/about/")
    text = page.locator("main").inner_text()
    assert "feed reader" in text and "You do not need it to read this site" in text
    assert re.search(r"https?://\S+/feed/\n", text), "the feed's full address is shown"
    assert page.get_by_role("link", name="Naltrexone for Analgesia").count() == 1
    assert page.locator("link[rel='alternate'][type='application/atom+xml']").get_attribute("href") == "/feed/"


SHOWN_WITHOUT_BACKGROUNDS = """([selector, part]) => {
  // In forced colours a background or a shadow is dropped; a border, an outline or the text's own
  // colour stays. A part counts as shown when it is at least 1 px wide and not the page's colour.
  const el = document.querySelector(selector);
  const page = getComputedStyle(document.body).backgroundColor;
  const s = getComputedStyle(el);
  const [width, style, colour] = {
    text: ['1px', 'solid', s.color],
    left: [s.borderLeftWidth, s.borderLeftStyle, s.borderLeftColor],
    top: [s.borderTopWidth, s.borderTopStyle, s.borderTopColor],
    outline: [s.outlineWidth, s.outlineStyle, s.outlineColor],
  }[part];
  const opaque = !/rgba\\(.*, 0\\)$/.test(colour);
  return parseFloat(width) >= 1 && style !== 'none' && colour !== page && opaque ? 'shown' : `${part}: ${width} ${style} ${colour} on ${page}`;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_forced_colours_keep_citations_focus_rings_boxes_the_menu_and_previews_visible(site, new_page, scheme):
    """Windows high contrast: whatever a background or a shadow showed is drawn with a border or an outline."""
    page = new_page(viewport={"width": 390, "height": 844}, forced_colors="active", color_scheme=scheme)
    page.goto(f"{site.url}/articles/naltrexone-for-analgesia/")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    parts = [("sup.citation a", "text"), (".site-menu summary", "top"),
             (".callout-warning", "left"), (".callout-warning", "top"),  # the safety box, all round
             (".key-points", "left"), (".key-points", "top"), (".article-body .editor-note", "top")]
    assert {f"{selector} {part}": page.evaluate(SHOWN_WITHOUT_BACKGROUNDS, [selector, part]) for selector, part in parts} == {
        f"{selector} {part}": "shown" for selector, part in parts}
    page.locator("#cite-6-1").focus()
    assert page.evaluate(SHOWN_WITHOUT_BACKGROUNDS, ["#cite-6-1", "outline"]) == "shown"  # the focus ring
    page.get_by_role("dialog", name="Reference 6").wait_for()
    assert page.evaluate(SHOWN_WITHOUT_BACKGROUNDS, [".preview", "top"]) == "shown"
    # A bibliography entry reached by its number was marked by a background alone.
    page.goto(f"{site.url}/articles/naltrexone-for-analgesia/#ref-6")
    assert page.evaluate(SHOWN_WITHOUT_BACKGROUNDS, ["#ref-6", "outline"]) == "shown"
    page.goto(f"{site.url}/search/?q=dose")
    assert page.evaluate("getComputedStyle(document.querySelector('mark')).backgroundColor") != page.evaluate(
        "getComputedStyle(document.body).backgroundColor")
