"""The public glossary: every term on one page, each with its own anchor."""
from itertools import groupby

from django.shortcuts import render

from pagecache.cacheable import cacheable

from .models import Term


@cacheable
def glossary(request):
    """Every term A to Z, with its definition, other spellings and supporting references."""
    terms = Term.objects.prefetch_related("references")
    letters = [
        (letter, list(group)) for letter, group in groupby(terms, key=lambda term: term.name[:1].upper())
    ]
    return render(request, "glossary/glossary.html", {"letters": letters})
