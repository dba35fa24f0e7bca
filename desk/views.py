"""The "Needs attention" admin page."""
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from .attention import needs_attention


def needs_attention_view(request):
    """Overdue reviews, drafts and unchecked pasted references, each linked to its form; staff only (admin_view)."""
    sections = needs_attention(request.user)
    if not sections:
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": "Needs attention",
        "sections": sections,
        "total": sum(len(section.items) for section in sections),
    }
    return TemplateResponse(request, "admin/needs_attention.html", context)
