"""The models and their migrations agree: a model change never ships without its migration."""
from io import StringIO

from django.core.management import call_command


def test_no_model_change_is_missing_a_migration(db):
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:  # --check exits 1 when a migration is missing
        raise AssertionError(f"Models changed without a migration; run `manage.py makemigrations`:\n{out.getvalue()}") from None
