from django.contrib import admin

from editing.revisions import HistoryAdmin

from .models import PatientTerm


@admin.register(PatientTerm)
class PatientTermAdmin(HistoryAdmin):
    """The patients' thesaurus: what patients type, and the site's words a search adds for it."""

    list_display = ["phrase", "meanings", "source"]
    search_fields = ["phrase", "means", "source"]
    fields = ["phrase", "means", "source"]

    @admin.display(description="also finds")
    def meanings(self, obj):
        return ", ".join(obj.meaning_list)
