"""Public pages for anonymous readers, served from the cache without touching the session or the database.

A page is stored only when an anonymous GET without a query string reaches a view listed in
PAGE_CACHE_VIEWS and the answer is a plain 200 that sets no cookie and does not vary by cookie.
Any request carrying a session cookie (staff, a draft preview) never reads or writes the cache, so
a staff member's page is never shown to the public nor the other way round. Each stored page carries
the content generation it was rendered in (generation.py) and is served only while that is still
the current one, so an edit anywhere is seen on the very next request everywhere.
"""
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import cc_delim_re

from . import generation

# Headers the page cache may vary on: GZipMiddleware (inside it) compresses for some clients only.
HANDLED_VARY = {"accept-encoding"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        cache = caches[settings.PAGE_CACHE_ALIAS]
        # Read before rendering: a page rendered while an edit lands is stored under the old generation.
        current, stored = generation.current_with(cache, key)
        if stored is not None and stored[0] == current:
            return self._replay(request, stored)
        response = self.get_response(request)
        if request.method == "GET" and self._storable(request, response):
            page = (current, response.status_code, list(response.items()), response.content)
            cache.set(key, page, settings.PAGE_CACHE_SECONDS)
        return response

    def _key(self, request):
        """The cache key for this request, or None when the cache must not be used for it."""
        if settings.DEBUG:
            return None  # while developing, templates and code change without any content edit
        if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # let the normal path answer 400
        gzip = "gz" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "id"
        url = f"{request.scheme}://{host}{request.path}".encode()
        return f"page:{gzip}:{hashlib.sha256(url).hexdigest()}"

    def _storable(self, request, response):
        match = request.resolver_match
        if match is None or match.view_name not in settings.PAGE_CACHE_VIEWS:
            return False
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
        if not vary <= HANDLED_VARY:
            return False  # Vary: Cookie means the page was built from the session
        cache_control = response.get("Cache-Control", "").lower()
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))

    def _replay(self, request, stored):
        _, status, headers, content = stored
        response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
        for name, value in headers:
            response[name] = value
        return response
