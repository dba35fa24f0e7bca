"""Autosave: what an editor types is kept for them alone, offered back, and never reaches the site."""
import json

import pytest
from django.urls import reverse

from autosave.models import Autosave
from tests.admin_forms import change_form


@pytest.fixture
def article(make_article):
    return make_article(title="Sleep and LDN", slug="sleep-and-ldn", body="The saved body.", status="published")


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


def keep(client, url, **fields):
    return client.post(url, {"payload": json.dumps({name: [value] for name, value in fields.items()})})


def test_typed_form_is_kept_and_offered_back_to_the_same_editor(editor_client, article):
    answer = keep(editor_client, autosave_url(article), body="The saved body, and half a sente")
    assert answer.status_code == 200 and answer.json()["kept"] is True
    draft = editor_client.get(autosave_url(article)).json()["draft"]
    assert draft["fields"]["body"] == ["The saved body, and half a sente"]
    assert draft["when"]  # shown as "You have unsaved changes from 10:42"


def test_a_draft_is_never_on_the_public_page_nor_offered_to_anyone_else(client, editor_client, article, django_user_model):
    keep(editor_client, autosave_url(article), body="Unfinished words nobody should read.")
    assert "Unfinished words" not in client.get(article.get_absolute_url()).content.decode()
    article.refresh_from_db()
    assert article.body == "The saved body."
    from tests.conftest import clinic_editors_group

    colleague = django_user_model.objects.create_user("colleague", "c@example.org", "pw", is_staff=True)
    colleague.groups.add(clinic_editors_group())
    client.force_login(colleague)
    assert client.get(autosave_url(article)).json() == {"draft": None}


def test_saving_the_form_drops_the_draft(editor_client, article):
    keep(editor_client, autosave_url(article), body="Typed, then saved.")
    url = reverse("admin:articles_article_change", args=[article.pk])
    fields = change_form(editor_client, url)
    fields["body"] = "Typed, then saved."
    assert editor_client.post(url, fields).status_code == 302
    assert not Autosave.objects.exists()


def test_a_new_entry_has_its_own_draft_until_it_is_added(editor_client, db):
    url = reverse("admin:references_reference_autosave_add")
    keep(editor_client, url, title="A paper I am typing in")
    assert editor_client.get(url).json()["draft"]["fields"]["title"] == ["A paper I am typing in"]


def test_staff_who_may_not_edit_get_a_refusal_in_words(client, staff_without_permissions, article):
    client.force_login(staff_without_permissions)
    answer = keep(client, autosave_url(article), body="x")
    assert answer.status_code == 403 and "may not edit" in answer.json()["error"]
    assert not Autosave.objects.exists()


def test_a_malformed_draft_is_refused_naming_the_problem(editor_client, article):
    answer = editor_client.post(autosave_url(article), {"payload": json.dumps({"body": "not a list"})})
    assert answer.status_code == 400 and "“body” must be a list of texts" in answer.json()["error"]
    answer = editor_client.post(autosave_url(article), {"payload": "{half"})
    assert answer.status_code == 400


def test_discarding_drops_the_draft(editor_client, article):
    keep(editor_client, autosave_url(article), body="Second thoughts.")
    editor_client.post(autosave_url(article), {"discard": "1"})
    assert editor_client.get(autosave_url(article)).json() == {"draft": None}


def test_every_change_form_carries_the_autosave_address_and_script(editor_client, article):
    html = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'data-autosave-url="{autosave_url(article)}"' in html
    assert "editor/unsaved.js" in html
