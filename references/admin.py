from django.contrib import admin
from django.db import models
from django.utils.html import format_html_join

from .models import Reference


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    # Web addresses typed without a scheme are taken as https (Django 6 default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["key", "title", "year", "evidence_type", "doi"]
    list_filter = ["evidence_type", "kind"]
    search_fields = ["key", "title", "container_title", "doi", "authors"]
    readonly_fields = ["formatted_preview", "cited_in"]
    fieldsets = [
        (None, {"fields": ["key", "kind", "evidence_type"]}),
        ("The work", {"fields": ["authors", "authors_truncated", "title", "container_title", "publisher"]}),
        ("Date and location", {"fields": ["year", "month", "day", "volume", "issue", "pages"]}),
        ("Identifiers", {"fields": ["doi", "pmid", "url", "accessed"]}),
        ("Checking", {"fields": ["verification"]}),
        ("How it appears", {"fields": ["formatted_preview", "cited_in"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("citations__article")

    @admin.display(description="Formatted (AMA style)")
    def formatted_preview(self, obj):
        return obj.formatted if obj.pk else "Shown after the first save."

    @admin.display(description="Cited in")
    def cited_in(self, obj):
        citations = obj.citations.all() if obj.pk else []
        if not citations:
            return "Not cited in any article yet."
        return format_html_join(
            ", ",
            '<a href="{}">{}</a> (reference {})',
            ((c.article.get_absolute_url(), c.article.title, c.number) for c in citations),
        )
