"""Clinic editors in Chromium: the live preview stays beside the text being edited, and drops never move the layout."""
import pytest

from articles.models import Article

pytestmark = pytest.mark.browser

# Where the caret is drawn, in viewport pixels: a copy of the textarea's text up to the caret,
# laid out with the textarea's own font and width (the textarea itself does not expose it).
CARET_Y = """() => {
  const area = document.querySelector('textarea.markdownx-editor');
  const style = getComputedStyle(area);
  const copy = document.createElement('div');
  for (const name of ['boxSizing', 'width', 'paddingTop', 'paddingLeft', 'paddingRight', 'borderTopWidth',
                      'borderLeftWidth', 'borderRightWidth', 'fontFamily', 'fontSize', 'lineHeight', 'letterSpacing']) {
    copy.style[name] = style[name];
  }
  copy.style.position = 'absolute'; copy.style.visibility = 'hidden';
  copy.style.whiteSpace = 'pre-wrap'; copy.style.overflowWrap = 'break-word';
  copy.textContent = area.value.slice(0, area.selectionStart);
  const mark = document.createElement('span'); mark.textContent = '\\u200b'; copy.appendChild(mark);
  document.body.appendChild(copy);
  const y = area.getBoundingClientRect().top + mark.offsetTop - area.scrollTop;
  copy.remove();
  return y;
}"""

BOXES = """() => {
  const box = (selector) => { const r = document.querySelector(selector).getBoundingClientRect();
                              return [Math.round(r.left), Math.round(r.top + scrollY), Math.round(r.width), Math.round(r.height)]; };
  return {editor: box('textarea.markdownx-editor'), preview: box('.markdownx-preview'),
          row: box('.form-row.field-body'), keys: box('.reference-keys')};
}"""


def long_article():
    return max(Article.objects.all(), key=lambda article: len(article.body))


def preview_part(page, text):
    """The top of the preview's block holding `text`, in viewport pixels, and whether it is on screen."""
    return page.evaluate(
        """(text) => {
          const preview = document.querySelector('.markdownx-preview');
          const block = [...preview.querySelectorAll('p, li, h2, h3, h4')].find((el) => el.textContent.includes(text));
          const r = block.getBoundingClientRect(), p = preview.getBoundingClientRect();
          return {top: r.top, visible: r.top >= Math.max(p.top, 0) - 1 && r.bottom <= Math.min(p.bottom, innerHeight) + 1};
        }""",
        text,
    )


def test_preview_follows_the_caret_when_typing_at_the_end_of_a_long_article(site, editor_page):
    page = editor_page
    article = long_article()
    page.goto(f"{site.url}/admin/articles/article/{article.pk}/change/")
    body = page.locator("textarea.markdownx-editor")
    page.locator(".markdownx-preview h2").first.wait_for(timeout=10_000)

    body.click()
    body.press("Control+End")
    body.press_sequentially("\n\nA sentence typed at the very end, about zebras.", delay=5)
    page.locator(".markdownx-preview").get_by_text("about zebras").wait_for(timeout=10_000)
    page.wait_for_timeout(700)
    caret = page.evaluate(CARET_Y)
    part = preview_part(page, "about zebras")
    page.screenshot(path="/tmp/issue15-preview-follows.png")
    distance = abs(part["top"] - caret)
    print(f"caret at the end: y={caret:.0f}, preview's matching part y={part['top']:.0f}, distance {distance:.0f} px")
    assert part["visible"], "the typed sentence is not visible in the preview"
    assert distance < 150, distance

    # Back to the top: the preview goes back with the caret, to its first block.
    body.press("Control+Home")
    page.wait_for_timeout(700)
    caret = page.evaluate(CARET_Y)
    first = page.evaluate("() => document.querySelector('.markdownx-preview').firstElementChild.getBoundingClientRect().top")
    print(f"caret at the start: y={caret:.0f}, the preview's first block y={first:.0f}")
    assert abs(first - caret) < 150


def test_a_refused_drop_answers_at_the_drop_point_and_moves_nothing(site, editor_page):
    page = editor_page
    article = long_article()
    page.goto(f"{site.url}/admin/articles/article/{article.pk}/change/")
    page.locator(".markdownx-preview h2").first.wait_for(timeout=10_000)
    body = page.locator("textarea.markdownx-editor")
    body.scroll_into_view_if_needed()
    page.mouse.wheel(0, 900)
    page.wait_for_timeout(300)
    before = page.evaluate(BOXES)
    text_before = body.input_value()
    box = body.bounding_box()
    drop_x, drop_y = box["x"] + 100, max(box["y"], 0) + 300
    page.evaluate(
        """([x, y]) => {
          const editor = document.querySelector('textarea.markdownx-editor');
          const data = new DataTransfer();
          data.items.add(new File(['<html><script>alert(1)</script></html>'], 'cat.png', {type: 'image/png'}));
          editor.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true, clientX: x, clientY: y}));
        }""",
        [drop_x, drop_y],
    )
    status = page.locator(".upload-status.is-error")
    status.wait_for(timeout=10_000)
    assert "not a PNG or JPEG image" in status.inner_text()
    page.screenshot(path="/tmp/issue15-drop-refused.png")
    # Announced: the message is inside a live region.
    live = status.evaluate("(el) => el.closest('[aria-live]')?.getAttribute('aria-live')")
    assert live in ("polite", "assertive")
    where = status.bounding_box()
    print(f"drop at y={drop_y:.0f}, message at y={where['y']:.0f}..{where['y'] + where['height']:.0f}")
    assert abs(where["y"] - drop_y) < 60
    assert box["x"] <= where["x"] < box["x"] + box["width"]
    assert page.evaluate(BOXES) == before
    assert body.input_value() == text_before


