"""The bibliography: structured reference metadata that maps onto CSL-JSON."""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from core.natural_keys import NaturalKeyManager

from .dois import doi_url, normalize_doi, validate_doi
from .formatting import format_reference
from .schema import readable_authors, reference_problems


class Kind(models.TextChoices):
    """What sort of work a reference is (CSL-JSON "type" values)."""

    JOURNAL_ARTICLE = "article-journal", "Journal article"
    CHAPTER = "chapter", "Book chapter or reference-book entry"
    BOOK = "book", "Book"
    WEB_PAGE = "webpage", "Web page"
    REPORT = "report", "Report"


class EvidenceType(models.TextChoices):
    """How strong the evidence is, in the plain words patients see."""

    TRIAL = "trial", "A clinical trial in people"
    REVIEW = "review", "A review of other research"
    ANIMAL = "animal", "An animal study (not tested in people)"
    HYPOTHESIS = "hypothesis", "A hypothesis (an idea, not a test)"
    REFERENCE = "reference", "A reference-book entry"
    WEB_PAGE = "webpage", "A web page"


# What the importer writes under "what the editors checked"; an editor who checks the entry replaces it.
NOT_YET_CHECKED = "not yet checked against the source"


class ReferenceQuerySet(models.QuerySet):
    def by_key(self, keys):
        """A dict of the references whose citation keys are in `keys`."""
        return {ref.key: ref for ref in self.filter(key__in=list(keys))}

    def not_yet_checked(self):
        """References filled in from a pasted entry whose editors' check is still the importer's placeholder."""
        return self.filter(verification__icontains=NOT_YET_CHECKED)


class Reference(models.Model):
    """One cited work, stored as structured metadata rather than a formatted string."""

    key = models.SlugField(
        "citation key",
        max_length=80,
        unique=True,
        help_text="Short name used to cite this work in an article, like younger2013. "
        "Write it in the article as [@younger2013]. Letters, numbers, hyphens and underscores.",
    )
    kind = models.CharField(
        "type",
        max_length=20,
        choices=Kind.choices,
        default=Kind.JOURNAL_ARTICLE,
        help_text="What sort of work this is.",
    )
    authors = models.JSONField(
        default=list,
        blank=True,
        help_text='Authors in order, as a list: [{"family": "Younger", "given": "J"}]. '
        'For an organisation: [{"literal": "National Institutes of Health"}].',
    )
    authors_truncated = models.BooleanField(
        "more authors not listed",
        default=False,
        help_text="Tick when only the first authors are known; the list then ends with “et al”.",
    )
    title = models.CharField(max_length=500, help_text="Title of the article, chapter or page.")
    container_title = models.CharField(
        "journal, book or site",
        max_length=300,
        blank=True,
        help_text="Journal abbreviation without full stops (Arthritis Rheum), "
        "the book a chapter is in, or the web site's name.",
    )
    publisher = models.CharField(max_length=300, blank=True, help_text="Publisher, for books and web pages.")
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Year published.")
    month = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Month (1-12), if known.")
    day = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Day of the month, if known.")
    volume = models.CharField(max_length=40, blank=True, help_text="Journal volume.")
    issue = models.CharField(max_length=40, blank=True, help_text="Journal issue number.")
    pages = models.CharField(max_length=40, blank=True, help_text="Page range, like 529-538.")
    doi = models.CharField(
        "DOI",
        max_length=300,
        blank=True,
        validators=[validate_doi],
        help_text="Paste the DOI in any form (10.1002/art.37734, doi:…, or a doi.org link); "
        "it is stored as the bare DOI. Leave empty if the work has none.",
    )
    pmid = models.CharField(
        "PubMed ID", max_length=20, blank=True, help_text="PubMed number (PMID), if known. Digits only."
    )
    url = models.URLField("URL", max_length=500, blank=True, help_text="Web address, mainly for web pages.")
    accessed = models.DateField(
        null=True, blank=True, help_text="For web pages: the date someone last checked the page."
    )
    evidence_type = models.CharField(
        max_length=20,
        choices=EvidenceType.choices,
        help_text="What kind of evidence this is. Patients see it in plain words next to the "
        "reference, so an animal study never reads like proof.",
    )
    verification = models.TextField(
        "what the editors checked",
        blank=True,
        help_text="One sentence on what the site's editors checked about this reference "
        "(for example: “DOI, authors and journal confirmed against the publisher.”).",
    )

    objects = NaturalKeyManager.from_queryset(ReferenceQuerySet)("key")

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                Lower("doi"),
                condition=~models.Q(doi=""),
                name="reference_doi_unique_ci",
                violation_error_message="Another reference already has this DOI.",
            ),
            models.CheckConstraint(
                condition=models.Q(month__isnull=True) | models.Q(month__gte=1, month__lte=12),
                name="reference_month_1_12",
            ),
            models.CheckConstraint(
                condition=models.Q(day__isnull=True) | models.Q(day__gte=1, day__lte=31),
                name="reference_day_1_31",
            ),
        ]

    def __str__(self):
        return f"{self.key}: {self.title}"

    def natural_key(self):
        return (self.key,)

    def get_absolute_url(self):
        return reverse("references:detail", kwargs={"key": self.key})

    def sort_key(self):
        """Bibliography order: first author's name, then year, then title."""
        first = self.author_names[0] if self.author_names else {}
        name = first.get("family") or first.get("literal") or self.title
        return (name.casefold(), self.year or 0, self.title.casefold())

    @property
    def author_names(self):
        """The authors as readers need them, never raising on a stored value the schema refuses."""
        return readable_authors(self.authors)

    def schema_values(self) -> dict:
        """Every stored field's value, for `schema.reference_problems`."""
        return {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields if not f.primary_key}

    @property
    def formatted(self):
        """The AMA-style entry as safe HTML."""
        return format_reference(self)

    @property
    def doi_url(self):
        return doi_url(self.doi) if self.doi else ""

    def clean_fields(self, exclude=None):
        # Normalise before the DOI validator runs, so a pasted doi.org link is accepted.
        self.doi = normalize_doi(self.doi)
        super().clean_fields(exclude=exclude)

    def clean(self):
        self.pmid = (self.pmid or "").strip()
        errors = {}
        if self.pmid and not self.pmid.isdigit():
            errors["pmid"] = f"“{self.pmid}” is not a PubMed ID: it should be digits only."
        if self.doi:
            clash = (
                Reference.objects.exclude(pk=self.pk).filter(doi__iexact=self.doi).only("key").first()
            )
            if clash:
                errors["doi"] = (
                    f"The DOI {self.doi} already belongs to the reference “{clash.key}”. "
                    "Cite that reference instead of adding it twice."
                )
        for name, message in reference_problems(self.schema_values()).items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

