"""AMA-style formatting of references (the site's own small formatter)."""
import datetime

from references.formatting import format_authors, format_reference
from references.models import Reference


def ref(**fields):
    data = {"key": "k", "kind": "article-journal", "authors": [], "title": "T", "evidence_type": "trial"}
    data.update(fields)
    return Reference(**data)


def test_journal_article_with_issue_in_ama_style():
    r = ref(
        authors=[{"family": "Younger", "given": "J"}, {"family": "Mackey", "given": "S"}],
        title="Fibromyalgia symptoms are reduced by low-dose naltrexone: a pilot study",
        container_title="Pain Med", year=2009, volume="10", issue="4", pages="663-672",
        doi="10.1111/j.1526-4637.2009.00613.x",
    )
    assert format_reference(r) == (
        "Younger J, Mackey S. Fibromyalgia symptoms are reduced by low-dose naltrexone: a pilot study. "
        "<i>Pain Med</i>. 2009;10(4):663-672. "
        '<a href="https://doi.org/10.1111/j.1526-4637.2009.00613.x">doi:10.1111/j.1526-4637.2009.00613.x</a>'
    )


def test_journal_article_without_issue():
    r = ref(authors=[{"family": "Brown", "given": "N"}], title="Title", container_title="Med Hypotheses",
            year=2009, volume="72", pages="333-337")
    assert format_reference(r) == "Brown N. Title. <i>Med Hypotheses</i>. 2009;72:333-337."


def test_more_than_six_authors_shows_three_and_et_al():
    names = [{"family": f"Name{i}", "given": "AB"} for i in range(7)]
    assert format_authors(names) == "Name0 AB, Name1 AB, Name2 AB, et al"


def test_six_authors_are_all_listed():
    names = [{"family": f"Name{i}", "given": "A"} for i in range(6)]
    assert format_authors(names).count(",") == 5 and "et al" not in format_authors(names)


def test_truncated_author_list_ends_with_et_al():
    r = ref(authors=[{"family": "Gold", "given": "M. S."}], authors_truncated=True, title="Naltrexone, opiate addiction, and endorphins",
            container_title="Med Res Rev", year=1982, volume="2", pages="211-246")
    assert format_reference(r).startswith("Gold MS, et al. Naltrexone, opiate addiction, and endorphins. <i>Med Res Rev</i>. 1982;2:211-246.")


def test_chapter_in_a_book():
    r = ref(kind="chapter", authors=[{"family": "Singh", "given": "D"}, {"family": "Saadabadi", "given": "A"}],
            title="Naltrexone", container_title="StatPearls", publisher="StatPearls Publishing", year=2022)
    assert format_reference(r) == "Singh D, Saadabadi A. Naltrexone. In: <i>StatPearls</i>. StatPearls Publishing; 2022."


def test_book_title_is_italic():
    r = ref(kind="book", authors=[{"family": "Doe", "given": "J"}], title="A Book", publisher="Press", year=2001)
    assert format_reference(r) == "Doe J. <i>A Book</i>. Press; 2001."


def test_web_page_with_dates_and_url():
    r = ref(kind="webpage", authors=[{"literal": "NIAMS"}], title="Fibromyalgia", container_title="NIH",
            year=2017, month=3, day=5, accessed=datetime.date(2024, 1, 9), url="https://www.niams.nih.gov/x", evidence_type="webpage")
    assert format_reference(r) == (
        "NIAMS. Fibromyalgia. NIH. Published March 5, 2017. Accessed January 9, 2024. "
        '<a href="https://www.niams.nih.gov/x">https://www.niams.nih.gov/x</a>'
    )


def test_organisation_site_name_is_not_repeated():
    r = ref(kind="webpage", authors=[{"literal": "SAMHSA"}], title="Naltrexone", container_title="SAMHSA", url="https://www.samhsa.gov/")
    assert format_reference(r).startswith("SAMHSA. Naltrexone. <a")


def test_title_ending_in_question_mark_gets_no_extra_full_stop():
    r = ref(title="Does it work?", container_title="J", year=2020)
    assert "Does it work? <i>J</i>." in format_reference(r)


def test_hostile_metadata_is_escaped():
    r = ref(title='<script>alert(1)</script>', container_title='<img src=x onerror=alert(1)>',
            authors=[{"literal": "<b>Evil</b>"}], url='javascript:alert(1)')
    html = format_reference(r)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
