"""The site's own seed content: three articles (Markdown with TOML front matter) and their references."""
import json
import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction

from references.models import Reference

from .models import Article
from .publishing import article_render

ARTICLES_DIR = Path(settings.BASE_DIR) / "articles" / "content"
REFERENCES_FILE = Path(settings.BASE_DIR) / "references" / "fixtures" / "references.json"


def parse_article_file(path: Path):
    """(front matter dict, Markdown body) from a file that opens with a +++ TOML block."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("+++\n"):
        raise ValueError(f"{path.name}: expected TOML front matter between +++ lines")
    front, _, body = text[4:].partition("\n+++\n")
    return tomllib.loads(front), body.strip() + "\n"


@transaction.atomic
def load_seed_content(stdout=None):
    """Create every seed reference and article that is missing; never touch existing rows.

    Returns (references created, articles created).
    """
    new_refs = 0
    for item in json.loads(REFERENCES_FILE.read_text(encoding="utf-8")):
        fields = dict(item["fields"])
        key = fields.pop("key")
        if not Reference.objects.filter(key=key).exists():
            reference = Reference(key=key, **fields)
            reference.full_clean()
            reference.save()
            new_refs += 1
    new_articles = 0
    for path in sorted(ARTICLES_DIR.glob("*.md")):
        front, body = parse_article_file(path)
        if Article.objects.filter(slug=front["slug"]).exists():
            continue
        article = Article(body=body, **front)
        article.full_clean()
        article.save()
        article_render(article=article)
        new_articles += 1
    return new_refs, new_articles
