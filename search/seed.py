"""The thesaurus's seed entries (content/thesaurus.toml), added when missing and never changed once there."""
import tomllib
from pathlib import Path

from django.db import transaction

from .models import PatientTerm

THESAURUS_FILE = Path(__file__).resolve().parent / "content" / "thesaurus.toml"


@transaction.atomic
def load_thesaurus():
    """Create every seed entry that is missing; returns a message."""
    created = 0
    for item in tomllib.loads(THESAURUS_FILE.read_text(encoding="utf-8"))["entry"]:
        if PatientTerm.objects.filter(phrase__iexact=item["phrase"]).exists():
            continue
        entry = PatientTerm(phrase=item["phrase"], means="\n".join(item["means"]), source=item.get("source", ""))
        entry.full_clean()
        entry.save()
        created += 1
    return f"Search thesaurus: {created} patient word(s) added."
