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


def test_a_field_corrected_twice_reaches_the_newest_text_and_a_fresh_site_reports_no_staff_edit(seeded, capsys):
    steps = [
        item
        for path in correction_files()
        for item in json.loads(path.read_text(encoding="utf-8"))
        if item["lookup"] == {"slug": "naltrexone-for-analgesia"} and item["field"] == "body"
    ]
    assert len(steps) >= 2 and steps[0]["new"] == steps[1]["old"]
    call_command("apply_content_corrections")
    assert "Kept a staff edit" not in capsys.readouterr().out  # the seed itself is up to date

    Article.objects.filter(slug="naltrexone-for-analgesia").update(body=steps[0]["old"])  # a site from before both
    call_command("apply_content_corrections")

    assert Article.objects.get(slug="naltrexone-for-analgesia").body == steps[-1]["new"]
    assert "Kept a staff edit" not in capsys.readouterr().out
