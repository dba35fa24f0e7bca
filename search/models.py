"""The search index (every searchable passage, stored when its source is saved), its words, and the patients' thesaurus."""
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class Kind(models.TextChoices):
    QUESTION = "question", "Common question"
    ARTICLE = "article", "Article"
    COMPARE = "compare", "What the sources say"
    CONDITION = "condition", "Condition"
    TERM = "term", "Words explained"
    REFERENCE = "reference", "Reference"


class Voice(models.TextChoices):
    AUTHOR = "author", "The article's own words"
    EDITORS = "editors", "By this site's editors"
    NOTE = "note", "Note from this site's editors"
    NONE = "", "Details of the page"


class PassageQuerySet(models.QuerySet):
    def visible(self):
        """Passages the public may find: none from draft articles (their claims included)."""
        article_model = self.model._meta.get_field("article").related_model
        return self.filter(Q(article__isnull=True) | Q(article__in=article_model.objects.published()))


class Passage(models.Model):
    """One place a search can land: a paragraph or note of an article, a question, a claim, an entry.

    The database keeps its full-text index in step on every write: an FTS5 table kept by triggers
    on SQLite, the stored `document` vector set by a trigger on PostgreSQL (search/fts.py).
    """

    kind = models.CharField(max_length=10, choices=Kind.choices, help_text="What the passage is part of.")
    voice = models.CharField(
        max_length=10, choices=Voice.choices, blank=True, default=Voice.AUTHOR,
        help_text="Whose words these are: the article's author or this site's editors.",
    )
    title = models.CharField(max_length=500, help_text="The title of the page or entry it belongs to.")
    heading = models.CharField(max_length=300, blank=True, help_text="The section heading above it, if any.")
    text = models.TextField(help_text="The passage's plain text.")
    keywords = models.TextField(
        blank=True, help_text="Words it is found by but that are not shown: other spellings, the ways patients ask."
    )
    url = models.CharField(max_length=600, help_text="Where a result takes the reader, anchor included.")
    position = models.PositiveIntegerField(default=0, help_text="Reading order within its page.")
    document = SearchVectorField(null=True, editable=False, help_text="PostgreSQL only: set by a database trigger.")
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The article it comes from (or that a claim is about): drafts are never found.",
    )
    reference = models.ForeignKey(
        "references.Reference", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The reference it describes, for reference passages.",
    )
    term = models.ForeignKey(
        "glossary.Term", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The glossary term it defines, for glossary passages.",
    )
    topic = models.ForeignKey(
        "compare.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The side-by-side topic, for its claims and where the sources differ.",
    )
    claim = models.ForeignKey(
        "compare.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The claim, for side-by-side claims.",
    )
    condition = models.ForeignKey(
        "compare.Condition", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The condition, for condition pages.",
    )
    question = models.ForeignKey(
        "questions.Question", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="The common question, for its phrasings and each part of its answer (published questions only).",
    )

    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title", "position"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title} ({self.position})"

    @property
    def page_url(self):
        return self.url.split("#")[0]


class Word(models.Model):
    """A word that occurs somewhere the search looks, as written: what "Did you mean …" may suggest."""

    word = models.CharField(max_length=60, unique=True)

    def __str__(self):
        return self.word


class PatientTerm(models.Model):
    """A phrase patients use, and the words this site uses for the same thing (the search's thesaurus)."""

    phrase = models.CharField(
        max_length=100, unique=True,
        help_text="What a patient might type, like “painkillers” or “how much should I take”. Capital letters "
        "do not matter; a search matches it when it holds all its words.",
    )
    means = models.TextField(
        help_text="One per line: the words the site's pages use for it, like “pain medicines” and “opioid”. "
        "A search for the phrase also finds these. Keep to what the phrase really means.",
    )
    source = models.CharField(
        max_length=300, blank=True,
        help_text="Why this is right: where the site says so, like “CDC, Prescription Opioids: The Basics”.",
    )

    class Meta:
        ordering = [Lower("phrase"), "phrase"]
        verbose_name = "patient word"
        verbose_name_plural = "patient words (search thesaurus)"

    def __str__(self):
        return self.phrase

    @property
    def meaning_list(self):
        return [" ".join(line.split()) for line in self.means.splitlines() if line.strip()]
