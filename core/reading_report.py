"""Reading levels against the site's target, per section for editors and for the site's own short texts."""
from decimal import Decimal

from django.contrib import admin
from django.utils.html import escape, format_html, format_html_join

from .readability import reading_grade
from .sections import split_sections

# NIH/AMA advice for patient materials: US school grade 6-8 (reading age 11-13).
TARGET_GRADE = Decimal(8)


def text_grade(text: str):
    """Flesch-Kincaid grade of plain text (a summary, a definition); None when it has no words."""
    return reading_grade(f"<p>{escape(text or '')}</p>")


def meets_target(grade) -> bool:
    return grade is None or grade <= TARGET_GRADE


def grade_verdict(grade) -> str:
    """“6.2, within the target of 8 or lower” — the words editors see next to a grade."""
    if grade is None:
        return "No words to grade yet."
    if meets_target(grade):
        return f"{grade}, within the target of {TARGET_GRADE} or lower"
    return f"{grade}, above the target of {TARGET_GRADE}: use shorter sentences and everyday words"


def reading_level_column(field: str, description="reading level (US grade)", empty="No words to grade yet."):
    """An admin column and read-only field: the grade of the text in `field`, in grade_verdict's words."""

    @admin.display(description=description)
    def column(model_admin, obj):
        if not obj.pk:
            return "Shown after the first save."
        text = getattr(obj, field)
        return grade_verdict(text_grade(text)) if text else empty

    return column


def section_grades(html: str) -> list:
    """[(heading, anchor, grade)] for each section of a rendered body, in reading order."""
    return [
        (section.heading or "Opening (before the first heading)", section.anchor, reading_grade(section.html))
        for section in split_sections(html)
    ]


def section_report(html: str):
    """An admin table of each section's reading level next to the target (safe HTML)."""
    rows = section_grades(html)
    if not rows:
        return "Shown after the first save."
    return format_html(
        '<table class="reading-levels"><thead><tr><th scope="col">Section</th>'
        '<th scope="col">Reading level (US grade)</th></tr></thead><tbody>{}</tbody></table>'
        "<p>Target: grade {} or lower. The articles are their authors' words: report a high level, "
        "do not rewrite it; the site's own summaries, notes and definitions must meet the target.</p>",
        format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td></tr>',
            ((heading, grade_verdict(grade)) for heading, _, grade in rows),
        ),
        TARGET_GRADE,
    )
