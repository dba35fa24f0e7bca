"""The common questions seed (content/questions.toml): each question with its answer blocks.

Idempotent and respectful of staff edits: a question already in the database is left as it is.
A question whose blocks point at a claim or reference that is not there, or break a rule of
validation.py, is not stored; the message names the question and what is wrong.
"""
import tomllib
from pathlib import Path

from django.db import transaction

from compare.models import Claim
from references.models import Reference

from .models import AnswerBlock, Kind, Question, Status
from .validation import block_problems, question_problems

QUESTIONS_FILE = Path(__file__).resolve().parent / "content" / "questions.toml"


def _claim(spec):
    """(claim or None, problem or None) for {topic, article, anchor}."""
    found = Claim.objects.select_related("article").filter(
        topic__slug=spec.get("topic"), article__slug=spec.get("article"), anchor=spec.get("anchor")
    )
    claim = found.order_by("order", "pk").first()
    if claim is None:
        return None, f"no claim on topic “{spec.get('topic')}” from article “{spec.get('article')}” at anchor “{spec.get('anchor')}”"
    return claim, None


def _blocks(item):
    """([(block fields, references)], [problems]) for one question of the file."""
    blocks, problems = [], []
    for number, entry in enumerate(item.get("block", []), start=1):
        kind = entry.get("kind") or (Kind.CLAIM if "claim" in entry else Kind.SOURCED)
        claim = None
        if "claim" in entry:
            claim, problem = _claim(entry["claim"])
            if problem:
                problems.append(f"part {number}: {problem}")
                continue
        keys = entry.get("references", [])
        references = list(Reference.objects.filter(key__in=keys))
        unknown = sorted(set(keys) - {reference.key for reference in references})
        if unknown:
            problems.append(f"part {number} cites unknown reference{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")
            continue
        text = " ".join(entry.get("text", "").split())
        problems += [f"part {number}: {message}" for message in block_problems(kind=kind, claim=claim, text=text, references=references).values()]
        blocks.append(({"kind": kind, "claim": claim, "text": text, "order": number}, references))
    return blocks, problems


@transaction.atomic
def load_questions(path=QUESTIONS_FILE):
    """Create the missing questions and their answers; returns a message naming any question left out."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    added, skipped = 0, []
    for item in data.get("question", []):
        if Question.objects.filter(slug=item["slug"]).exists():
            continue
        question = Question(
            question=item["question"], slug=item["slug"], phrasings=item.get("phrasings", "").strip(),
            status=item.get("status", Status.PUBLISHED), order=item.get("order", 0),
        )
        blocks, problems = _blocks(item)
        problems += question_problems(question=question.question, status=question.status, block_count=len(blocks))
        if problems:
            skipped.append(f"{question.slug}: {'; '.join(problems)}")
            continue
        question.full_clean()
        question.save()
        for fields, references in blocks:
            block = AnswerBlock.objects.create(question=question, **fields)
            block.references.set(references)
        added += 1
    message = f"Common questions: {added} question(s) added."
    if skipped:
        message += " Not added (fix the content file or the admin): " + " | ".join(skipped)
    return message
