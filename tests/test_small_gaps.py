"""Issue 14's smaller gaps: backups readable by their owner only, a bad Host logged as one line."""
import os
import stat
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from backups.archive import write_backup

SCRIPT = """
import django
django.setup()
from django.test import Client
print(Client().get("/", HTTP_HOST="evil.example:6666").status_code)
"""


def test_backup_is_written_for_its_owner_only(db, tmp_path):
    path = tmp_path / "backup.json"
    os.umask(0o022)
    write_backup(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    write_backup(path)  # again, over the old one
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_bad_host_logs_one_line_and_no_traceback(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ldn_site.settings", "DJANGO_DEBUG": "false",
           "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "400"
    lines = [line for line in result.stderr.splitlines() if "DisallowedHost" in line or "HTTP_HOST" in line]
    assert len(lines) == 1, result.stderr
    assert "evil.example:6666" in lines[0] and "Traceback" not in result.stderr


def test_the_admin_shortcut_tells_only_staff_who_may_see_the_object(client, editor, staff_without_permissions, make_article):
    from django.contrib.contenttypes.models import ContentType

    draft = make_article(status="draft", slug="secret-draft-slug")
    url = f"/admin/r/{ContentType.objects.get_for_model(draft).pk}/{draft.pk}/"
    client.force_login(staff_without_permissions)
    refused = client.get(url)
    assert refused.status_code == 404 and "secret-draft-slug" not in refused.get("Location", "")
    client.force_login(editor)
    allowed = client.get(url)
    assert allowed.status_code == 302 and "secret-draft-slug" in allowed["Location"]
    client.logout()
    assert "secret-draft-slug" not in client.get(url).get("Location", "")
