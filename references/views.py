"""Public bibliography pages: every reference once, one page per reference, and citation downloads."""
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from pagecache.cacheable import cacheable

from . import exports
from .models import Reference


def _with_cited_in(queryset):
    # The Citation model lives in the articles app; reach it only through the reverse
    # relation so this app never imports articles.
    citation_model = Reference.citations.rel.related_model
    article_model = citation_model._meta.get_field("article").related_model
    citations = (
        citation_model.objects.filter(article__in=article_model.objects.published())
        .select_related("article")
        .order_by("article__order", "article__title")
    )
    return queryset.prefetch_related(Prefetch("citations", queryset=citations, to_attr="published_citations"))


def _with_editors_places(references):
    """Give each reference `editors_places`: [(what, address)] where the site's own words cite it.

    Any model related to Reference that offers `places_citing(references)` (glossary definitions,
    common questions) is asked through the reverse relation, so this app imports neither.
    """
    places = {reference.pk: [] for reference in references}
    for relation in Reference._meta.related_objects:
        places_citing = getattr(relation.related_model, "places_citing", None)
        if places_citing:
            for reference_id, what, address in places_citing(references):
                places[reference_id].append((what, address))
    for reference in references:
        reference.editors_places = places[reference.pk]
    return references


def export_response(references, fmt, filename):
    """The references as a download in one of exports.FORMATS (bib, ris or json)."""
    _, write, media_type = exports.FORMATS[fmt]
    response = HttpResponse(write(references), content_type=f"{media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@cacheable
def reference_list(request):
    """Every reference once, formatted, with its evidence type and the articles citing it."""
    references = _with_editors_places(sorted(_with_cited_in(Reference.objects.all()), key=Reference.sort_key))
    return render(
        request, "references/list.html", {"references": references, "export_formats": exports.FORMATS}
    )


@cacheable
def reference_detail(request, key):
    """One reference: formatted entry, details, what the editors checked, where it is cited."""
    reference = get_object_or_404(_with_cited_in(Reference.objects.all()), key=key)
    _with_editors_places([reference])
    return render(
        request, "references/detail.html", {"reference": reference, "export_formats": exports.FORMATS}
    )


@cacheable
def reference_export(request, key, fmt):
    """One reference as a BibTeX, RIS or CSL-JSON download."""
    reference = get_object_or_404(Reference, key=key)
    return export_response([reference], fmt, reference.key)


@cacheable
def reference_list_export(request, fmt):
    """Every reference on the site as one BibTeX, RIS or CSL-JSON download."""
    references = sorted(Reference.objects.all(), key=Reference.sort_key)
    return export_response(references, fmt, "ldn-references")
