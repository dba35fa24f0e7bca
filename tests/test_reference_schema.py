"""Reference data keeps its shape at every way in, and what is stored never breaks a page."""
import html
import json
from io import StringIO

import pytest
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from backups.archive import BackupError, make_backup, restore_backup
from references.importers import EntryError, parse_entry
from references.models import Reference
from references.schema import author_problems, readable_authors, reference_problems

BAD_AUTHORS = [
    ([{"family": "Younger", "given": ["J", "A"]}], "Author 1's “given” is a list"),
    ([{"family": "Younger", "given": {"first": "J"}}], "Author 1's “given” is an object"),
    ([{"family": "Younger", "given": 5}], "Author 1's “given” is a number"),
    ([{"family": "Younger", "given": None}], "Author 1's “given” is null"),
    ([{"family": 7}], "Author 1's “family” is a number"),
    ([{"family": "A"}, "Noor N"], "Author 2 is str"),
    ([{"literal": "NIH", "family": "X"}], "cannot also have"),
    ([{"given": "J"}], "Author 1 needs a “family” name"),
    ({"family": "Younger"}, "Authors must be a list"),
    ([{"family": "Y", "middle": "Q"}], "unknown parts: middle"),
]


@pytest.mark.parametrize("authors,message", BAD_AUTHORS)
def test_every_malformed_author_is_named(authors, message):
    assert message in author_problems(authors)[0]


def test_good_authors_pass():
    assert author_problems([{"family": "Younger", "given": "J"}, {"family": "Noor"}, {"literal": "NIH"}]) == []


@pytest.mark.parametrize("values,field,message", [
    ({"year": 2020, "month": 2, "day": 31}, "day", "2020-02-31 is not a real date"),
    ({"year": 2021, "month": 2, "day": 29}, "day", "not a real date"),
    ({"year": "2020"}, "year", "whole number, not str"),
    ({"month": 13, "year": 2020}, "month", "13 is not between 1 and 12"),
    ({"title": ["a"]}, "title", "must be text, not a list"),
    ({"accessed": "2020-02-31"}, "accessed", "real date"),
    ({"authors_truncated": "yes"}, "authors_truncated", "true or false"),
    ({"day": 3}, "day", "A day needs a month"),
])
def test_field_types_and_real_dates(values, field, message):
    assert message in reference_problems(values)[field]


@pytest.mark.parametrize("authors,message", BAD_AUTHORS[:5])
def test_admin_refuses_malformed_authors_with_a_message(admin_client, authors, message):
    response = admin_client.post("/admin/references/reference/add/", {
        "key": "typo", "kind": "article-journal", "authors": json.dumps(authors),
        "title": "T", "evidence_type": "trial",
    })
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not Reference.objects.filter(key="typo").exists()


def test_admin_refuses_february_31st(admin_client):
    response = admin_client.post("/admin/references/reference/add/", {
        "key": "feb", "kind": "article-journal", "authors": "[]", "title": "T", "evidence_type": "trial",
        "year": "2020", "month": "2", "day": "31",
    })
    assert response.status_code == 200
    assert "2020-02-31 is not a real date" in html.unescape(response.content.decode())


def test_code_that_saves_without_cleaning_is_refused(make_reference):
    reference = make_reference(key="coded")
    reference.authors = [{"family": "Younger", "given": 5}]
    with pytest.raises(ValidationError, match="given"):
        reference.save()


def test_loaddata_refuses_a_fixture_with_malformed_authors(db, tmp_path):
    fixture = tmp_path / "bad.json"
    fixture.write_text(json.dumps([{"model": "references.reference", "fields": {
        "key": "bad", "kind": "article-journal", "authors": [{"family": "Younger", "given": ["J", "A"]}],
        "title": "T", "evidence_type": "trial",
    }}]))
    with pytest.raises(Exception, match="given"):
        call_command("loaddata", str(fixture), verbosity=0)
    assert not Reference.objects.filter(key="bad").exists()


