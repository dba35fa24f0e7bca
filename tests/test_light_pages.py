"""Light pages for old phones on slow networks: compressed, no blocking script, no web fonts, sized lazy images."""
import gzip
import io
import re

from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.public_pages import public_urls

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def uploaded_image_url(editor_client, size):
    buf = io.BytesIO()
    Image.new("RGB", size, "teal").save(buf, "PNG")
    response = editor_client.post("/markdownx/upload/", {"image": SimpleUploadedFile("a.png", buf.getvalue(), content_type="image/png")},
                                  HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    code = response.json()["image_code"]
    return code[code.index("(") + 1 : -1]


def test_an_uploaded_image_is_given_its_size_and_loads_lazily(client, editor_client, make_article):
    url = uploaded_image_url(editor_client, (320, 180))
    make_article(body=f"Text.\n\n![A box of tablets]({url})\n", slug="with-image")
    html = client.get("/articles/with-image/").content.decode()
    image = re.search(r"<img [^>]*>", html).group(0)
    assert 'width="320"' in image and 'height="180"' in image and 'loading="lazy"' in image


def test_an_image_missing_from_the_server_still_loads_lazily_without_a_made_up_size(client, make_article):
    make_article(body="![A box of tablets](/media/uploads/gone.png)\n", slug="gone")
    image = re.search(r"<img [^>]*>", client.get("/articles/gone/").content.decode()).group(0)
    assert 'loading="lazy"' in image and "width=" not in image


def test_html_is_compressed_for_browsers_that_accept_it(client, seeded):
    for url in public_urls():
        response = client.get(url, **GZIP)
        if response["Content-Type"].startswith("text/html"):
            assert response["Content-Encoding"] == "gzip", url
            assert "Accept-Encoding" in response["Vary"]
            assert b"<!doctype html>" in gzip.decompress(response.content).lower()


def static_paths(html):
    return re.findall(r'<link rel="stylesheet" href="/static/([^"?]+)"', html) + re.findall(r'<script src="/static/([^"?]+)"', html)


def test_every_article_page_transfers_under_50_kb_compressed(client, seeded):
    from articles.models import Article

    for article in Article.objects.published():
        response = client.get(article.get_absolute_url(), **GZIP)
        html = gzip.decompress(response.content).decode()
        assert "<img" not in html  # the seed articles have no images: this is the page's own weight
        assets = static_paths(html)
        assert "css/site.css" in assets and "js/reading.js" in assets
        transfer = len(response.content) + sum(len(gzip.compress(open(finders.find(path), "rb").read())) for path in assets)
        assert transfer < 50_000, f"{article.slug}: {transfer} bytes"


def test_no_script_blocks_rendering_and_none_is_inline(client, seeded):
    for url in public_urls():
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
            assert 'type="application/ld+json"' in tag or (" src=" in tag and (" defer" in tag or " async" in tag)), (url, tag)


def test_no_web_fonts(client, seeded):
    css = [path for path in finders.find("css/site.css", find_all=True)] + [finders.find("css/print.css")]
    for path in css:
        assert "@font-face" not in open(path, encoding="utf-8").read()
    for finder in finders.get_finders():
        for path, _ in finder.list([]):
            assert not path.lower().endswith((".woff", ".woff2", ".ttf", ".otf", ".eot")), path
    html = client.get("/").content.decode()
    assert "fonts.googleapis" not in html and "font/woff" not in html
