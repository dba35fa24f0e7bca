"""Django's GZipMiddleware, without its random padding where there is no secret to protect.

The padding (Django 4.2+) defends against BREACH, which needs a secret in the page and the
attacker's text beside it. An answer to a request without cookies that sets none has no secret; its
compressed bytes must be the same in every worker and on every server, or the one strong ETag would
name different bytes and caches would lose their 304s. Everything else is padded as before.
"""
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware


class _Unpadded(DjangoGZipMiddleware):
    max_random_bytes = 0


class GZipMiddleware(DjangoGZipMiddleware):
    def __init__(self, get_response):
        super().__init__(get_response)
        self._unpadded = _Unpadded(get_response)

    def process_response(self, request, response):
        if request.COOKIES or response.cookies:
            return super().process_response(request, response)
        return self._unpadded.process_response(request, response)
