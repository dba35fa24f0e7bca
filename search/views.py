"""The search page."""
from django.shortcuts import render

from .engine import MAX_QUERY_CHARS, clean_query, find
from .notes import attach_notes


def search_page(request):
    """Everything public matching ?q=, grouped by page, best first, with the matching passages marked."""
    query = clean_query(request.GET.get("q", ""))
    answer = find(query)
    attach_notes(answer.results)
    return render(
        request,
        "search/results.html",
        {"query": query, "results": answer.results, "answer": answer, "max_chars": MAX_QUERY_CHARS},
    )
