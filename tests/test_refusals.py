"""Every upload and import the site will not take is a message, never a 500 or a 414 (issue 14)."""
import html
import json

import pytest

from references.models import Reference
from tests import hostile_images
from tests.test_uploads import stored_files, upload

IMPORT = "/admin/references/reference/import/"


@pytest.mark.parametrize("make,message", [
    (hostile_images.ztxt_bomb, "hidden text or a colour profile that unpacks to far more"),
    (hostile_images.iccp_bomb, "hidden text or a colour profile that unpacks to far more"),
    (hostile_images.half_a_jpeg, "damaged or incomplete"),
    (lambda: hostile_images.half_a_jpeg()[:300], "damaged or incomplete"),
    (hostile_images.one_by_39_999_999, "This image is 1 × 39,999,999 pixels; each side can be at most 10,000 pixels."),
], ids=["zTXt bomb", "iCCP bomb", "half a JPEG", "a JPEG cut in its header", "1 x 39,999,999"])
def test_hostile_images_are_refused_with_a_message_and_not_stored(editor_client, settings, make, message):
    response = upload(editor_client, make(), "hostile.png")
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert stored_files(settings) == []


def test_pixel_and_side_bounds_are_separate(editor_client, settings):
    settings.IMAGE_UPLOAD_MAX_SIDE = 100
    response = upload(editor_client, hostile_images.png(101, 1), "wide.png")
    assert "each side can be at most 100 pixels" in response.json()["error"]


def bibtex_with_authors(count):
    names = " and ".join(f"Author{n}, Given{n}" for n in range(count))
    return f"@article{{many{count}, author = {{{names}}}, title = {{A very large trial}}, journal = {{J Test}}, year = {{2020}}}}"


@pytest.mark.parametrize("count", [80, 300])
def test_bibtex_with_many_authors_fills_the_add_form_through_a_short_address(admin_client, count):
    response = admin_client.post(IMPORT, {"entry": bibtex_with_authors(count)})
    assert response.status_code == 302
    assert len(response["Location"]) < 100
    form = admin_client.get(response["Location"])
    assert form.status_code == 200
    page = html.unescape(form.content.decode())
    assert f'"family": "Author{count - 1}"' in page and "A very large trial" in page


def test_an_import_address_shown_to_someone_else_fills_in_nothing(admin_client, client, django_user_model):
    response = admin_client.post(IMPORT, {"entry": bibtex_with_authors(3)})
    other = django_user_model.objects.create_superuser("other", "o@example.org", "pw")
    client.force_login(other)
    page = client.get(response["Location"]).content.decode()
    assert "A very large trial" not in page


@pytest.mark.parametrize("entry,message", [
    ("[" * 19000, "nests brackets more than 20 deep"),
    ('{"type": "article-journal", "title": "T", "accessed": {"date-parts": [[2020, 2, 31]]}}', "2020-02-31 is not a real date"),
    ('{"type": "article-journal", "title": "T", "author": [{"family": "Younger", "given": "J"}], "issued": {"date-parts": [[2020, 13]]}}', None),
    ("@article{x, title = {" + "T" * 600 + "}}", "title: This is 600 characters long; the most is 500."),
], ids=["19,000 [", "2020-02-31", "month 13", "title too long"])
def test_import_refusals_are_messages(admin_client, entry, message):
    response = admin_client.post(IMPORT, {"entry": entry})
    if message is None:
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert message in html.unescape(response.content.decode())


def test_csl_json_numeric_raw_date_is_read(admin_client):
    entry = json.dumps({"type": "article-journal", "title": "Raw dated", "issued": {"raw": 2020}})
    response = admin_client.post(IMPORT, {"entry": entry})
    page = admin_client.get(response["Location"]).content.decode()
    assert 'value="2020"' in page and 'value="Raw dated"' in page
    assert not Reference.objects.exists()  # nothing is saved until the editor checks and saves


@pytest.mark.parametrize("object_id", ["abc", "1x", "-1", "99999"])
def test_preview_of_an_id_that_is_none_is_404(admin_client, object_id):
    assert admin_client.get(f"/admin/articles/article/{object_id}/preview/").status_code == 404
