"""One JSON file holding everything a clinic cannot make again: content, editors, revisions, media listing.

Not `dumpdata`: its JSON truncates times to milliseconds (and the pages show them), and
`loaddata` neither checks what it is given nor clears what is there. Content types and
permissions are referred to by natural key, so a backup restores into any migrated database.
"""
import hashlib
import json
import os
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from pagecache import generation

FORMAT = "ldn-explained-backup"
VERSION = 1
# What a backup holds; sort_dependencies puts each model after those it refers to by natural key.
# Sessions are left out (people log in again); content types and permissions are made by `migrate`.
MODELS = [
    "about.sitesettings",
    "admin.logentry",
    "articles.article",
    "articles.citation",
    "auth.group",
    "auth.user",
    "compare.claim",
    "compare.condition",
    "compare.topic",
    "glossary.term",
    "questions.answerblock",
    "questions.question",
    "references.reference",
    "reversion.revision",
    "reversion.version",
    "search.passage",
    "search.patientterm",
    "search.word",
]
# Rows that mean a database is in use; restoring over them needs --replace.
CONTENT = ["articles.article", "references.reference", "glossary.term", "auth.user"]


class BackupError(Exception):
    """A backup that cannot be read or restored; the message says why and what to do."""


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime):
            return o.isoformat()  # every microsecond: DjangoJSONEncoder would cut them to milliseconds
        return super().default(o)


def _models():
    """MODELS in loading order."""
    return serializers.sort_dependencies([(None, [apps.get_model(label) for label in MODELS])])


def _app_labels():
    return sorted({label.split(".")[0] for label in MODELS})


def applied_migrations(using=DEFAULT_DB_ALIAS) -> dict:
    """{app: [migration names]} the database has run, for the apps a backup holds."""
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return {app: sorted(name for label, name in applied if label == app) for app in _app_labels()}


def media_listing(root) -> list:
    """[{path, bytes, sha256}] for every uploaded file under `root`, so a restore can tell what is missing."""
    root = Path(root)
    if not root.is_dir():
        return []
    return [
        {"path": path.relative_to(root).as_posix(), "bytes": path.stat().st_size, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        for path in sorted(root.rglob("*"))
        if path.is_file()
    ]


def make_backup(using=DEFAULT_DB_ALIAS) -> dict:
    """The whole backup as a dict, read in one transaction so it is consistent."""
    with transaction.atomic(using=using):
        objects = []
        for model in _models():
            objects += serializers.serialize(
                "python", model._default_manager.using(using).order_by("pk"), use_natural_foreign_keys=True
            )
        migrations = applied_migrations(using)
    return {
        "format": FORMAT,
        "version": VERSION,
        "created": timezone.now().isoformat(),
        "migrations": migrations,
        "counts": {label: sum(1 for obj in objects if obj["model"] == label) for label in MODELS},
        "media": media_listing(settings.MEDIA_ROOT),
        "objects": objects,
    }


def write_backup(path, using=DEFAULT_DB_ALIAS) -> dict:
    """Write the backup to `path` (whole or not at all); returns it."""
    data = make_backup(using)
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    # 0600 from the first byte: the file holds the staff's password hashes.
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=1))
    partial.replace(path)
    return data


def read_backup(path) -> dict:
    """The backup in `path`, checked: a file this site wrote, in a format version it reads."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"There is no file {path}.") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise BackupError(f"{path} is not a backup made by `manage.py backup`: it is not valid JSON ({error}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(f"{path} is not a backup made by `manage.py backup` (it does not start with \"format\": \"{FORMAT}\").")
    if data.get("version") != VERSION:
        raise BackupError(
            f"{path} is a backup in format version {data.get('version')!r}; this version of the site reads version "
            f"{VERSION} only. Restore it with the version of the site that made it."
        )
    if not isinstance(data.get("objects"), list) or not isinstance(data.get("migrations"), dict) or not isinstance(data.get("counts"), dict):
        raise BackupError(f"{path} is damaged: its \"objects\", \"migrations\" or \"counts\" part is missing.")
    return data


def _check_migrations(data, using):
    here = applied_migrations(using)
    for app in _app_labels():
        theirs, ours = set(data["migrations"].get(app, [])), set(here[app])
        if theirs - ours:
            raise BackupError(
                f"The backup comes from a newer version of the site: this database has not run {app} migrations "
                f"{', '.join(sorted(theirs - ours))}. Update the site's code, run `manage.py migrate`, then restore."
            )
        if ours - theirs:
            raise BackupError(
                f"The backup comes from an older version of the site: it predates {app} migrations "
                f"{', '.join(sorted(ours - theirs))}. Restore it with the version of the site that made it, "
                "then update the site and run `manage.py migrate`."
            )


def _existing_content(using):
    found = []
    for label in CONTENT:
        count = apps.get_model(label)._default_manager.using(using).count()
        if count:
            found.append(f"{count} {apps.get_model(label)._meta.verbose_name_plural}")
    return found


def restore_backup(data, *, replace=False, using=DEFAULT_DB_ALIAS) -> dict:
    """Replace the database's content with the backup's, all or nothing; returns {model label: rows restored}.

    Refuses a database that already holds content unless `replace` is true.
    """
    _check_migrations(data, using)
    connection = connections[using]
    # Rows refer to content types and permissions by natural key: make sure all exist, as
    # `migrate` makes them, and look them up afresh (the per-process cache is stale after a flush).
    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)
    with transaction.atomic(using=using):
        existing = _existing_content(using)
        if existing and not replace:
            raise BackupError(
                f"This database already holds {', '.join(existing)}. Restoring replaces all of it: back it up "
                "first (`manage.py backup before-restore.json`), then run `manage.py restore --replace FILE`."
            )
        # Emptied as `manage.py flush` empties tables (rows `migrate` made, like the Clinic editors
        # group, go too: the backup holds them). Deleting through the ORM would need the tables in
        # the order of every protected foreign key, and its signals would index what is being removed.
        tables = [model._meta.db_table for model in _models()]
        # PostgreSQL refuses to TRUNCATE a table with deferred foreign-key checks still pending (rows
        # written earlier in an enclosing transaction): run them now.
        connection.check_constraints()
        connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))
        try:
            deferred = []
            for position, item in enumerate(serializers.deserialize("python", data["objects"], using=using, handle_forward_references=True), start=1):
                item.save(using=using)
                if item.deferred_fields:
                    deferred.append(item)
            for item in deferred:
                item.save_deferred_fields(using=using)
        except Exception as error:  # anything the data cannot become; the transaction rolls it all back
            raise BackupError(f"The backup could not be restored, and nothing was changed: {error}") from None
        counts = {label: apps.get_model(label)._default_manager.using(using).count() for label in MODELS}
        expected = {label: data["counts"].get(label, 0) for label in MODELS}
        if counts != expected:
            wrong = ", ".join(f"{label} {counts[label]} of {expected[label]}" for label in MODELS if counts[label] != expected[label])
            raise BackupError(f"The backup is damaged (rows restored: {wrong}); nothing was changed.")
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), _models()):
                cursor.execute(sql)
    # Every public page changed at once; say so to the page cache in one go.
    generation.invalidate()
    return counts


def missing_media(data, root) -> list:
    """Paths the backup lists that are not under `root` with the same contents."""
    here = {item["path"]: item["sha256"] for item in media_listing(root)}
    return [item["path"] for item in data.get("media", []) if here.get(item["path"]) != item.get("sha256")]
