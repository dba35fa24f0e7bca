from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from core.reading_report import reading_level_column
from editing.edit_conflicts import EditConflictForm
from editing.revisions import HistoryAdmin

from .models import Claim, Condition, Topic


class ClaimReferencesCheck:
    """A claim may cite only references its article cites: the error names the strangers."""

    def clean(self):
        cleaned = super().clean()
        article, references = cleaned.get("article"), cleaned.get("references")
        if article is not None and references is not None:
            self.instance.article = article
            try:
                self.instance.validate_references([reference.pk for reference in references])
            except ValidationError as error:
                self.add_error("references", error)
        return cleaned


class ClaimInlineForm(ClaimReferencesCheck, forms.ModelForm):
    pass


class ClaimForm(ClaimReferencesCheck, EditConflictForm):
    pass


class ClaimInline(admin.StackedInline):
    model = Claim
    form = ClaimInlineForm
    extra = 0
    fields = ["article", "statement", "anchor", "references", "conditions", "order"]
    filter_horizontal = ["references", "conditions"]


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["title", "order", "differences_reading_level"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["differences_reading_level"]
    fields = ["title", "slug", "order", "differences", "differences_reading_level"]
    inlines = [ClaimInline]

    differences_reading_level = reading_level_column("differences")


@admin.register(Claim)
class ClaimAdmin(HistoryAdmin):
    form = ClaimForm
    list_display = ["topic", "article", "anchor", "statement_reading_level"]
    list_filter = ["topic", "article", "conditions"]
    search_fields = ["statement", "anchor"]
    filter_horizontal = ["references", "conditions"]
    readonly_fields = ["statement_reading_level"]
    fields = ["topic", "article", "statement", "statement_reading_level", "anchor", "references", "conditions", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("topic", "article")

    statement_reading_level = reading_level_column("statement")


@admin.register(Condition)
class ConditionAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["articles"]
