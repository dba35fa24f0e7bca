from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse

from editing.revisions import HistoryAdmin

from .models import SINGLETON_ID, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(HistoryAdmin):
    """One row: the list goes straight to it (or to adding it, the first time)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["publisher", "publisher_url", "clinical_lead", "clinical_lead_role", "funding", "contact_email"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        info = self.opts.app_label, self.opts.model_name
        if SiteSettings.objects.filter(pk=SINGLETON_ID).exists():
            return redirect(reverse("admin:%s_%s_change" % info, args=[SINGLETON_ID]))
        if self.has_add_permission(request):
            return redirect(reverse("admin:%s_%s_add" % info))
        return super().changelist_view(request, extra_context)
