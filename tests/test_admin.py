"""The clinic's admin: editors-group permissions, preview, review dates, citations help, conflicts, import."""
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from compare.models import Claim, Condition
from glossary.models import Term
from references.models import Reference

from .admin_forms import change_form, edit_token

ADD = "/admin/articles/article/add/"


@pytest.fixture
def superuser_client(client, db):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    return client


@pytest.fixture(params=["superuser", "editor"])
def staff_client(request, client, db):
    """Each admin flow runs as a superuser and as a staff member who has only the editors group."""
    if request.param == "superuser":
        user = User.objects.create_superuser("boss", "boss@example.org", "pw")
    else:
        user = User.objects.create_user("eda", "eda@example.org", "pw", is_staff=True)
        user.groups.add(Group.objects.get(name="Clinic editors"))
    client.force_login(user)
    return client


def form_data(**overrides):
    data = {
        "title": "New article",
        "slug": "new-article",
        "status": "draft",
        "order": "0",
        "summary": "A summary.",
        "body": "Text.",
    }
    data.update(overrides)
    return data


def change_form_data(client, article, **overrides):
    """What the change form would post back unchanged, plus `overrides`."""
    data = form_data(
        title=article.title, slug=article.slug, status=article.status, summary=article.summary,
        body=article.body, edit_token=edit_token(client, f"/admin/articles/article/{article.pk}/change/"),
    )
    data.update(overrides)
    return data


def test_clinic_editors_group_holds_exactly_the_editing_permissions(db):
    codenames = set(Group.objects.get(name="Clinic editors").permissions.values_list("content_type__app_label", "codename"))
    assert codenames == {
        ("articles", "add_article"), ("articles", "change_article"), ("articles", "view_article"),
        ("references", "add_reference"), ("references", "change_reference"), ("references", "view_reference"),
        ("glossary", "add_term"), ("glossary", "change_term"), ("glossary", "view_term"),
        ("compare", "add_topic"), ("compare", "change_topic"), ("compare", "view_topic"),
        ("compare", "add_claim"), ("compare", "change_claim"), ("compare", "view_claim"),
        ("compare", "add_condition"), ("compare", "change_condition"), ("compare", "view_condition"),
        ("questions", "add_question"), ("questions", "change_question"), ("questions", "view_question"),
        ("questions", "add_answerblock"), ("questions", "change_answerblock"), ("questions", "delete_answerblock"),
        ("questions", "view_answerblock"),
        ("search", "add_patientterm"), ("search", "change_patientterm"), ("search", "view_patientterm"),
    }


def test_editor_can_create_publish_and_see_an_article_with_citations(staff_client, make_reference):
    make_reference(key="younger2013", title="Low-dose naltrexone for fibromyalgia")
    response = staff_client.post(ADD, form_data(status="published", body="Claim.[@younger2013]"))
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="new-article")
    assert article.citations.get().number == 1
    public = staff_client.get(article.get_absolute_url()).content.decode()
    assert 'href="#ref-1"' in public and "Low-dose naltrexone for fibromyalgia" in public


