"""The same paper entered twice: title, year and first author compared after normalising, whatever the DOI."""
import re
import unicodedata

from .schema import readable_authors


def normalised(text: str) -> str:
    """Lower case, accents and punctuation gone, spaces single: “Low-dose naltrexone (LDN)!” -> "low dose naltrexone ldn"."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def first_author(authors) -> str:
    names = readable_authors(authors)
    if not names:
        return ""
    return normalised(names[0].get("family") or names[0].get("literal") or "")


def fingerprint(*, title, year, authors) -> tuple:
    return normalised(title), year, first_author(authors)


def same_work(queryset, *, title, year, authors, exclude_pk=None) -> list:
    """References in `queryset` with the same normalised title, year and first author (never the one being edited)."""
    wanted = fingerprint(title=title, year=year, authors=authors)
    if not wanted[0]:
        return []
    candidates = queryset.filter(year=year) if year else queryset.filter(year__isnull=True)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    return [
        reference
        for reference in candidates.only("pk", "key", "title", "year", "authors")
        if fingerprint(title=reference.title, year=reference.year, authors=reference.authors) == wanted
    ]
