"""The side-by-side seed content (content/sources.toml): conditions, topics and their claims.

Idempotent and respectful of staff edits: a condition or topic already in the database is
left as it is, claims included; a claim whose anchor the stored article lacks is skipped
and reported, never stored broken.
"""
import tomllib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Article
from references.models import Reference

from .models import Claim, Condition, Topic

SOURCES_FILE = Path(__file__).resolve().parent / "content" / "sources.toml"


@transaction.atomic
def load_comparisons():
    """Create the missing conditions, topics and their claims; returns a message."""
    data = tomllib.loads(SOURCES_FILE.read_text(encoding="utf-8"))
    articles = {article.slug: article for article in Article.objects.all()}
    new_conditions = 0
    for item in data["condition"]:
        if Condition.objects.filter(slug=item["slug"]).exists():
            continue
        condition = Condition(name=item["name"], slug=item["slug"], summary=item.get("summary", ""))
        condition.full_clean()
        condition.save()
        condition.articles.set([articles[slug] for slug in item.get("articles", []) if slug in articles])
        new_conditions += 1
    new_topics, new_claims, skipped = 0, 0, []
    for item in data["topic"]:
        if Topic.objects.filter(slug=item["slug"]).exists():
            continue
        topic = Topic(slug=item["slug"], title=item["title"], order=item["order"], differences=item.get("differences", ""))
        topic.full_clean()
        topic.save()
        new_topics += 1
        for entry in item.get("claim", []):
            article = articles.get(entry["article"])
            if article is None:
                skipped.append(f"{topic.slug}: no article “{entry['article']}”")
                continue
            claim = Claim(
                topic=topic,
                article=article,
                statement=entry["statement"],
                anchor=entry["anchor"],
                order=entry.get("order", 0),
            )
            references = Reference.objects.filter(key__in=entry.get("references", []))
            try:
                claim.full_clean()
                claim.validate_references([reference.pk for reference in references])
            except ValidationError as error:
                skipped.append(f"{topic.slug} / {article.slug}: {'; '.join(error.messages)}")
                continue
            claim.save()
            claim.references.set(references)
            claim.conditions.set(Condition.objects.filter(slug__in=entry.get("conditions", [])))
            new_claims += 1
    message = f"Comparisons: {new_conditions} condition(s), {new_topics} topic(s) and {new_claims} claim(s) added."
    if skipped:
        message += " Skipped (fix in the admin): " + " | ".join(skipped)
    return message
