from django.contrib import admin

from core.reading_report import reading_level_column
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

    definition_reading_level = reading_level_column("definition", "definition reading level (US grade)")
