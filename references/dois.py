"""DOI handling: one bare, validated form in the database, one way to link it."""
import re
from urllib.parse import quote, unquote

from django.core.exceptions import ValidationError

# Prefixes people paste: resolver URLs (any scheme, with or without "dx."/"www.") and "doi:".
_PREFIX = re.compile(
    r"^(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|doi:\s*)",
    re.IGNORECASE,
)
# A DOI is "10.<registrant>/<suffix>"; the suffix may hold any printable character.
_DOI = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")


def normalize_doi(value: str) -> str:
    """Return the bare DOI from a pasted DOI, doi: form or resolver URL ("" stays "")."""
    doi = (value or "").strip()
    was_url = bool(re.match(r"^(?:https?://)?(?:dx\.|www\.)?doi\.org/", doi, re.IGNORECASE))
    doi = _PREFIX.sub("", doi).strip()
    if was_url:
        doi = unquote(doi)
    return doi


def validate_doi(value: str) -> None:
    """Raise ValidationError naming the value unless it is a bare DOI."""
    if value and not _DOI.match(value):
        raise ValidationError(
            "“%(value)s” is not a DOI. A DOI starts with “10.”, then a number, a slash "
            "and the rest, for example 10.1002/art.37734.",
            code="invalid_doi",
            params={"value": value},
        )


def doi_url(doi: str) -> str:
    """The https://doi.org/ link for a bare DOI, with every reserved character escaped."""
    # The DOI Handbook asks resolvers' users to percent-encode %, ", #, ? and spaces;
    # quote() escapes those and everything else outside this safe set.
    return "https://doi.org/" + quote(doi, safe="/()-._;:")
