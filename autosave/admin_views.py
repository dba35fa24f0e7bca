"""The admin side of autosave: a URL beside each change and add form that keeps, offers and drops the draft."""
import json

from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache

from . import store

NOT_ALLOWED = "Your account may not edit this entry, so nothing was kept."


def when(moment) -> str:
    """"10:42" today, "30 November, 10:42" on another day: what an editor needs to recognise their work."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "j F Y, H:i")


class AutosaveAdmin:
    """ModelAdmin mixin: every change and add form keeps what is typed, per person and entry, until it is saved."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(never_cache(self.autosave_view))
        return [
            path("add/autosave/", view, name="%s_%s_autosave_add" % info),
            path("<path:object_id>/autosave/", view, name="%s_%s_autosave" % info),
        ] + super().get_urls()

    def autosave_url(self, obj):
        info = self.opts.app_label, self.opts.model_name
        if obj is None or obj.pk is None:
            return reverse("admin:%s_%s_autosave_add" % info, current_app=self.admin_site.name)
        return reverse("admin:%s_%s_autosave" % info, args=[obj.pk], current_app=self.admin_site.name)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The restore form shows an old version, not what this person was typing: no draft there.
        if not context.get("restoring"):
            context["autosave_url"] = self.autosave_url(obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def autosave_view(self, request, object_id=None):
        """GET: this person's draft of the form, if any. POST: keep the form as sent, or drop it (discard=1)."""
        obj = self.get_object(request, object_id) if object_id else None
        if object_id and obj is None:
            return JsonResponse({"error": "This entry no longer exists."}, status=404)
        allowed = self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        if not allowed:
            return JsonResponse({"error": NOT_ALLOWED}, status=403)
        key = {"user": request.user, "model": self.model, "object_key": str(obj.pk) if obj else ""}
        if request.method == "GET":
            draft = store.find(**key)
            if draft is None:
                return JsonResponse({"draft": None})
            return JsonResponse({"draft": {"fields": draft.fields, "saved_at": draft.saved_at.isoformat(), "when": when(draft.saved_at)}})
        if request.method != "POST":
            return JsonResponse({"error": "Only GET and POST."}, status=405)
        if request.POST.get("discard"):
            store.drop(**key)
            return JsonResponse({"dropped": True})
        try:
            draft = store.keep(**key, fields=json.loads(request.POST.get("payload", "")))
        except ValueError as problem:
            # json.JSONDecodeError and store.BadAutosave are both ValueErrors.
            return JsonResponse({"error": f"The draft could not be kept: {problem}"}, status=400)
        return JsonResponse({"kept": True, "when": when(draft.saved_at)})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Saved for real: the draft of this form has done its job.
        store.drop(user=request.user, model=self.model, object_key=str(obj.pk) if change else "")
