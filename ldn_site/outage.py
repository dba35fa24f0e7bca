"""When the database cannot be reached, answer a friendly 503 instead of a 500.

ldn_site.errors.server_error (handler500) asks is_database_unavailable() about the exception
being handled, wherever in the request it was raised (a view, a template, a middleware saving
the session); Django still logs it with its traceback.

Only the DB-API's "operational" failures count: the server is down, refused or timed out,
the connection broke, the file cannot be opened, the database is locked. Programming
errors (a bad query, a missing table on PostgreSQL, an integrity error) stay 500s.

Recovery needs nothing here: Django opens a connection per request (or health-checks a
persistent one with CONN_HEALTH_CHECKS), and at the end of a request it closes a connection
that raised an error and no longer answers, so the first request after the database returns
simply works. tests/test_outage.py proves it on SQLite and PostgreSQL.
"""
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 60

# If the page itself cannot be rendered, this still says the right thing.
PLAIN_MESSAGE = (
    "LDN Explained is briefly unavailable. Please try again in a minute. "
    "If you need urgent medical help, contact your doctor or the emergency services."
)


def is_database_unavailable(exception):
    """True when `exception` (or what caused it) means the database could not be reached or used."""
    while exception is not None:
        if isinstance(exception, (OperationalError, InterfaceError)):
            return True
        exception = exception.__cause__
    return False


def unavailable_response():
    """The friendly 503 page, rendered without touching the database."""
    try:
        # No request context: context processors (user, messages) could reach for the database.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    except DatabaseError:
        response = HttpResponse(PLAIN_MESSAGE, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Never kept by a cache or a proxy: the next request should reach the site again.
    response["Cache-Control"] = "no-store"
    return response
