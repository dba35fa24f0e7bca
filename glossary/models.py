"""Plain-language definitions of the medical words patients meet in the articles."""
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from core.natural_keys import NaturalKeyManager


class Term(models.Model):
    """One medical term, its other spellings, and the site's own definition of it."""

    name = models.CharField(
        max_length=100,
        unique=True,
        help_text="The term as patients will look it up, like “opioid antagonist”. "
        "Its first use in each article links to its definition.",
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The end of the term's web address on the glossary page (/glossary/#term-…). "
        "Changing it breaks links people have saved.",
    )
    synonyms = models.TextField(
        "other ways of writing it",
        blank=True,
        help_text="One per line: other words the articles use for the same thing, like “antagonists” "
        "or “Narcan”. Capital letters do not matter, and a plural ending in s is found without listing it.",
    )
    definition = models.TextField(
        help_text="The site's own explanation in one to three short, plain sentences (aim for US grade 8 "
        "or lower; the reading level is shown after saving). Say only what is well established or what "
        "the cited references support; never give a dose or advice.",
    )
    references = models.ManyToManyField(
        "references.Reference",
        blank=True,
        related_name="glossary_terms",
        help_text="Only references that directly support this definition. Leave empty rather than cite "
        "one that does not.",
    )
    updated = models.DateTimeField(auto_now=True)

    objects = NaturalKeyManager()

    class Meta:
        # A to Z whatever the case and whatever the database's collation (SQLite and a "C"
        # PostgreSQL put "Zinc" before "aspirin"); the name itself breaks ties.
        ordering = [Lower("name"), "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def anchor(self):
        return f"term-{self.slug}"

    def get_absolute_url(self):
        return f"{reverse('glossary:list')}#{self.anchor}"

    @classmethod
    def places_citing(cls, references):
        """(reference id, what, address) for each definition citing one of these references (references' pages list them)."""
        rows = cls.references.through.objects.filter(reference__in=references).select_related("term").order_by("term__name")
        return [(row.reference_id, f"Words explained: {row.term.name}", row.term.get_absolute_url()) for row in rows]

    @property
    def synonym_list(self):
        """The other spellings, one per line in the admin, without blanks or repeats of the name."""
        seen = {self.name.casefold()}
        result = []
        for line in self.synonyms.splitlines():
            line = " ".join(line.split())
            if line and line.casefold() not in seen:
                seen.add(line.casefold())
                result.append(line)
        return result

    @property
    def spellings(self):
        return [self.name, *self.synonym_list]

    def clean(self):
        from django.core.exceptions import ValidationError

        mine = {spelling.casefold() for spelling in self.spellings}
        for other in Term.objects.exclude(pk=self.pk):
            clash = sorted(mine & {spelling.casefold() for spelling in other.spellings})
            if clash:
                raise ValidationError(
                    {"synonyms": f"“{clash[0]}” already belongs to the term “{other.name}”. "
                     "Each word can link to one definition only."}
                )
