"""Admin login throttling: who is asking, two lockouts (django-axes), a cheap rate limit, the 429 pages.

Failures are counted per username *and* address, so someone guessing a member of staff's
password from elsewhere never locks that person out of their own account; and per address
alone, with a higher limit, so guessing with made-up usernames stops too. Before either, login
POSTs are counted in the cache and a flood is refused before any password is hashed: by
`LoginFloodGate` around Django under gunicorn, by `LoginRateLimitMiddleware` otherwise.
"""
import ipaddress

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.rate_limits import over_limit, retry_after


def _is_trusted_proxy(address):
    if "*" in settings.TRUSTED_PROXIES:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(proxy, strict=False) for proxy in settings.TRUSTED_PROXIES)


def client_ip(request):
    """The visitor's address: behind our proxy, the last X-Forwarded-For entry (the one it added)."""
    return client_address(request.META)


def client_address(meta):
    """client_ip from a request's META or, before Django builds a request, the WSGI environ (the same dict)."""
    remote = meta.get("REMOTE_ADDR", "")
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and _is_trusted_proxy(remote):
        # Earlier entries come from the client and may be forged; the proxy appends the real one.
        last = forwarded.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(last))
        except ValueError:
            pass
    return remote


def _pair_failures(request, credentials):
    # AXES_LOCKOUT_PARAMETERS lists the username+address pair first.
    attempts = AxesProxyHandler.get_implementation().get_user_attempts(request, credentials)[0]
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failure_limit(request, credentials=None):
    """AXES_FAILURE_LIMIT: axes compares the larger of the two counts with one limit, so choose it here.

    The pair's limit once the pair reached it; otherwise the address's, which is higher, so a
    colleague on the same office connection is not locked out by one person's typos.
    """
    pair_limit = settings.LOGIN_FAILURES_PER_USERNAME_AND_ADDRESS
    if _pair_failures(request, credentials) >= pair_limit:
        return pair_limit
    return settings.LOGIN_FAILURES_PER_ADDRESS


