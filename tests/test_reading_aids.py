"""Structure for readers: key points, contents, reading time, warnings, doctor guidance, disclaimer."""
import re

import pytest

from articles.body import count_words


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_count_words_counts_what_a_reader_sees():
    assert count_words("<p>One two-part <a href='#x'>don’t</a> word.</p><sup>[1]</sup>") == 5


@pytest.mark.django_db
def test_render_stores_headings_and_word_count(make_article):
    article = make_article(body="Intro words here.\n\n## First part\n\nMore.\n\n### Detail\n\nText.")
    article.refresh_from_db()
    assert article.headings == [
        {"level": 2, "id": "first-part", "text": "First part"},
        {"level": 3, "id": "detail", "text": "Detail"},
    ]
    assert article.word_count == 8  # "Intro words here. First part More. Detail Text."


@pytest.mark.django_db
def test_reading_time_rounds_to_whole_minutes_and_is_never_zero(make_article):
    assert make_article(body="Short.").reading_minutes == 1
    assert make_article(body="word " * 1000).reading_minutes == 5


@pytest.mark.django_db
def test_key_points_are_shown_as_the_editors_own(client, make_article):
    article = make_article(key_points="- First point.\n\n* Second point.\n")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<li>First point.</li>" in html and "<li>Second point.</li>" in html
    assert "Key points <span class=\"editors-mark\">(written by this site's editors)</span>" in html


@pytest.mark.django_db
def test_without_key_points_the_summary_is_shown_instead(client, make_article):
    article = make_article(summary="A plain summary.", key_points="")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "In short" in html and "A plain summary." in html and "Key points" not in html


@pytest.mark.django_db
def test_long_article_gets_a_nested_contents_list_and_short_one_none(client, make_article):
    long = make_article(body="## One\n\nA.\n\n### One a\n\nB.\n\n## Two\n\nC.")
    short = make_article(body="## Only\n\nA.")
    html = client.get(long.get_absolute_url()).content.decode()
    contents = html[html.index('<nav class="contents"'):html.index("</nav>", html.index('<nav class="contents"'))]
    assert re.search(r'href="#one">One</a>\s*<ol><li><a href="#one-a">One a</a></li></ol>', contents)
    assert 'href="#two"' in contents and 'href="#references-heading"' in contents
    assert 'class="contents"' not in client.get(short.get_absolute_url()).content.decode()


def test_article_page_shows_reading_time_warning_doctor_guidance_and_disclaimer(client, seeded):
    html = client.get("/articles/ldn-for-fibromyalgia/").content.decode()
    text = text_of(html)
    assert "Reading time About 5 minutes" in text  # the notes beside the text are read too
    assert "Important: LDN and opioid medicines: ask your doctor first" in text
    assert "Talking to your doctor (by this site's editors)" in text
    assert "This is not medical advice" in text
    assert "Print or save as PDF" in html


@pytest.mark.parametrize("slug", ["ldn-for-fibromyalgia", "ldn-invisible-pain"])
def test_articles_that_warn_about_opioids_carry_an_editors_warning_callout(client, seeded, slug):
    html = client.get(f"/articles/{slug}/").content.decode()
    body = html[html.index('<div class="article-body">'):html.index('<section class="bibliography"')]
    callouts = re.findall(r'<aside aria-label="Important" class="callout callout-warning"[^>]*>(.*?)</aside>', body, re.S)
    assert len(callouts) == 1
    text = text_of(callouts[0])
    assert "Important:" in text and "withdrawal" in text
    assert "From this site's editors" in text


def test_home_page_shows_reading_time_for_each_article(client, seeded):
    assert text_of(client.get("/").content.decode()).count("minutes to read") == 3
