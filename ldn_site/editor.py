"""The markdownx editor endpoints, guarded: markdownx itself checks no permission."""
from django.contrib.auth.decorators import permission_required
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path
from markdownx.views import ImageUploadView, MarkdownifyView


def _editor_only(view):
    # Staff who may edit articles; everyone else gets the login page or 403, never the renderer.
    return staff_member_required(
        permission_required(
            ["articles.change_article"], raise_exception=True
        )(view)
    )


urlpatterns = [
    path("markdownify/", _editor_only(MarkdownifyView.as_view()), name="markdownx_markdownify"),
    path("upload/", _editor_only(ImageUploadView.as_view()), name="markdownx_upload"),
]