def lockout_response(request, original_response=None, credentials=None):
    """429 Too Many Requests: the site's page saying when to try again and what to do."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60)
    by_pair = _pair_failures(request, credentials) >= settings.LOGIN_FAILURES_PER_USERNAME_AND_ADDRESS
    context = {
        "username": get_client_username(request, credentials) or "" if by_pair else "",
        "by_address": not by_pair,
        "failure_limit": settings.LOGIN_FAILURES_PER_USERNAME_AND_ADDRESS if by_pair else settings.LOGIN_FAILURES_PER_ADDRESS,
        "minutes": minutes,
        # Every attempt during the lockout starts the wait again, so it ends this long from now.
        "retry_at": timezone.now() + cool_off,
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response


_pages = {}


def _too_fast(message, seconds):
    # Rendered once per process: a flood is answered with bytes already made (the page uses no request).
    wait = "a minute" if seconds <= 60 else "an hour"
    if (message, wait) not in _pages:
        _pages[message, wait] = render_to_string("429_rate.html", {"message": message, "wait": wait})
    response = HttpResponse(_pages[message, wait], status=429)
    response["Retry-After"] = str(retry_after(seconds))
    response["Cache-Control"] = "no-store"
    return response


def _share(limit):
    """This process's share of a login limit (LOGIN_LIMIT_PROCESSES: each worker counting alone)."""
    return -(-limit // settings.LOGIN_LIMIT_PROCESSES)


TOO_MANY_FROM_ADDRESS = "There have been too many attempts to log in from this address in the last minute."
TOO_MANY_FOR_SITE = "There have been too many attempts to log in to this site in the last minute."
# The WSGI environ key where LoginFloodGate leaves its count's verdict for the middleware: None (under
# the limits) or the refusal's message. Present means counted: the middleware must not count again.
COUNTED = "ldn_site.login_refusal"


def login_refusal(meta):
    """Count one login POST, per address and for the site; the refusal's message once over a limit, else None."""
    if over_limit("login-address", client_address(meta), limit=_share(settings.LOGIN_POSTS_PER_ADDRESS_PER_MINUTE), seconds=60):
        return TOO_MANY_FROM_ADDRESS
    if over_limit("login-site", "all", limit=_share(settings.LOGIN_POSTS_PER_MINUTE), seconds=60):
        return TOO_MANY_FOR_SITE
    return None


class LoginRateLimitMiddleware:
    """Login POSTs over their rate get a 429 from the cache, before sessions, the database or any hashing.

    Checking one password costs a third of a second of a core (PBKDF2, on purpose); without
    this, a flood of guesses takes every worker from the public pages. Under gunicorn,
    LoginFloodGate (ldn_site/wsgi.py) has already counted the POST and answered most refusals
    itself; this counts whatever reaches Django another way (the test client, runserver).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.login_path = None

    def __call__(self, request):
        if request.method == "POST":
            self.login_path = self.login_path or reverse("admin:login")
            if request.path_info == self.login_path:
                refusal = request.META[COUNTED] if COUNTED in request.META else login_refusal(request.META)
                if refusal:
                    return _too_fast(refusal, 60)
        return self.get_response(request)


class LoginFloodGate:
    """WSGI: login POSTs over their rate answered before Django builds a request or runs any middleware.

    Under a flood almost every login POST is refused. Through Django each refusal cost 143-146 us
    of CPU in-process (request, middleware, signals); here 19 us: the two cache counts and bytes
    already made (production settings, local-memory cache, load 5.2-5.6).

    The first refusal of each kind in a process goes through Django: LoginRateLimitMiddleware
    answers it, told the verdict, and every middleware outside it adds its headers. Its status,
    headers and body are kept and replayed with a fresh Retry-After, so the page and its security
    headers are always exactly what Django sends. Anything the gate cannot decide, it leaves to Django.
    """

    def __init__(self, application):
        self.application = application
        self.login_path = None
        self.answers = {}  # (message, https): (status line, headers, body)

    def __call__(self, wsgi_env, start_response):  # the request's WSGI dict, not os.environ
        if wsgi_env.get("REQUEST_METHOD", "").upper() != "POST":
            return self.application(wsgi_env, start_response)
        try:
            self.login_path = self.login_path or reverse("admin:login")
            if wsgi_env.get("PATH_INFO") != self.login_path:
                return self.application(wsgi_env, start_response)
            secure = WSGIRequest(wsgi_env).is_secure()
            if settings.SECURE_SSL_REDIRECT and not secure:
                # SecurityMiddleware redirects it to https before any limit counts it.
                return self.application(wsgi_env, start_response)
            refusal = login_refusal(wsgi_env)
        except Exception:  # noqa: BLE001 (the middleware counts it instead, and Django reports any failure)
            return self.application(wsgi_env, start_response)
        wsgi_env[COUNTED] = refusal
        if refusal is None:
            return self.application(wsgi_env, start_response)
        answer = self.answers.get((refusal, secure))
        if answer is None:
            return self._through_django(wsgi_env, start_response, (refusal, secure))
        status, headers, body = answer
        start_response(status, [(name, str(retry_after(60)) if name.lower() == "retry-after" else value)
                                for name, value in headers])
        return [body]

    def _through_django(self, wsgi_env, start_response, key):
        """Django answers this refusal; a 429 is kept for the next ones."""
        kept = {}

        def keep(status, headers, exc_info=None):
            kept["status"], kept["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.application(wsgi_env, keep)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()  # Django's request_finished (database connections closed)
        if kept.get("status", "").startswith("429 "):
            self.answers[key] = (kept["status"], list(kept["headers"]), body)
        return [body]


class PasswordChangeRateLimitMiddleware:
    """Password-change POSTs (each checks the old password) limited per person per hour."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info == reverse("admin:password_change") and request.user.is_authenticated:
            if over_limit("password-change", str(request.user.pk), limit=settings.PASSWORD_CHANGES_PER_USER_PER_HOUR, seconds=3600):
                return _too_fast("Your password has been tried too many times in the last hour.", 3600)
        return self.get_response(request)
