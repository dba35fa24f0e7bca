"""The glossary's seed terms (content/terms.toml), added when missing and never changed once there."""
import tomllib
from pathlib import Path

from django.db import transaction

from references.models import Reference

from .models import Term
from .signals import rerender_once

TERMS_FILE = Path(__file__).resolve().parent / "content" / "terms.toml"


@transaction.atomic
def load_terms():
    """Create every seed term that is missing (articles re-rendered once at the end); returns a message."""
    created = 0
    with rerender_once():
        for item in tomllib.loads(TERMS_FILE.read_text(encoding="utf-8"))["term"]:
            if Term.objects.filter(slug=item["slug"]).exists():
                continue
            term = Term(
                name=item["name"],
                slug=item["slug"],
                synonyms="\n".join(item.get("synonyms", [])),
                definition=item["definition"],
            )
            term.full_clean()
            term.save()
            term.references.set(Reference.objects.filter(key__in=item.get("references", [])))
            created += 1
    return f"Glossary: {created} term(s) added."
