"""Common questions patients ask, answered in blocks built from the articles' claims and verified references."""
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.natural_keys import NaturalKeyManager
from editing.schedule_rules import publish_at_field, schedule_errors, withdraw_at_field


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (hidden)"
    PUBLISHED = "published", "Published"


class QuestionQuerySet(models.QuerySet):
    def published(self):
        """Questions the public can read."""
        return self.filter(status=Status.PUBLISHED)


class Question(models.Model):
    """One question patients ask, with the ways they ask it; its answer is its blocks, in order."""

    question = models.CharField(
        max_length=200,
        unique=True,
        help_text="The question as a patient would ask it, in plain words, like “Can I take LDN with opioid painkillers?”.",
    )
    slug = models.SlugField(
        max_length=100, unique=True, help_text="The end of the question's web address, like ldn-with-opioid-painkillers."
    )
    phrasings = models.TextField(
        blank=True,
        help_text="Other ways patients ask this, one per line, like “is LDN safe with tramadol”. "
        "The site's search uses them to find this question.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Drafts are hidden from the public. A question can be published only once it has an answer.",
    )
    publish_at = publish_at_field()
    withdraw_at = withdraw_at_field()
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in the list of questions: lower numbers come first.")
    updated = models.DateTimeField(auto_now=True, help_text="When the question was last saved.")

    objects = NaturalKeyManager.from_queryset(QuestionQuerySet)()

    class Meta:
        ordering = ["order", "question"]

    def __str__(self):
        return self.question

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("questions:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    def clean(self):
        errors = schedule_errors(published=self.is_published, publish_at=self.publish_at, withdraw_at=self.withdraw_at)
        if errors:
            raise ValidationError(errors)

    @property
    def phrasing_list(self):
        """The phrasings, one per line, without blank lines or stray spaces."""
        return [line.strip() for line in self.phrasings.splitlines() if line.strip()]


class Kind(models.TextChoices):
    CLAIM = "claim", "What an article says (a claim)"
    SOURCED = "sourced", "This site's editors' words, from verified references"
    AUTHORSHIP = "authorship", "Who wrote the articles and who checks this site (filled in from the articles and the site settings)"


class AnswerBlock(models.Model):
    """One part of an answer: an article's claim, the editors' words citing references, or who wrote and checks."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="blocks")
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.CLAIM,
        help_text="A claim is shown with the article's name, its citations and any note from this site's editors. "
        "Your own words must cite the references that say them.",
    )
    claim = models.ForeignKey(
        "compare.Claim",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answer_blocks",
        help_text="For “What an article says”: the claim, as it is on the side-by-side page.",
    )
    text = models.TextField(
        blank=True,
        help_text="For “This site's editors' words”: one to three plain sentences (US grade 8 or lower) saying only "
        "what the references below say. Name the source in the words, like “The US label says…”.",
    )
    references = models.ManyToManyField(
        "references.Reference",
        blank=True,
        related_name="answer_blocks",
        help_text="For “This site's editors' words”: the verified references that say it (at least one).",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Position in the answer: lower numbers come first.")

    class Meta:
        ordering = ["question", "order", "pk"]

    def __str__(self):
        return f"{self.question}: part {self.order}"

    @classmethod
    def places_citing(cls, references):
        """(reference id, what, address) for each published question whose answer cites one of these references."""
        rows = (
            cls.references.through.objects.filter(reference__in=references, answerblock__question__status=Status.PUBLISHED)
            .select_related("answerblock__question")
            .order_by("answerblock__question__order", "answerblock__question__question")
        )
        places = dict.fromkeys((row.reference_id, row.answerblock.question) for row in rows)  # one per question, in order
        return [(reference_id, f"Common question: {question.question}", question.get_absolute_url()) for reference_id, question in places]
