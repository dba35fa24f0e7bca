"""Articles as structured content, and the citations their bodies hold."""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from core.natural_keys import NaturalKeyManager
from editing.schedule_rules import publish_at_field, schedule_errors, withdraw_at_field

from .body import check_body


# Plain-language health text read on a phone, often by someone in pain: a slow pace.
WORDS_PER_MINUTE = 200
# A contents list helps once an article has several sections; for one or two it is clutter.
CONTENTS_MIN_HEADINGS = 3


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (only staff can see it)"
    PUBLISHED = "published", "Published (everyone can read it)"


@dataclass(frozen=True)
class EditorNote:
    """A note from this site's editors, read back from an article's stored notes, with where to read it."""

    article_title: str
    url: str
    text: str
    anchors: tuple
    keys: tuple


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def overdue_for_review(self, today=None):
        """Articles whose "next review due" date has passed."""
        return self.filter(next_review_due__lt=today or timezone.localdate())


class Article(models.Model):
    """One patient-education article, with its source attribution and rendered body."""

    title = models.CharField(max_length=200, help_text="The article's title as patients see it.")
    title_by_editors = models.BooleanField(
        "title written by the site's editors",
        default=False,
        help_text="Tick when the original had no title and the site's editors wrote this one.",
    )
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The end of the page's web address, like ldn-for-fibromyalgia. "
        "Changing it breaks links people have saved.",
    )
    summary = models.TextField(
        help_text="One or two plain sentences, written by the site's editors, saying what the "
        "article covers. Shown on the home page. Aim for a reading age of 11-13 (US grade 6-8).",
    )
    author = models.CharField(
        "original author", max_length=200, blank=True, help_text="Leave empty if the source does not name one."
    )
    author_credentials = models.CharField(
        max_length=100, blank=True, help_text="The author's qualifications as the source gives them, like FNP."
    )
    publisher = models.CharField(
        "original publisher or site", max_length=200, blank=True, help_text="Who first published the article."
    )
    publisher_url = models.URLField(
        "publisher's web site", max_length=500, blank=True, help_text="The publisher's address, if the source gives it."
    )
    source_url = models.URLField(
        "original article's address", max_length=500, blank=True, help_text="Where the article first appeared, if known."
    )
    published_on = models.DateField(
        "originally published", null=True, blank=True, help_text="The original publication date, if the source gives it."
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Drafts are hidden from the public.",
    )
    publish_at = publish_at_field()
    withdraw_at = withdraw_at_field()
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position on the home page: lower numbers come first."
    )
    body = MarkdownxField(
        help_text="The article in Markdown. Start sections with “## Heading”. Cite a reference "
        "with its key in brackets: [@younger2013], several at once: [@younger2013; @younger2009]. "
        "Put + before the @ for a citation the site's editors added: [+@younger2009]. "
        "A note from this site's editors is a block starting with: !!! editor-note about-getting-ldn "
        "followed by indented lines; about-getting-ldn ties it to the passage with the anchor getting-ldn "
        "(end a paragraph with {#getting-ldn} to give it one), so the side-by-side page, condition pages "
        "and search show the note with every claim drawn from that passage.",
    )
    key_points = models.TextField(
        "key points",
        blank=True,
        help_text="Three to five plain-language points, one per line, written by the site's editors. "
        "Each must restate something the article itself says; patients see them in a box marked "
        "as the editors'. Aim for a reading age of 11-13 (US grade 6-8).",
    )
    body_html = models.TextField(editable=False, blank=True, help_text="The body rendered when saved.")
    headings = models.JSONField(
        default=list,
        editable=False,
        blank=True,
        help_text="The body's section headings [{level, id, text}], stored when saved for the contents list.",
    )
    editor_notes = models.JSONField(
        default=list,
        editable=False,
        blank=True,
        help_text="The body's notes from this site's editors [{number, anchors, text, keys}], stored when "
        "saved, so that every page showing a passage or claim can show its notes.",
    )
    bibliography_html = models.TextField(
        editable=False,
        blank=True,
        help_text="The bibliography as patients see it, formatted when the body is rendered and when a "
        "reference it cites changes.",
    )
    word_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Words in the rendered body, stored when saved for the reading time."
    )
    reading_grade = models.DecimalField(
        "reading level",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        editable=False,
        help_text="Flesch-Kincaid grade of the body, worked out when saved: the US school grade "
        "a reader needs (grade 6-8 is a reading age of 11-13). Lower is easier.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="The day a clinician last checked this page. Patients see it as "
        "“Page last reviewed”. Leave empty until someone has.",
    )
    reviewed_by = models.CharField(
        "reviewer's name",
        max_length=200,
        blank=True,
        help_text="Who checked it, as patients should see the name, like Dr Amina Shah.",
    )
    reviewer_credentials = models.CharField(
        "reviewer's qualifications",
        max_length=100,
        blank=True,
        help_text="The reviewer's role or qualifications, like GP or Clinical pharmacist.",
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="When the page should next be checked. Patients see it as “Next review due”; "
        "after this date the article is flagged as overdue in the list of articles.",
    )
    created = models.DateTimeField(auto_now_add=True, help_text="When the article was first added.")
    updated = models.DateTimeField(auto_now=True, help_text="When the article was last saved.")

    objects = NaturalKeyManager.from_queryset(ArticleQuerySet)()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def key_point_list(self):
        """The editors' key points, one per non-empty line."""
        return [line.strip().lstrip("-*• ").strip() for line in self.key_points.splitlines() if line.strip()]

    @property
    def notes(self):
        """Every note from this site's editors in the body, in reading order (EditorNote)."""
        url = self.get_absolute_url()
        return [
            EditorNote(
                article_title=self.title,
                url=f"{url}#editor-note-{note['number']}",
                text=note["text"],
                anchors=tuple(note["anchors"]),
                keys=tuple(note["keys"]),
            )
            for note in self.editor_notes
        ]

    def notes_for(self, anchor):
        """The notes from this site's editors that qualify the passage with this anchor (id)."""
        return [note for note in self.notes if anchor and anchor in note.anchors]

    @property
    def reading_minutes(self):
        """Whole minutes to read the body at a relaxed pace, never less than one."""
        return max(1, round(self.word_count / WORDS_PER_MINUTE))

    @property
    def contents(self):
        """Sections [{id, text, children}] for a contents list; empty when the article is too short to need one."""
        if len(self.headings) < CONTENTS_MIN_HEADINGS:
            return []
        sections = []
        for heading in self.headings:
            entry = {"id": heading["id"], "text": heading["text"], "children": []}
            if heading["level"] > 2 and sections:
                sections[-1]["children"].append(entry)
            else:
                sections.append(entry)
        return sections

    @property
    def byline(self):
        """"Siegfried Emme, FNP" or "" when the source names no author."""
        return ", ".join(part for part in [self.author, self.author_credentials] if part)

    @property
    def review_overdue(self):
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())

    def clean(self):
        errors = {}
        checked = check_body(self.body, article=self)
        # publishing.article_render stores this pass rather than rendering the body a second time.
        self._checked_body = checked
        if checked.errors:
            errors["body"] = checked.errors
        errors.update(self._review_errors())
        errors.update(schedule_errors(published=self.is_published, publish_at=self.publish_at, withdraw_at=self.withdraw_at))
        if errors:
            raise ValidationError(errors)

    def _review_errors(self):
        errors = {}
        if self.last_reviewed and not self.reviewed_by.strip():
            errors["reviewed_by"] = "Say who reviewed the page on that date."
        if self.reviewed_by.strip() and not self.last_reviewed:
            errors["last_reviewed"] = "Give the date the reviewer checked the page."
        if self.last_reviewed and self.last_reviewed > timezone.localdate():
            errors["last_reviewed"] = "The review date is in the future: give the day it was done."
        if self.last_reviewed and not self.next_review_due:
            errors["next_review_due"] = "Set when the page should next be reviewed."
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            errors["next_review_due"] = "The next review must come after the last one."
        return errors


class Citation(models.Model):
    """A reference cited in an article: its number on that page and every place it is cited."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    # PROTECT: deleting a cited reference would leave a numbered claim without its source.
    reference = models.ForeignKey("references.Reference", on_delete=models.PROTECT, related_name="citations")
    number = models.PositiveSmallIntegerField(help_text="Its number on this page, in order of first citation.")
    occurrences = models.JSONField(
        default=list,
        help_text="Every place it is cited: [{anchor, section, added_by_editors}] in reading order.",
    )
    added_by_editors = models.BooleanField(
        default=False, help_text="Every citation of it on this page was added by the site's editors."
    )

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "reference"], name="citation_once_per_article"),
            models.UniqueConstraint(fields=["article", "number"], name="citation_number_once_per_article"),
        ]

    def __str__(self):
        return f"Reference {self.number} in “{self.article}”"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#ref-{self.number}"
