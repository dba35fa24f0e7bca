"""The search page."""
from django.shortcuts import render

from .engine import MAX_QUERY_CHARS, clean_query, search
from .notes import attach_notes


def search_page(request):
    """Articles, glossary and references matching ?q=, best first, with the matching passage marked."""
    query = clean_query(request.GET.get("q", ""))
    results = attach_notes(search(query))
    return render(
        request,
        "search/results.html",
        {"query": query, "results": results, "max_chars": MAX_QUERY_CHARS},
    )
