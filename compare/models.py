"""What each article says, topic by topic, so the sources can be read side by side; and conditions."""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from core.html_tokens import element_ids
from core.natural_keys import NaturalKeyManager


class Condition(models.Model):
    """A health condition the articles mention, with a page listing the articles and what they say."""

    name = models.CharField(max_length=100, unique=True, help_text="As patients know it, like “Fibromyalgia”.")
    slug = models.SlugField(
        max_length=100, unique=True, help_text="The end of the condition page's address, like fibromyalgia."
    )
    summary = models.TextField(
        blank=True,
        help_text="Optional: one or two plain sentences by the site's editors saying what the articles "
        "cover about it (US grade 8 or lower). Never a claim that LDN treats it.",
    )
    articles = models.ManyToManyField(
        "articles.Article",
        blank=True,
        related_name="conditions",
        help_text="The articles that mention this condition.",
    )

    objects = NaturalKeyManager()

    class Meta:
        # A to Z whatever the case and whatever the database's collation (SQLite and a "C"
        # PostgreSQL put "Zinc" before "aspirin"); the name itself breaks ties.
        ordering = [Lower("name"), "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("compare:condition", kwargs={"slug": self.slug})


class Topic(models.Model):
    """One row of the side-by-side page: a question each source may answer, and how they differ."""

    title = models.CharField(max_length=120, unique=True, help_text="Short and plain, like “Usual naltrexone dose”.")
    slug = models.SlugField(max_length=120, unique=True, help_text="The topic's anchor on the side-by-side page.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Position on the page: lower numbers come first.")
    differences = models.TextField(
        "where the sources differ",
        blank=True,
        help_text="The site's editors, in plain words (US grade 8 or lower): where the articles agree and where "
        "they differ on this topic. Leave empty only if they agree.",
    )

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return f"{reverse('compare:sources')}#{self.slug}"


class ClaimQuerySet(models.QuerySet):
    def published(self):
        """Claims from articles the public can read."""
        article_model = self.model._meta.get_field("article").related_model
        return self.filter(article__in=article_model.objects.published())


class Claim(models.Model):
    """What one article says on one topic, in plain words close to its own, with where it says it."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="claims", help_text="The question this answers.")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="claims", help_text="The article that says it."
    )
    statement = models.TextField(
        help_text="What the article says, in plain words as close to its own as possible (US grade 8 or lower). "
        "Add nothing the article does not say."
    )
    anchor = models.SlugField(
        max_length=100,
        help_text="Where the article says it: the id of a heading or paragraph in the article, without #. "
        "A heading's id is its words in lower case joined by hyphens; give a paragraph an id by ending it "
        "with {#a-short-name} in the article's body.",
    )
    references = models.ManyToManyField(
        "references.Reference",
        blank=True,
        related_name="claims",
        help_text="The references the article cites for this, if any.",
    )
    conditions = models.ManyToManyField(
        Condition,
        blank=True,
        related_name="claims",
        help_text="The conditions this statement is about; it is listed on their pages.",
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Order within the same topic and article: lower numbers come first."
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "article", "order", "pk"]

    def __str__(self):
        return f"{self.topic}: {self.article}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def editor_notes(self):
        """The notes from this site's editors on the passage this claim is drawn from: it inherits them."""
        return self.article.notes_for(self.anchor)

    def validate_references(self, reference_ids):
        """Refuse references the claim's article does not cite (a claim reports its article's sources)."""
        if not self.article_id:
            return
        cited = set(self.article.citations.values_list("reference_id", flat=True))
        strangers = self._meta.get_field("references").related_model.objects.filter(pk__in=set(reference_ids) - cited).order_by("key")
        if strangers:
            keys = ", ".join(f"@{reference.key}" for reference in strangers)
            raise ValidationError(
                f"The claim “{self.statement[:60]}” cites {keys}, which “{self.article}” does not cite. "
                "A claim may cite only the references its article cites."
            )

    def clean(self):
        if not self.article_id or not self.anchor:
            return
        ids = {anchor for anchor in element_ids(self.article.body_html) if not anchor.startswith("cite-")}
        if self.anchor not in ids:
            hint = ", ".join(sorted(ids)[:12]) or "none yet: save the article first"
            raise ValidationError(
                {"anchor": f"“{self.anchor}” is not an anchor in “{self.article}”. Anchors it has: {hint}."}
            )

