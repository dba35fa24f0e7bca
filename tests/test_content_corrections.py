"""A site loaded before issue 12's corrections gets them, and no staff edit is overwritten."""
import json

from django.core.management import call_command

from articles.models import Article
from backups.corrections import correction_files
from compare.models import Claim
from glossary.models import Term


def corrections():
    return [item for path in correction_files() for item in json.loads(path.read_text(encoding="utf-8"))]


def test_rows_holding_the_old_seed_text_are_corrected_and_staff_edits_are_kept(seeded):
    items = corrections()
    body = next(i for i in items if i["model"] == "articles.article" and i["lookup"] == {"slug": "ldn-for-fibromyalgia"} and i["field"] == "body")
    claim = next(i for i in items if i["model"] == "compare.claim" and i["lookup"]["anchor"] == "opioid-rebound")
    term = next(i for i in items if i["model"] == "glossary.term" and i["lookup"] == {"slug": "central-pain"})
    # The database as a site loaded before the corrections has it ...
    Article.objects.filter(slug="ldn-for-fibromyalgia").update(body=body["old"])
    call_command("render_articles")
    Claim.objects.filter(**claim["lookup"]).update(statement=claim["old"])
    # ... except one definition a member of staff has since rewritten.
    Term.objects.filter(slug="central-pain").update(definition="Written by our pharmacist.")
    assert Article.objects.get(slug="ldn-for-fibromyalgia").notes_for("getting-ldn") == []

    call_command("apply_content_corrections")

    fibro = Article.objects.get(slug="ldn-for-fibromyalgia")
    assert fibro.body == body["new"] and fibro.notes_for("getting-ldn")
    assert Claim.objects.get(**claim["lookup"]).statement == claim["new"]
    assert Term.objects.get(slug="central-pain").definition == "Written by our pharmacist."
    assert term["new"] != "Written by our pharmacist."


def test_applying_the_corrections_twice_changes_nothing(seeded, capsys):
    call_command("apply_content_corrections")
    assert "0 corrected" in capsys.readouterr().out
