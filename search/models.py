"""The search index: every searchable passage of the site, stored when its source is saved."""
from django.db import models
from django.db.models import Q


class Kind(models.TextChoices):
    ARTICLE = "article", "Article"
    TERM = "term", "Words explained"
    REFERENCE = "reference", "Reference"


class PassageQuerySet(models.QuerySet):
    def visible(self):
        """Passages the public may find: none from draft articles."""
        article_model = self.model._meta.get_field("article").related_model
        return self.filter(Q(article__isnull=True) | Q(article__in=article_model.objects.published()))


class Passage(models.Model):
    """One place a search can land: a paragraph of an article, a glossary entry or a reference."""

    kind = models.CharField(max_length=10, choices=Kind.choices, help_text="What the passage is part of.")
    title = models.CharField(max_length=500, help_text="The title of the page or entry it belongs to.")
    heading = models.CharField(max_length=300, blank=True, help_text="The section heading above it, if any.")
    text = models.TextField(help_text="The passage's plain text.")
    url = models.CharField(max_length=600, help_text="Where a result takes the reader, anchor included.")
    position = models.PositiveIntegerField(default=0, help_text="Reading order within its page.")
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The article it comes from, for article passages.",
    )
    reference = models.ForeignKey(
        "references.Reference", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The reference it describes, for reference passages.",
    )
    term = models.ForeignKey(
        "glossary.Term", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The glossary term it defines, for glossary passages.",
    )

    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title", "position"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title} ({self.position})"
