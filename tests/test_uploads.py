"""Images through the markdownx editor: PNG/JPEG by content, re-encoded clean, bounded; clear refusals."""
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

URL = "/markdownx/upload/"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
GPS = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}


def exif_with_gps(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera maker
    exif.get_ifd(0x8825).update(GPS)  # GPS IFD
    if orientation:
        exif[0x0112] = orientation
    return exif


def png_bytes(size=(40, 20), mode="RGB", **save):
    buf = io.BytesIO()
    Image.new(mode, size, "teal" if mode != "P" else 3).save(buf, "PNG", **save)
    return buf.getvalue()


def jpeg_bytes(size=(40, 20), **save):
    buf = io.BytesIO()
    Image.new("RGB", size, "orange").save(buf, "JPEG", **save)
    return buf.getvalue()


def upload(client, data, name="picture.png", content_type="image/png", **extra):
    return client.post(URL, {"image": SimpleUploadedFile(name, data, content_type=content_type)}, **XHR, **extra)


def stored_files(settings):
    root = settings.MEDIA_ROOT / "uploads"
    return sorted(root.iterdir()) if root.exists() else []


def stored_image(settings, response):
    code = response.json()["image_code"]
    url = code[code.index("(") + 1 : -1]
    path = settings.MEDIA_ROOT / url.removeprefix(settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else "/" + settings.MEDIA_URL)
    return path, path.read_bytes()


def test_png_with_gps_and_text_chunks_is_stored_re_encoded_without_them(editor_client, settings):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert('x')</script> taken at the clinic")
    response = upload(editor_client, png_bytes(exif=exif_with_gps(), pnginfo=info))
    assert response.status_code == 200, response.content
    assert response.json()["image_code"].startswith("![DESCRIBE THIS IMAGE](/media/uploads/")
    path, data = stored_image(settings, response)
    assert path.suffix == ".png"
    assert b"SecretCam" not in data and b"<script" not in data and b"clinic" not in data
    image = Image.open(path)
    assert image.format == "PNG" and image.size == (40, 20)
    assert not image.getexif() and "exif" not in image.info and "Comment" not in image.info


def test_jpeg_with_gps_is_stored_without_exif_and_turned_the_right_way_up(editor_client, settings):
    # Orientation 6: the camera was on its side; the pixels are rotated before EXIF is dropped.
    response = upload(editor_client, jpeg_bytes(exif=exif_with_gps(orientation=6)), "photo.jpg", "image/jpeg")
    assert response.status_code == 200, response.content
    path, data = stored_image(settings, response)
    assert path.suffix == ".jpg"
    assert b"SecretCam" not in data and b"Exif" not in data
    image = Image.open(path)
    assert image.format == "JPEG" and image.size == (20, 40)
    assert not image.getexif().get_ifd(0x8825)


def test_png_named_jpg_is_identified_by_its_content(editor_client, settings):
    response = upload(editor_client, png_bytes(), "holiday.jpg", "image/jpeg")
    assert response.status_code == 200
    path, _ = stored_image(settings, response)
    assert path.suffix == ".png" and Image.open(path).format == "PNG"


def test_wide_image_is_scaled_down_to_the_maximum_width(editor_client, settings):
    settings.IMAGE_MAX_WIDTH = 100
    response = upload(editor_client, png_bytes(size=(400, 200)))
    path, _ = stored_image(settings, response)
    assert Image.open(path).size == (100, 50)
    assert "100 × 50 pixels" in response.json()["message"]


def test_palette_png_keeps_its_transparent_colour(editor_client, settings):
    original = Image.new("P", (2, 1))
    original.putpalette([255, 0, 0, 0, 0, 255])
    original.putdata([0, 1])
    buf = io.BytesIO()
    original.save(buf, "PNG", transparency=1)
    response = upload(editor_client, buf.getvalue())
    path, _ = stored_image(settings, response)
    rgba = Image.open(path).convert("RGBA")
    assert rgba.getpixel((0, 0)) == (255, 0, 0, 255)
    assert rgba.getpixel((1, 0))[3] == 0  # still see-through


@pytest.mark.parametrize(
    "data, name, content_type",
    [
        (b"<!doctype html><script>alert(document.cookie)</script>", "cat.png", "image/png"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', "logo.png", "image/png"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "anim.png", "image/png"),
        (b"%PDF-1.4 not a picture", "scan.jpg", "image/jpeg"),
    ],
    ids=["html", "svg", "gif", "pdf"],
)
def test_anything_but_png_or_jpeg_is_refused_whatever_its_name(editor_client, settings, data, name, content_type):
    response = upload(editor_client, data, name, content_type)
    assert response.status_code == 400
    assert "not a PNG or JPEG image (whatever its name says)" in response.json()["error"]
    assert stored_files(settings) == []


def test_polyglot_png_with_html_after_the_image_is_stored_as_pixels_only(editor_client, settings):
    polyglot = png_bytes() + b"<html><script>alert('polyglot')</script></html>"
    response = upload(editor_client, polyglot, "innocent.png")
    assert response.status_code == 200
    _, data = stored_image(settings, response)
    assert b"<script" not in data and b"<html" not in data
    assert data.endswith(b"IEND\xaeB`\x82")


def test_oversized_file_is_refused_naming_the_limit(editor_client, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    big = jpeg_bytes() + b"\0" * (3 * 1024 * 1024)
    response = upload(editor_client, big, "huge.jpg", "image/jpeg")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "images can be at most 2 MB" in error and "3.0 MB" in error
    assert stored_files(settings) == []


def test_too_many_pixels_is_refused(editor_client, settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1_000_000
    response = upload(editor_client, png_bytes(size=(2000, 1000), mode="L"))
    assert response.status_code == 400
    assert "This image is 2000 × 1000 pixels, more than the 1 megapixels allowed" in response.json()["error"]


def png_header_claiming(width, height):
    """A tiny PNG whose header claims a huge size: decoding it would need gigabytes."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("width, height", [(8000, 8000), (100_000, 100_000)], ids=["over-limit", "bomb"])
def test_decompression_bomb_is_refused_before_decoding(editor_client, settings, width, height):
    data = png_header_claiming(width, height)
    assert len(data) < 2000
    response = upload(editor_client, data, "bomb.png")
    assert response.status_code == 400
    assert "megapixels allowed" in response.json()["error"]
    assert stored_files(settings) == []


def test_damaged_image_is_refused_as_damaged(editor_client, settings):
    truncated = png_bytes(size=(300, 300))[:200]
    response = upload(editor_client, truncated, "cut.png")
    assert response.status_code == 400
    assert "damaged or incomplete" in response.json()["error"]


def test_request_without_a_file_gets_a_message(editor_client):
    response = editor_client.post(URL, {}, **XHR)
    assert response.status_code == 400
    assert "No image arrived" in response.json()["error"]


def test_anonymous_upload_is_refused_and_stores_nothing(client, settings):
    response = upload(client, png_bytes())
    assert response.status_code == 401
    assert "Your session has ended" in response.json()["error"]
    plain = client.post(URL, {"image": SimpleUploadedFile("a.png", png_bytes())})
    assert plain.status_code == 302 and "/admin/login/" in plain["Location"]
    assert stored_files(settings) == []


def test_staff_without_edit_permission_is_refused(client, staff_without_permissions, settings):
    client.force_login(staff_without_permissions)
    response = upload(client, png_bytes())
    assert response.status_code == 403
    assert "may not edit articles" in response.json()["error"]
    assert stored_files(settings) == []


def test_non_staff_user_with_the_permission_is_still_refused(client, editor, settings):
    editor.is_staff = False
    editor.save()
    client.force_login(editor)
    assert upload(client, png_bytes()).status_code == 403


def test_upload_endpoint_answers_only_post(editor_client):
    assert editor_client.get(URL).status_code == 405


def test_uploaded_image_shows_in_the_sanitised_body(editor_client, settings, make_article):
    response = upload(editor_client, png_bytes())
    code = response.json()["image_code"].replace("DESCRIBE THIS IMAGE", "A teal rectangle")
    article = make_article(body=f"Look:\n\n{code}\n")
    assert '<img alt="A teal rectangle" src="/media/uploads/' in article.body_html
