"""Which answers the page cache may keep: each app marks its own public pages, so no list has to track the URLs."""
from functools import wraps


def cacheable(view):
    """Mark `view` (a function, or a callable such as a Feed) as a public page whose anonymous answers may be stored."""

    @wraps(view)
    def public_page(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    public_page.page_cacheable = True
    return public_page


def is_cacheable(view) -> bool:
    return getattr(view, "page_cacheable", False)
