from django.contrib import admin
from django.db import models
from markdownx.admin import MarkdownxModelAdmin

from .models import Article, Citation
from .publishing import article_render
from .reading_report import grade_verdict, section_report, text_grade


class CitationInline(admin.TabularInline):
    model = Citation
    fields = ["number", "reference", "editor_added"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Bibliography (from the citations in the body; updated on save)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(MarkdownxModelAdmin):
    # Web addresses typed without a scheme are taken as https (Django 6 default).
    formfield_overrides = {**MarkdownxModelAdmin.formfield_overrides, models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "status", "order", "updated"]
    list_filter = ["status"]
    search_fields = ["title", "summary", "body", "author", "publisher"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CitationInline]
    readonly_fields = ["summary_reading_level", "reading_level_by_section"]
    fieldsets = [
        (None, {"fields": ["title", "title_by_editors", "slug", "status", "order", "summary", "summary_reading_level", "key_points"]}),
        (
            "Original source",
            {"fields": ["author", "author_credentials", "publisher", "publisher_url", "source_url", "published_on"]},
        ),
        ("Article", {"fields": ["body", "reading_level_by_section"]}),
    ]

    @admin.display(description="summary reading level (US grade)")
    def summary_reading_level(self, obj):
        return grade_verdict(text_grade(obj.summary)) if obj.pk else "Shown after the first save."

    @admin.display(description="reading level by section (US grade)")
    def reading_level_by_section(self, obj):
        return section_report(obj.body_html) if obj.pk else "Shown after the first save."

    def save_related(self, request, form, formsets, change):
        # Inline rows are saved after the article; render last so Citation rows match the body.
        super().save_related(request, form, formsets, change)
        article_render(article=form.instance)
