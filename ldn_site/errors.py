"""Friendly error pages that never depend on the database."""
import logging
import sys

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from . import outage


def bad_request(request, exception=None):
    """A malformed request (bad host, too many fields, a broken query string): say so plainly."""
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Django calls this while handling the exception; a database outage anywhere in the
    # request (a middleware saving the session, say) is a 503, not a 500.
    if outage.is_database_unavailable(sys.exc_info()[1]):
        return outage.unavailable_response()
    # No context processors that could touch the database or fail again.
    return HttpResponseServerError(loader.get_template("500.html").render())


class OneLineFormatter(logging.Formatter):
    """The message alone, on one line: no traceback, no stack (LOGGING's "one_line")."""

    def format(self, record):
        return " ".join(f"{record.levelname} {record.name}: {record.getMessage()}".split())