def test_restore_refuses_a_backup_with_malformed_authors_and_changes_nothing(transactional_db, make_reference):
    make_reference(key="kept")
    data = make_backup()
    for item in data["objects"]:
        if item["model"] == "references.reference":
            item["fields"]["authors"] = [{"family": "Younger", "given": {"x": 1}}]
    with pytest.raises(BackupError, match="given"):
        restore_backup(data, replace=True)
    assert Reference.objects.get(key="kept").authors == [{"family": "Author", "given": "A"}]


@pytest.fixture
def stored_typo(make_reference, make_article):
    """A reference whose stored authors break the schema (written before it existed), cited by an article."""
    reference = make_reference(key="typo2013")
    article = make_article(body="A claim.[@typo2013]")
    Reference.objects.filter(pk=reference.pk).update(authors=[
        {"family": "Younger", "given": ["J", "A"]}, {"family": "Noor", "given": 5}, {"given": None}, "Mackey S", 3,
    ])
    return article


def test_public_pages_and_downloads_read_a_malformed_stored_row(client, admin_client, stored_typo):
    urls = [
        "/references/", "/references/typo2013/", stored_typo.get_absolute_url(), "/search/?q=study",
    ] + [f"/references/all.{fmt}" for fmt in ("bib", "ris", "json")] + [
        f"/references/typo2013/cite.{fmt}" for fmt in ("bib", "ris", "json")
    ] + [f"{stored_typo.get_absolute_url()}references.{fmt}" for fmt in ("bib", "ris", "json")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Younger, J A" in client.get("/references/all.bib").content.decode()
    assert "AU  - Noor, 5" in client.get("/references/all.ris").content.decode()
    reference = Reference.objects.get(key="typo2013")
    assert admin_client.get(f"/admin/references/reference/{reference.pk}/change/").status_code == 200


def test_readers_keep_what_can_be_read():
    assert readable_authors([{"family": "Younger", "given": ["J", "A"]}, {"literal": 5}, None, "Org"]) == [
        {"family": "Younger", "given": "J A"}, {"literal": "5"}, {"literal": "Org"},
    ]
    assert readable_authors("not a list") == []


def test_check_command_and_system_check_name_the_stored_row(stored_typo):
    out = StringIO()
    with pytest.raises(CommandError, match="1 stored reference"):
        call_command("check_references", stdout=out)
    assert "typo2013: authors: Author 1's “given” is a list" in out.getvalue()
    errors = [e for e in checks.run_checks(databases=["default"]) if e.id == "references.E001"]
    assert [e.obj for e in errors] == ["references.Reference:typo2013"]


def test_check_command_passes_good_rows(make_reference):
    make_reference()
    out = StringIO()
    call_command("check_references", stdout=out)
    assert "All 1 references pass the schema." in out.getvalue()


def test_data_migration_reports_stored_rows(stored_typo, capsys):
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("references.migrations.0002_check_stored_references")
    migration.report(apps, type("Editor", (), {"connection": connection})())
    assert "Reference “typo2013” breaks the schema: authors" in capsys.readouterr().out


@pytest.mark.parametrize("entry,message", [
    ('{"type": "article-journal", "title": "T", "issued": {"raw": 2020}}', None),
    ('{"type": "article-journal", "title": "T", "accessed": {"date-parts": [[2020, 2, 31]]}}', "2020-02-31 is not a real date"),
    ('{"type": "article-journal", "title": "T", "issued": {"date-parts": [[2020, 2, 31]]}}', "2020-02-31 is not a real date"),
    ("[" * 19000, "nests brackets more than 20 deep"),
    ('{"type": ["x"], "title": "T", "author": 5, "issued": {"date-parts": {"a": 1}}}', None),
])
def test_csl_json_imports_answer_with_fields_or_a_message(entry, message):
    if message is None:
        assert parse_entry(entry)["title"] == "T"
    else:
        with pytest.raises(EntryError, match=message):
            parse_entry(entry)