def test_editor_cannot_delete_articles_or_reach_users(client, editor, make_article):
    client.force_login(editor)
    article = make_article()
    assert client.get(f"/admin/articles/article/{article.pk}/delete/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403


def test_non_staff_reach_nothing_of_the_admin_or_editor(client, db, make_article):
    article = make_article()
    client.force_login(User.objects.create_user("patient", "p@example.org", "pw"))
    for url in ["/admin/", ADD, f"/admin/articles/article/{article.pk}/preview/", "/admin/references/reference/import/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    assert client.post("/markdownx/markdownify/", {"content": "x"}).status_code == 403


def test_change_form_lists_reference_keys_beside_the_body_and_shows_the_bibliography(staff_client, make_reference, make_article):
    make_reference(key="younger2013", title="Low-dose naltrexone for fibromyalgia", year=2013)
    make_reference(key="toljan2018", title="A review of LDN")
    article = make_article(body="Claim.[@younger2013]")
    html = staff_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'data-insert-citation="younger2013"' in html and 'data-insert-citation="toljan2018"' in html
    assert "Low-dose naltrexone for fibromyalgia (2013)" in html
    assert '<section class="bibliography"' in html and 'id="ref-1"' in html
    assert "Preview" in html and f"/admin/articles/article/{article.pk}/preview/" in html


def test_unknown_key_is_refused_naming_it_and_the_closest_keys(staff_client, make_reference):
    make_reference(key="younger2013")
    make_reference(key="younger2014")
    response = staff_client.post(ADD, form_data(body="Careful words.[@younger2031]"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is no reference with the key “@younger2031”" in html
    assert "Did you mean @younger2014, @younger2013?" in html
    assert "Careful words.[@younger2031]" in html
    assert not Article.objects.exists()


@pytest.mark.parametrize("image", ["![](/media/uploads/a.png)", "![  ](/media/uploads/a.png)", "![DESCRIBE THIS IMAGE](/media/uploads/a.png)"])
def test_image_without_alt_text_is_refused_on_save(staff_client, image):
    response = staff_client.post(ADD, form_data(body=f"Intro.\n\n{image}\n"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Image 1 (a.png) has no description" in html
    assert not Article.objects.exists()


def test_image_with_alt_text_is_accepted(staff_client):
    response = staff_client.post(ADD, form_data(body="![A box of tablets](/media/uploads/a.png)\n"))
    assert response.status_code == 302
    assert 'alt="A box of tablets"' in Article.objects.get().body_html


def test_review_dates_are_checked_and_shown_on_the_public_page(staff_client):
    today = timezone.localdate()
    bad = staff_client.post(ADD, form_data(last_reviewed=today.isoformat(), next_review_due=(today - timedelta(days=1)).isoformat()))
    html = bad.content.decode()
    assert "Say who reviewed the page on that date." in html
    assert "The next review must come after the last one." in html
    good = staff_client.post(ADD, form_data(
        status="published", last_reviewed="2026-01-15", reviewed_by="Dr Amina Shah",
        reviewer_credentials="GP", next_review_due="2029-01-15",
    ))
    assert good.status_code == 302, good.content.decode()[:3000]
    page = staff_client.get("/articles/new-article/").content.decode()
    assert "Page last reviewed: <time datetime=\"2026-01-15\">15 January 2026</time> by Dr Amina Shah, GP" in page
    assert "Next review due: <time datetime=\"2029-01-15\">15 January 2029</time>" in page


def test_article_never_reviewed_says_so_on_the_public_page(client, make_article):
    article = make_article()
    assert "No clinician has reviewed this page for this site yet." in client.get(article.get_absolute_url()).content.decode()


def test_list_shows_status_review_dates_reading_level_and_flags_overdue(staff_client, make_article):
    today = timezone.localdate()
    make_article(title="Overdue one", last_reviewed=today - timedelta(days=400), reviewed_by="Dr A",
                 next_review_due=today - timedelta(days=5))
    make_article(title="Fresh one", last_reviewed=today, reviewed_by="Dr B", next_review_due=today + timedelta(days=300))
    html = staff_client.get("/admin/articles/article/").content.decode()
    for column in ["Status", "Last reviewed", "Next review due", "Reading level (US grade)"]:
        assert column in html
    assert html.count("(overdue)") == 1
    assert re.search(r'class="review-overdue">[^<]+\(overdue\)', html)
    overdue = staff_client.get("/admin/articles/article/?review=overdue").content.decode()
    assert "Overdue one" in overdue and "Fresh one" not in overdue
    drafts = staff_client.get("/admin/articles/article/?status__exact=draft").content.decode()
    assert "Overdue one" not in drafts


def test_reading_level_is_stored_on_save_and_simpler_text_scores_lower(make_article):
    simple = make_article(body="The pill is small. You take it at night. It may help pain.")
    hard = make_article(body="Pharmacological antagonism of opioid receptors demonstrates paradoxical "
                             "analgesic efficacy in neuroinflammatory conditions characterised by central sensitisation.")
    assert simple.reading_grade is not None and hard.reading_grade is not None
    assert simple.reading_grade < 4 < 12 < hard.reading_grade
    assert Article.objects.get(pk=simple.pk).reading_grade == simple.reading_grade


def test_search_finds_articles_by_body_text(staff_client, make_article):
    make_article(title="Sleep article", body="Vivid dreams are a known effect.")
    make_article(title="Other article", body="Nothing here.")
    html = staff_client.get("/admin/articles/article/?q=vivid").content.decode()
    assert "Sleep article" in html and "Other article" not in html


def test_view_on_site_goes_to_the_public_page_or_the_draft_preview(superuser_client, make_article):
    published = make_article(status="published")
    draft = make_article(status="draft")
    for article, target in [(published, published.get_absolute_url()), (draft, f"/admin/articles/article/{draft.pk}/preview/")]:
        html = superuser_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
        assert "View on site" in html
        link = re.search(r'href="([^"]+)" class="viewsitelink"', html).group(1)
        assert link == target
        assert superuser_client.get(link).status_code == 200


def test_slug_is_prepopulated_from_the_title_and_every_field_has_help(superuser_client):
    html = superuser_client.get(ADD).content.decode()
    assert "prepopulated_fields" in html or "data-prepopulated-field" in html or "prepopulate" in html
    for field in Article._meta.concrete_fields:
        if field.editable and not field.primary_key:
            assert field.help_text, field.name
    for field in Reference._meta.concrete_fields:
        if not field.primary_key:
            assert field.help_text, field.name


# Draft preview ----------------------------------------------------------------------------------

def test_preview_shows_a_draft_exactly_as_the_public_page_would(staff_client, make_reference, make_article):
    make_reference(key="a", title="First source")
    make_reference(key="b", title="Second source")
    draft = make_article(status="draft", body="One.[@b] Two.[@a] <script>alert(1)</script>")
    response = staff_client.get(f"/admin/articles/article/{draft.pk}/preview/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview of a draft: patients cannot see this page yet." in html
    assert '<sup class="citation">\u2060[<a aria-label="Reference 1" class="citation-link" href="#ref-1"' in html
    assert html.index("Second source") < html.index("First source")  # numbered in order of first citation
    assert "<script>alert" not in html
    cache = response["Cache-Control"]
    assert "private" in cache and "no-store" in cache
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_drafts_preview_says_when_its_reference_downloads_appear_and_links_to_none_that_fail(staff_client, make_reference, make_article):
    make_reference(key="a", title="First source")
    draft = make_article(status="draft", body="One.[@a]")
    html = staff_client.get(f"/admin/articles/article/{draft.pk}/preview/").content.decode()
    assert "First source" in html
    assert "Downloads of these references for Zotero, EndNote or Mendeley appear here once the article is published." in html
    bibliography = re.search(r'<section class="bibliography".*?</section>', html, re.S).group(0)
    links = re.findall(r'<a [^>]*href="(/[^"#]*)', bibliography)
    assert links == ["/references/a/"]
    assert [link for link in links if staff_client.get(link).status_code != 200] == []
    # Once published, the same preview links to the downloads, and they answer.
    Article.objects.filter(pk=draft.pk).update(status="published")
    html = staff_client.get(f"/admin/articles/article/{draft.pk}/preview/").content.decode()
    downloads = [f"/articles/{draft.slug}/references.{fmt}" for fmt in ("bib", "ris", "json")]
    assert all(f'href="{link}"' in html for link in downloads)
    assert [staff_client.get(link).status_code for link in downloads] == [200, 200, 200]
    assert "appear here once the article is published" not in html


def test_drafts_are_never_public_listed_or_found(client, make_article):
    draft = make_article(status="draft", title="Secret draft title")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret draft title" not in client.get("/").content.decode()
    assert "Secret draft title" not in client.get("/references/").content.decode()


def test_preview_refuses_anonymous_and_staff_without_permission(client, staff_without_permissions, make_article):
    draft = make_article(status="draft")
    url = f"/admin/articles/article/{draft.pk}/preview/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")
    client.force_login(staff_without_permissions)
    assert client.get(url).status_code == 403


# Live preview endpoint --------------------------------------------------------------------------

def test_live_preview_renders_numbered_citations_and_the_bibliography(editor_client, make_reference):
    make_reference(key="younger2013", title="Low-dose naltrexone for fibromyalgia")
    response = editor_client.post("/markdownx/markdownify/", {"content": "Claim.[@younger2013] <img src=x onerror=alert(1)>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#ref-1"' in html and "Low-dose naltrexone for fibromyalgia" in html
    assert "onerror" not in html or "&lt;img" in html
    assert "no-store" in response["Cache-Control"]


def test_live_preview_refusals(client, staff_without_permissions):
    anonymous = client.post("/markdownx/markdownify/", {"content": "x"})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    expired = client.post("/markdownx/markdownify/", {"content": "x"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert expired.status_code == 401 and "Your session has ended" in expired.content.decode()
    client.force_login(staff_without_permissions)
    assert client.post("/markdownx/markdownify/", {"content": "x"}).status_code == 403


def test_live_preview_without_content_is_empty_not_an_error(editor_client):
    assert editor_client.post("/markdownx/markdownify/", {}).status_code == 200


# Concurrent edits -------------------------------------------------------------------------------

def test_second_of_two_concurrent_saves_is_refused_and_keeps_its_text(client, editor, make_article):
    other = User.objects.create_user("sam", "sam@example.org", "pw", is_staff=True, first_name="Sam", last_name="Lee")
    other.groups.add(Group.objects.get(name="Clinic editors"))
    article = make_article(body="Original text.")
    client.force_login(editor)
    mine = change_form_data(client, article, body="My careful rewrite.")
    client.force_login(other)
    theirs = change_form_data(client, article, body="Sam's update.")
    assert client.post(f"/admin/articles/article/{article.pk}/change/", theirs).status_code == 302

    client.force_login(editor)
    response = client.post(f"/admin/articles/article/{article.pk}/change/", mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sam Lee saved this article at" in html and "Your changes have NOT been saved" in html
    assert "My careful rewrite." in html  # nothing the editor typed is lost
    article.refresh_from_db()
    assert article.body == "Sam's update."  # and nothing of Sam's is overwritten


def test_saving_twice_in_a_row_from_fresh_forms_works(editor_client, make_article):
    article = make_article()
    for text in ["First edit.", "Second edit."]:
        response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", change_form_data(editor_client, article, body=text))
        assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Second edit."


# References -------------------------------------------------------------------------------------

BIBTEX = """@article{Younger2013,
  author = {Younger, Jarred and Noor, Noorulain and McCue, Rebecca and Mackey, Sean},
  title = {Low-dose naltrexone for the treatment of fibromyalgia},
  journal = {Arthritis Rheum}, year = {2013}, volume = {65}, number = {2}, pages = {529--538},
  doi = {doi:10.1002/art.37734}
}"""


def test_pasted_bibtex_fills_in_the_add_form(staff_client):
    response = staff_client.post("/admin/references/reference/import/", {"entry": BIBTEX}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain and "/admin/references/reference/add/" in response.redirect_chain[-1][0]
    assert "Filled in from the BibTeX entry" in html
    assert 'value="Younger2013"' in html
    assert 'value="Arthritis Rheum"' in html and 'value="529-538"' in html and 'value="10.1002/art.37734"' in html
    assert "&quot;family&quot;: &quot;Younger&quot;" in html
    assert "not yet checked against the source" in html


def test_unreadable_paste_is_refused_and_kept(staff_client):
    response = staff_client.post("/admin/references/reference/import/", {"entry": "Younger J et al. 2013"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "not in a format the form can read" in html and "MEDLINE" in html and "Younger J et al. 2013" in html


def test_import_of_a_known_doi_names_the_existing_reference(staff_client, make_reference):
    make_reference(key="younger2013", doi="10.1002/art.37734")
    response = staff_client.post("/admin/references/reference/import/", {"entry": BIBTEX}, follow=True)
    html = response.content.decode()
    assert "already belongs to the reference “younger2013”" in html
    assert 'value="younger2013a"' in html  # a fresh key, not one differing only in case


def test_reference_form_normalises_doi_and_names_duplicate(staff_client, make_reference):
    make_reference(key="existing", doi="10.1002/art.37734")
    base = {"key": "new", "kind": "article-journal", "authors": '[{"family": "Younger", "given": "J"}]',
            "title": "T", "evidence_type": "trial"}
    dup = staff_client.post("/admin/references/reference/add/", {**base, "doi": "https://doi.org/10.1002/ART.37734"})
    assert "already belongs to the reference “existing”" in dup.content.decode()
    ok = staff_client.post("/admin/references/reference/add/", {**base, "doi": "DOI: 10.1000/Fresh.1"})
    assert ok.status_code == 302
    assert Reference.objects.get(key="new").doi == "10.1000/Fresh.1"


def test_reference_change_form_shows_formatted_preview_and_cited_in(staff_client, make_reference, make_article):
    reference = make_reference(key="cited", title="A cited study")
    make_article(title="Citing article", body="Claim.[@cited]")
    make_article(title="Draft citing", status="draft", body="Claim.[@cited]")
    html = staff_client.get(f"/admin/references/reference/{reference.pk}/change/").content.decode()
    assert "A cited study." in html and 'href="https://doi.org/' in html
    assert "Citing article</a> (reference 1)" in html
    assert "Draft citing</a> (reference 1, draft)" in html


def test_editor_manages_glossary_and_side_by_side_with_history_but_cannot_delete(editor_client, seeded):
    term = Term.objects.get(name="Half-life")
    change = f"/admin/glossary/term/{term.pk}/change/"
    data = {"name": term.name, "slug": term.slug, "synonyms": term.synonyms, "definition": "The time it takes for half of a medicine to leave the body.",
            "edit_token": edit_token(editor_client, change)}
    response = editor_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "half of a medicine to leave the body" in editor_client.get("/glossary/").content.decode()
    # The seeded first version, then this save.
    assert Version.objects.get_for_object(Term.objects.get(pk=term.pk)).count() == 2

    condition = Condition.objects.first()
    assert editor_client.get(f"/admin/compare/condition/{condition.pk}/change/").status_code == 200
    assert editor_client.get("/admin/compare/claim/add/").status_code == 200
    assert editor_client.get("/admin/compare/topic/").status_code == 200
    assert editor_client.post(f"/admin/glossary/term/{term.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Term.objects.filter(pk=term.pk).exists()


@pytest.mark.parametrize(
    "model, lookup, field, noun",
    [
        (Reference, {"key": "younger2013"}, "title", "reference"),
        (Term, {"name": "Half-life"}, "definition", "term"),
        (Claim, {}, "statement", "claim"),
    ],
    ids=["reference", "glossary term", "claim"],
)
def test_two_staff_editing_the_same_entry_the_second_save_is_refused_and_keeps_its_text(client, editor, seeded, model, lookup, field, noun):
    entry = model.objects.filter(**lookup).first()
    app, model = entry._meta.app_label, entry._meta.model_name
    url = f"/admin/{app}/{model}/{entry.pk}/change/"
    other = User.objects.create_user("sam", "sam@example.org", "pw", is_staff=True, first_name="Sam", last_name="Lee")
    other.groups.add(Group.objects.get(name="Clinic editors"))
    client.force_login(editor)
    mine = {**change_form(client, url), field: "My careful rewrite."}
    client.force_login(other)
    theirs = {**change_form(client, url), field: "Sam's update."}
    response = client.post(url, theirs)
    assert response.status_code == 302, response.content.decode()[-3000:]

    client.force_login(editor)
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Sam Lee saved this {noun} at" in html and "Your changes have NOT been saved" in html
    assert "My careful rewrite." in html
    entry.refresh_from_db()
    assert getattr(entry, field) == "Sam's update."


def test_a_change_to_a_claims_conditions_alone_still_refuses_a_stale_form(editor_client, seeded):
    claim = Claim.objects.first()
    url = f"/admin/compare/claim/{claim.pk}/change/"
    stale = {**change_form(editor_client, url), "statement": "A stale rewrite."}
    fresh = change_form(editor_client, url)
    added = Condition.objects.exclude(pk__in=claim.conditions.all()).first()
    fresh["conditions"] = [*fresh["conditions"], str(added.pk)]
    assert editor_client.post(url, fresh).status_code == 302

    response = editor_client.post(url, stale)
    assert response.status_code == 200 and "Your changes have NOT been saved" in response.content.decode()
    claim.refresh_from_db()
    assert added in claim.conditions.all() and claim.statement != "A stale rewrite."
