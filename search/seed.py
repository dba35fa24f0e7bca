"""The thesaurus's seed entries (content/thesaurus.toml), added when missing and never changed once there;
the published questions the index lacks; and reference passages indexed with program text."""
import tomllib
from pathlib import Path

from django.db import transaction

from questions.models import Question
from references.models import Reference

from .indexing import index_question, index_reference
from .models import Passage, PatientTerm

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


def index_questions():
    """Index the published questions the search does not hold yet (on a site whose questions came before their index)."""
    indexed = Passage.objects.filter(question__isnull=False).values("question")
    missing = list(Question.objects.published().exclude(pk__in=indexed))
    for question in missing:
        index_question(question)
    return f"Search: {len(missing)} common question(s) indexed."


def index_references_again():
    """Index again the references whose passage ends in program text, not their kind of evidence.

    From 6 Dec 2026 (17:08) until the fix the same evening, indexing wrote the method
    `get_evidence_type_display` itself ("functools.partial(<bound method …>)"), which search results
    showed; a site indexed then gets the words back on its next `make run` or `make serve`.
    """
    broken = Passage.objects.filter(reference__isnull=False, text__contains="functools.partial(").values("reference")
    references = list(Reference.objects.filter(pk__in=broken))
    for reference in references:
        index_reference(reference)
    return f"Search: {len(references)} reference(s) indexed again."
