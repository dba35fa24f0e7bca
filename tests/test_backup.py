"""Nothing lost: `manage.py backup` and `restore` bring back every public page byte for byte, or change nothing."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import reversion
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import get_resolver

from about.models import SiteSettings
from articles.models import Article
from backups.archive import FORMAT, MODELS
from references.models import Reference
from tests.conftest import clinic_editors_group, seed_committed
from tests.public_pages import public_urls, render_all

ROOT = Path(settings.BASE_DIR)
NOT_PUBLIC = {"admin", "admin-shortcut", "needs-attention", "markdownx"}  # admin-shortcut (/admin/r/), needs-attention: admin views, staff only


@pytest.fixture
def lived_in(transactional_db, settings, seed_snapshot):
    """The seed content plus what months of use add: editors in a group, saved revisions, an edit, an upload."""
    seed_committed(seed_snapshot)
    editor = User.objects.create_user("eda", "eda@example.org", "pw", is_staff=True, first_name="Eda")
    editor.groups.add(clinic_editors_group())
    article = Article.objects.published().order_by("slug").first()
    with reversion.create_revision():
        article.summary += " Checked again by the clinic."
        article.save()
        reversion.set_user(editor)
        reversion.set_comment("Summary: one more sentence.")
    SiteSettings.objects.create(publisher="A clinic that publishes the site", contact_email="editors@example.org")
    uploads = Path(settings.MEDIA_ROOT) / "uploads"
    uploads.mkdir(parents=True)
    (uploads / "chart.png").write_bytes(b"\x89PNG not really, but bytes to list")
    return article


def content_counts():
    from django.apps import apps

    return {label: apps.get_model(label)._default_manager.count() for label in MODELS}


def test_the_round_trip_visits_every_public_view(lived_in):
    # A public page added later must be added to tests/public_pages.py, or this fails.
    from django.urls import resolve

    covered = {resolve(url.split("?")[0]).view_name for url in public_urls()}

    def names(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from names(pattern.url_patterns, prefix + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif pattern.name:
                yield prefix + pattern.name

    public = {name for name in names(get_resolver().url_patterns) if name.split(":")[0] not in NOT_PUBLIC and not name.startswith("markdownx")}
    assert public - covered == set()


def test_backup_then_restore_into_an_emptied_database_gives_every_public_page_byte_for_byte(lived_in, tmp_path):
    before = render_all()
    assert len(before) > 70 and all(status == 200 for status, _, _ in before.values())
    counts = content_counts()
    backup = tmp_path / "ldn.json"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))

    call_command("flush", interactive=False)  # an empty database: no content, no users, no groups
    assert Article.objects.count() == User.objects.count() == Group.objects.count() == 0
    call_command("restore", str(backup), stdout=open(os.devnull, "w"))

    after = render_all()
    assert list(after) == list(before)
    for url in before:
        assert after[url] == before[url], url
    assert content_counts() == counts
    assert User.objects.get(username="eda").groups.get().permissions.count() > 0
    # Times keep their microseconds (Django's JSON serializer would cut them to milliseconds).
    assert Article.objects.get(pk=lived_in.pk).updated == lived_in.updated and lived_in.updated.microsecond % 1000
    # New rows after a restore get fresh ids (PostgreSQL's sequences were moved past the restored ones).
    Reference.objects.create(key="after-restore", title="A new one", evidence_type="trial")


def test_restore_into_a_freshly_migrated_database_file(lived_in, tmp_path):
    backup = tmp_path / "ldn.json"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))
    fresh = tmp_path / "fresh.sqlite3"
    env = {**os.environ, "SQLITE_PATH": str(fresh), "DATABASE_URL": f"sqlite:///{fresh}", "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "SITE_URL": settings.SITE_URL}  # the same site address as this process, so the pages can match
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

    assert manage("migrate", "--noinput").returncode == 0
    restored = manage("restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "Restored 3 articles" in restored.stdout and restored.stderr == ""  # the upload is in place
    rendered = subprocess.run(
        [sys.executable, "-c", "import django, json; django.setup(); from tests.public_pages import render_all; print(json.dumps(render_all(hashed=True)))"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "ldn_site.settings"}, capture_output=True, text=True, timeout=300,
    )
    assert rendered.returncode == 0, rendered.stderr
    theirs = {url: tuple(value) for url, value in json.loads(rendered.stdout).items()}
    ours = render_all(hashed=True)
    if connection.vendor != "sqlite":  # PostgreSQL ranks search results its own way
        ours = {url: value for url, value in ours.items() if "/search/" not in url}
        theirs = {url: value for url, value in theirs.items() if "/search/" not in url}
    assert theirs == ours


def test_restore_tells_which_uploaded_files_are_missing(lived_in, tmp_path, capsys):
    backup = tmp_path / "ldn.json"
    call_command("backup", str(backup))
    (Path(settings.MEDIA_ROOT) / "uploads" / "chart.png").unlink()
    call_command("restore", str(backup), "--replace")
    assert "1 uploaded files the backup lists are missing or different" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "is not a backup made by `manage.py backup`: it is not valid JSON"),
        ('[{"model": "articles.article", "pk": 1, "fields": {}}]', 'it does not start with "format": "ldn-explained-backup"'),
        (json.dumps({"format": FORMAT, "version": 2, "objects": []}), "format version 2; this version of the site reads version 1 only"),
        (json.dumps({"format": FORMAT, "version": 1}), "is damaged"),
    ],
    ids=["malformed", "dumpdata-file", "wrong-version", "no-objects"],
)
def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(lived_in, tmp_path, text, message):
    counts = content_counts()
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("restore", str(bad), "--replace")
    assert content_counts() == counts


def test_a_backup_from_another_version_of_the_site_is_refused(lived_in, tmp_path):
    backup = tmp_path / "ldn.json"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))
    data = json.loads(backup.read_text())
    data["migrations"]["articles"].append("0099_from_the_future")
    backup.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="newer version of the site: this database has not run articles migrations 0099_from_the_future"):
        call_command("restore", str(backup), "--replace")


def test_a_backup_from_before_a_migration_is_refused_naming_it_and_nothing_changes(lived_in, tmp_path):
    """A backup made before articles 0008 (citations still saying "editor_added" and "editor") names the step it lacks."""
    backup = tmp_path / "ldn.json"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))
    data = json.loads(backup.read_text())
    data["migrations"]["articles"].remove("0008_added_by_editors")
    for row in data["objects"]:
        if row["model"] == "articles.citation":
            row["fields"]["editor_added"] = row["fields"].pop("added_by_editors")
            for place in row["fields"]["occurrences"]:
                place["editor"] = place.pop("added_by_editors")
    backup.write_text(json.dumps(data))
    counts = content_counts()
    with pytest.raises(CommandError, match=re.escape(
        "older version of the site: it predates articles migrations 0008_added_by_editors. "
        "Restore it with the version of the site that made it, then update the site and run `manage.py migrate`."
    )):
        call_command("restore", str(backup), "--replace")
    assert content_counts() == counts


def test_restore_over_content_needs_replace(lived_in, tmp_path):
    backup = tmp_path / "ldn.json"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))
    with pytest.raises(CommandError, match=r"This database already holds 3 articles, \d+ references, \d+ terms, 1 users"):
        call_command("restore", str(backup))


def test_a_damaged_backup_changes_nothing_even_halfway_through(lived_in, tmp_path):
    backup = tmp_path / "ldn.json"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))
    data = json.loads(backup.read_text())
    citation = next(obj for obj in data["objects"] if obj["model"] == "articles.citation")
    citation["fields"]["article"] = ["no-such-article"]  # late in the file: articles load first
    backup.write_text(json.dumps(data))
    Article.objects.filter(pk=lived_in.pk).update(title="Edited after the backup")
    before = render_all()
    counts = content_counts()
    with pytest.raises(CommandError, match="could not be restored, and nothing was changed"):
        call_command("restore", str(backup), "--replace")
    assert content_counts() == counts
    assert render_all() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pg_dump route is for PostgreSQL; CI runs the suite on it too")
def test_pg_dump_and_pg_restore_give_every_public_page_byte_for_byte(lived_in, tmp_path):
    before = render_all()
    database = connection.settings_dict
    env = {**os.environ, "PGHOST": database["HOST"] or "127.0.0.1", "PGPORT": str(database["PORT"] or 5432),
           "PGUSER": database["USER"] or "postgres", "PGPASSWORD": database["PASSWORD"] or ""}
    dump = tmp_path / "ldn.dump"
    # The commands docs/backup.md gives, against the test database.
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", database["NAME"]], env=env, check=True, timeout=120)
    call_command("flush", interactive=False)
    assert Article.objects.count() == 0
    connection.close()
    subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", f"--dbname={database['NAME']}", str(dump)],
        env=env, check=True, timeout=120,
    )
    assert render_all() == before