def test_a_good_drop_shows_progress_then_the_result_at_the_drop_point(site, editor_page):
    page = editor_page
    page.goto(f"{site.url}/admin/articles/article/add/")
    body = page.locator("textarea.markdownx-editor")
    body.fill("First paragraph.\n\n")
    page.locator(".markdownx-preview").get_by_text("First paragraph.").wait_for(timeout=10_000)
    before = page.evaluate(BOXES)
    box = body.bounding_box()
    # Every state the message goes through, as a screen reader would hear the live region change.
    page.evaluate(
        """() => {
          window.heard = [];
          const region = document.querySelector('.upload-statuses');
          new MutationObserver(() => window.heard.push([region.textContent.trim(), region.querySelectorAll('progress').length]))
            .observe(region, {childList: true, subtree: true, characterData: true});
        }"""
    )
    page.evaluate(
        """async ([x, y]) => {
          const canvas = document.createElement('canvas'); canvas.width = 40; canvas.height = 30;
          canvas.getContext('2d').fillRect(0, 0, 20, 20);
          const blob = await new Promise((done) => canvas.toBlob(done, 'image/png'));
          const data = new DataTransfer();
          data.items.add(new File([blob], 'square.png', {type: 'image/png'}));
          const editor = document.querySelector('textarea.markdownx-editor');
          editor.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true, clientX: x, clientY: y}));
        }""",
        [box["x"] + 50, box["y"] + 40],
    )
    status = page.locator(".upload-status").filter(has_text="Image added (40 × 30 pixels)")
    status.wait_for(timeout=10_000)
    assert status.evaluate("(el) => el.closest('[aria-live]') !== null")
    assert abs(status.bounding_box()["y"] - (box["y"] + 40)) < 60
    page.locator(".markdownx-preview img").wait_for(timeout=10_000)
    page.screenshot(path="/tmp/issue15-drop-added.png")
    heard = page.evaluate("window.heard")
    assert ["Sending square.png…×", 1] in heard, heard  # progress first, with its bar
    assert heard[-1][0].startswith("Image added (40 × 30 pixels)") and heard[-1][1] == 0
    assert body.input_value().startswith("First paragraph.\n\n![DESCRIBE THIS IMAGE](/media/uploads/")
    after = page.evaluate(BOXES)
    # The preview grows by the image it now shows; nothing moves.
    assert after["preview"][:3] == before["preview"][:3] and after["preview"][3] > before["preview"][3]
    assert {name: box for name, box in after.items() if name != "preview"} == {name: box for name, box in before.items() if name != "preview"}


def test_a_pasted_image_goes_in_at_the_caret_and_answers_beside_it(site, editor_page):
    page = editor_page
    page.goto(f"{site.url}/admin/articles/article/add/")
    body = page.locator("textarea.markdownx-editor")
    body.fill("First paragraph.\n\nSecond paragraph.\n\nThird paragraph.")
    page.evaluate(
        """() => {
          const editor = document.querySelector('textarea.markdownx-editor');
          editor.focus();
          editor.selectionStart = editor.selectionEnd = editor.value.indexOf('Second paragraph.') + 'Second paragraph.'.length;
        }"""
    )
    caret_line = page.evaluate(CARET_Y)
    page.evaluate(
        """async () => {
          const editor = document.querySelector('textarea.markdownx-editor');
          const canvas = document.createElement('canvas'); canvas.width = 20; canvas.height = 10;
          const blob = await new Promise((done) => canvas.toBlob(done, 'image/png'));
          const data = new DataTransfer();
          data.items.add(new File([blob], 'pasted.png', {type: 'image/png'}));
          editor.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }"""
    )
    status = page.locator(".upload-status").filter(has_text="Image added (20 × 10 pixels)")
    status.wait_for(timeout=10_000)
    print(f"caret line y={caret_line:.0f}, message y={status.bounding_box()['y']:.0f}")
    assert abs(status.bounding_box()["y"] - caret_line) < 30
    value = body.input_value()
    assert value.startswith("First paragraph.\n\nSecond paragraph.\n\n![DESCRIBE THIS IMAGE](/media/uploads/")
    assert value.endswith(")\n\nThird paragraph.")
