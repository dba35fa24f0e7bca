"""Public pages for anonymous readers, served ready-made from the cache without touching the session or the database.

A page is stored only when an anonymous GET without a query string reaches a view its app marks
with cacheable() (cacheable.py) and the answer is a plain 200 that sets no cookie and does not vary by cookie.
Any request carrying a session cookie (staff, a draft preview) never reads or writes the cache, so
a staff member's page is never shown to the public nor the other way round. Each stored page carries
the content generation it was rendered in (generation.py) and is served only while that is still
the current one, so an edit anywhere is seen on the very next request everywhere.

This middleware is the outermost one, so a page is stored exactly as sent: every header the others
add, its caching headers (http.py) and the 304 that stands for it. wsgi.py answers hits with it
before Django builds a request; this middleware answers them too (the test client, any other server).
"""
import hashlib

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import cc_delim_re

from . import generation, http
from .cacheable import is_cacheable
from .redis_cache import page_store

# Headers the page cache may vary on: GZipMiddleware (inside it) compresses for some clients only.
HANDLED_VARY = {"accept-encoding"}
# A stored page: (generation, status line, headers, body, ETag, Last-Modified, the 304's headers).
GENERATION, STATUS, HEADERS, BODY, ETAG, LAST_MODIFIED, HEADERS_304 = range(7)


def cache_key(request):
    """The cache key for this request, or None when the cache must not be used for it."""
    if settings.DEBUG:
        return None  # while developing, templates and code change without any content edit
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or request.path.startswith(settings.STATIC_URL):
        return None
    try:
        request.get_host()  # validated here; the key itself uses SITE_URL
    except DisallowedHost:
        return None  # let the normal path answer 400
    gzip = "gz" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "id"
    # SITE_URL, not the Host: every allowed spelling of the host (with a port, say) shares one entry.
    url = f"{request.scheme}:{settings.SITE_URL}{request.path}".encode()
    return f"page:{gzip}:{hashlib.sha256(url).hexdigest()}"


def lookup(request):
    """(key, the current generation, the stored page or None, whether it may be served)."""
    key = cache_key(request)
    if key is None:
        return None, None, None, False
    current, stored = generation.current_with(page_store(), key)
    return key, current, stored, stored is not None and stored[GENERATION] == current


def ready_answer(request, page):
    """(status line, headers, body) answering this request from a stored page: the page or its 304."""
    headers_extra = [http.proxy_expires()]
    if http.not_modified(request.META, page[ETAG], page[LAST_MODIFIED]):
        return "304 Not Modified", page[HEADERS_304] + headers_extra, b""
    return page[STATUS], page[HEADERS] + headers_extra, b"" if request.method == "HEAD" else page[BODY]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read before rendering: a page rendered while an edit lands is stored under the old generation.
        key, current, stored, fresh = lookup(request)
        if fresh:
            return self._response(*ready_answer(request, stored))
        response = self.get_response(request)
        if key is None or not self._storable(request, response):
            return self._private(request, response)
        previous = (stored[ETAG], stored[LAST_MODIFIED]) if stored is not None else None
        page = self._page(current, response, previous)
        if request.method == "GET":
            page_store().set(key, page, settings.PAGE_CACHE_SECONDS)
        return self._response(*ready_answer(request, page))

    def _storable(self, request, response):
        match = request.resolver_match
        if match is None or not is_cacheable(match.func):
            return False
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
        if not vary <= HANDLED_VARY:
            return False  # Vary: Cookie means the page was built from the session
        cache_control = response.get("Cache-Control", "").lower()
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))

    def _private(self, request, response):
        """Nothing but a stored public page may be kept by a shared cache: staff, the admin, searches,
        errors, anything setting a cookie or built from the session say so."""
        cache_control = response.get("Cache-Control", "").lower()
        personal = response.cookies or "cookie" in response.get("Vary", "").lower()
        if not cache_control or (personal and "private" not in cache_control and "no-store" not in cache_control):
            response["Cache-Control"] = http.PRIVATE
        return response

    def _page(self, current, response, previous):
        etag, last_modified = http.validators(response.content, previous)
        headers = [(name, value) for name, value in response.items()
                   if name.lower() not in ("cache-control", "etag", "last-modified", "expires")]
        headers += http.caching_headers(etag, last_modified)
        status = f"{response.status_code} {response.reason_phrase}"
        return (current, status, headers, response.content, etag, last_modified, http.not_modified_headers(headers))

    def _response(self, status, headers, body):
        response = HttpResponse(body, status=int(status[:3]))
        del response["Content-Type"]
        for name, value in headers:
            response[name] = value
        return response
