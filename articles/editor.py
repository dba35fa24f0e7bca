"""The markdownx editor endpoints, guarded: markdownx itself checks no permission.

Only active staff who may change articles reach the preview renderer or the image upload.
The editor calls both with XMLHttpRequest, so refusals are answers its page can show:
JSON for uploads, an HTML message for the preview.
"""
from functools import wraps
from uuid import uuid4

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from markdownx.settings import MARKDOWNX_MEDIA_PATH

from core.rate_limits import over_limit, retry_after

from . import preview
from .images import ALT_PLACEHOLDER
from .uploads import UploadRefused, check_size, clean_image

EDIT_PERMISSION = "articles.change_article"
SESSION_ENDED = "Your session has ended. Log in again in a new tab, then try again; your text is still here."
NOT_ALLOWED = "Your account may not edit articles. Ask an administrator to add you to the Clinic editors group."
TOO_FAST = "The preview is paused for a few seconds: it was asked for faster than it can be drawn. Your text is safe; keep typing."
# Room for the multipart wrapping around the image itself.
MULTIPART_OVERHEAD = 64 * 1024


def json_refusal(status, message):
    return JsonResponse({"error": message}, status=status)


def html_refusal(status, message):
    return HttpResponse(format_html('<div class="preview-problems" role="alert"><p>{}</p></div>', message), status=status)


def staff_only(refuse):
    """Let through active staff with change permission on articles; `refuse` answers everyone else."""

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return refuse(401, SESSION_ENDED)
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if not (user.is_active and user.is_staff and user.has_perm(EDIT_PERMISSION)):
                return refuse(403, NOT_ALLOWED)
            return view(request, *args, **kwargs)

        return never_cache(require_POST(guarded))

    return decorator


@staff_only(html_refusal)
def markdownify(request):
    """The live preview: the body as patients will see it (articles.preview.markdownify)."""
    if over_limit("preview", str(request.user.pk), limit=settings.PREVIEW_RATE_PER_MINUTE, seconds=60):
        refusal = html_refusal(429, TOO_FAST)
        refusal["Retry-After"] = str(retry_after(60))
        return refusal
    return HttpResponse(preview.markdownify(request.POST.get("content", "")))


@staff_only(json_refusal)
def upload_image(request):
    """Store a dropped or pasted image, cleaned, and answer with the Markdown that shows it."""
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    try:
        # The declared length first, so an oversized upload is refused before it is decoded.
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > max_bytes + MULTIPART_OVERHEAD:
            check_size(declared, max_bytes)
        upload = request.FILES.get("image")
        if upload is None:
            raise UploadRefused("No image arrived. Drag a PNG or JPEG file into the text box, or paste one.")
        check_size(upload.size, max_bytes)
        image = clean_image(
            upload.read(),
            max_bytes=max_bytes,
            max_pixels=settings.IMAGE_UPLOAD_MAX_PIXELS,
            max_width=settings.IMAGE_MAX_WIDTH,
            max_side=settings.IMAGE_UPLOAD_MAX_SIDE,
        )
    except UploadRefused as refusal:
        return json_refusal(400, str(refusal))
    name = default_storage.save(f"{MARKDOWNX_MEDIA_PATH}{uuid4().hex}.{image.extension}", ContentFile(image.data))
    return JsonResponse(
        {
            "image_code": f"![{ALT_PLACEHOLDER}]({default_storage.url(name)})",
            "message": f"Image added ({image.width} × {image.height} pixels). Replace “{ALT_PLACEHOLDER}” "
            "with a short description of what it shows.",
        }
    )


urlpatterns = [
    path("markdownify/", markdownify, name="markdownx_markdownify"),
    path("upload/", upload_image, name="markdownx_upload"),
]
