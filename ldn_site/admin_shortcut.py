"""The admin's "view on site" shortcut (/admin/r/<content type>/<id>/), for staff who may see that object.

Django's own shortcut redirects any staff account to any object's address, so it told staff
without permissions a draft's slug. Here an account that may neither view nor change the
model gets the same 404 as an object that does not exist.
"""
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404


@staff_member_required
def guarded_shortcut(request, content_type_id, object_id):
    """Redirect to the object's page, if this account may view or change objects of its kind."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404("No such object.") from None
    if model is None:
        raise Http404("No such object.")
    opts = model._meta
    if not any(request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}") for action in ("view", "change")):
        raise Http404("No such object.")
    return shortcut(request, content_type_id, object_id)
