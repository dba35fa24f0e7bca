from django.contrib import admin

from core.reading_report import grade_verdict, text_grade
from editing.revisions import HistoryAdmin

from .models import Term


@admin.register(Term)
class TermAdmin(HistoryAdmin):
    list_display = ["name", "definition_reading_level", "updated"]
    search_fields = ["name", "synonyms", "definition"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["references"]
    readonly_fields = ["definition_reading_level"]
    fields = ["name", "slug", "synonyms", "definition", "definition_reading_level", "references"]

    @admin.display(description="definition reading level (US grade)")
    def definition_reading_level(self, obj):
        return grade_verdict(text_grade(obj.definition)) if obj.pk else "Shown after the first save."
