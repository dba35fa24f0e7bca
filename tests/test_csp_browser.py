"""The strict Content-Security-Policy in real Chromium: public pages, the admin and the markdownx
editor work within it, with no violation; and it does block what it should."""
import base64
import io
import re

import pytest
from django.test import RequestFactory
from PIL import Image

from tests.conftest import admin_log_in, clinic_editors_group, close_quietly
from tests.public_pages import public_urls

pytestmark = pytest.mark.browser

# Injected by the browser itself (not subject to the page's CSP) before any of the page's code.
LISTEN = """document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(
  `${e.effectiveDirective} refused ${e.blockedURI || 'inline'} in ${e.sourceFile || location.pathname}:${e.lineNumber}`));"""
NOT_HTML = re.compile(r"\.(bib|ris|json|xml|txt)$|^/feed/")


class Violations(list):
    """Every CSP violation a page reports, by event and by Chromium's console message."""

    def __init__(self, page):
        super().__init__()
        page.expose_function("reportViolation", lambda text: self.append(text))
        page.add_init_script(LISTEN)
        page.on("console", lambda message: "Content Security Policy" in message.text and self.append(message.text))


@pytest.fixture
def watched(browser):
    """A desktop page whose CSP violations are recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations = Violations(page)
    yield page, violations
    close_quietly(context)


def test_every_public_page_works_with_no_csp_violation(site, watched):
    page, violations = watched
    urls = [url for url in public_urls() if not NOT_HTML.search(url)]
    assert len(urls) > 20
    for url in urls:
        response = page.goto(site.url + url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
    # The reading aids (our own script) still work: a citation's preview opens and prints.
    page.goto(f"{site.url}/articles/ldn-for-fibromyalgia/")
    page.locator("a.citation-link").first.focus()
    page.locator(".preview").wait_for()
    page.goto(f"{site.url}/no-such-page/")
    assert violations == []


def test_the_admin_works_with_no_csp_violation(site, watched):
    from django.contrib import admin
    from django.contrib.auth.models import User

    from articles.models import Article

    page, violations = watched
    root = User.objects.create_superuser("root", "root@example.org", "a-long-pass-phrase")
    as_root = RequestFactory().get("/admin/")
    as_root.user = root
    admin_log_in(page, site.url, "root", "a-long-pass-phrase")
    article = Article.objects.get(slug="ldn-for-fibromyalgia")
    urls = ["/admin/", f"/admin/articles/article/{article.pk}/change/", f"/admin/articles/article/{article.pk}/history/",
            "/admin/references/reference/import/", "/admin/auth/user/add/", "/admin/auth/group/add/"]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        urls.append(f"/admin/{meta.app_label}/{meta.model_name}/")
        if model_admin.has_add_permission(as_root):  # the login-attempt records are read-only
            urls.append(f"/admin/{meta.app_label}/{meta.model_name}/add/")
    for url in urls:
        response = page.goto(site.url + url)
        assert response.status == 200, url
    # The admin's own scripts ran: the permissions picker (SelectFilter) was built.
    page.goto(f"{site.url}/admin/auth/group/add/")
    page.locator("#id_permissions_filter").wait_for()
    assert violations == []


def png_base64():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), "teal").save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_markdownx_live_preview_and_image_drop_work_with_no_csp_violation(site, watched):
    from django.contrib.auth.models import User

    page, violations = watched
    user = User.objects.create_user("eda", "eda@example.org", "a-long-pass-phrase", is_staff=True)
    user.groups.add(clinic_editors_group())
    admin_log_in(page, site.url, "eda", "a-long-pass-phrase")
    page.goto(f"{site.url}/admin/articles/article/add/")
    body = page.locator("textarea.markdownx-editor")
    body.fill("LDN was tested in a small trial.")
    page.locator("#reference-key-filter").fill("younger2013")
    page.get_by_role("button", name="Insert a citation of younger2013").click()
    preview = page.locator(".markdownx-preview")
    preview.locator("sup.citation a.citation-link").wait_for(timeout=10_000)

    # A real PNG dropped on the editor: uploaded, inserted as Markdown, shown in the preview.
    page.evaluate(
        """(data) => {
          const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], 'chart.png', {type: 'image/png'}));
          document.querySelector('textarea.markdownx-editor')
            .dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true}));
        }""",
        png_base64(),
    )
    image = preview.locator("img[src^='/media/uploads/']")
    image.wait_for(timeout=10_000)
    assert "](/media/uploads/" in body.input_value()
    assert violations == []


def test_the_policy_blocks_inline_script_inline_style_and_other_origins(site, watched):
    """The recorder hears the browser refuse what the policy forbids (and so the tests above can fail)."""
    page, violations = watched
    page.goto(site.url + "/")
    ran = page.evaluate(
        """() => {
          window.ranInline = false;
          const script = document.createElement('script');
          script.textContent = 'window.ranInline = true';
          document.body.append(script);
          document.body.insertAdjacentHTML('beforeend', '<p style="color: red">styled</p><img src="https://example.invalid/x.png">');
          return new Promise((resolve) => setTimeout(() => resolve(window.ranInline), 200));
        }"""
    )
    assert ran is False
    directives = " ".join(violations)
    for directive in ["script-src-elem refused inline", "style-src-attr refused inline", "img-src refused https://example.invalid/x.png"]:
        assert directive in directives, violations


def test_the_too_many_logins_page_shows_with_no_csp_violation(site, watched):
    page, violations = watched
    for number in range(5):
        page.goto(f"{site.url}/admin/login/")
        page.get_by_label("Username").fill("someone")
        page.get_by_label("Password").fill(f"guess-{number}")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Log in").click()
    assert navigation.value.status == 429
    assert page.get_by_role("heading", level=1).inner_text() == "Too many attempts to log in"
    assert page.locator("link[rel=stylesheet]").count() >= 1
    assert violations == []
