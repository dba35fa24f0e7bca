"""Cached public pages answered before Django's request handling: no middleware, no signals, no response object.

A hit is a ready (status, headers, body) stored by the page-cache middleware, the outermost one, so
what goes out here is byte for byte what the middleware would send. Anything else, and any failure
to read the cache, goes to Django, which answers (or reports the failure) as usual.
"""
from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest

from .middleware import lookup, ready_answer


class CachedPages:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if (environ.get("REQUEST_METHOD") in ("GET", "HEAD") and not environ.get("QUERY_STRING")
                and not environ.get("PATH_INFO", "").startswith(settings.STATIC_URL)):  # whitenoise's, never cached here
            try:
                request = WSGIRequest(environ)
                _, _, page, fresh = lookup(request)
                answer = ready_answer(request, page) if fresh else None
            except Exception:  # noqa: BLE001 (Django's own path answers and logs it)
                answer = None
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]
        return self.application(environ, start_response)
