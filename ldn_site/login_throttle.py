"""Admin login throttling: who is asking, two lockouts (django-axes), a cheap rate limit, the 429 pages.

Failures are counted per username *and* address, so someone guessing a member of staff's
password from elsewhere never locks that person out of their own account; and per address
alone, with a higher limit, so guessing with made-up usernames stops too. Before either,
`LoginRateLimitMiddleware` answers a flood from the cache, before any password is hashed.
"""
import ipaddress

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
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
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
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


class LoginRateLimitMiddleware:
    """Login POSTs over their rate get a 429 from the cache, before sessions, the database or any hashing.

    Checking one password costs a third of a second of a core (PBKDF2, on purpose); without
    this, a flood of guesses takes every worker from the public pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.login_path = None

    def __call__(self, request):
        if request.method == "POST":
            self.login_path = self.login_path or reverse("admin:login")
            if request.path_info == self.login_path:
                if over_limit("login-address", client_ip(request), limit=_share(settings.LOGIN_POSTS_PER_ADDRESS_PER_MINUTE), seconds=60):
                    return _too_fast("There have been too many attempts to log in from this address in the last minute.", 60)
                if over_limit("login-site", "all", limit=_share(settings.LOGIN_POSTS_PER_MINUTE), seconds=60):
                    return _too_fast("There have been too many attempts to log in to this site in the last minute.", 60)
        return self.get_response(request)


class PasswordChangeRateLimitMiddleware:
    """Password-change POSTs (each checks the old password) limited per person per hour."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info == reverse("admin:password_change") and request.user.is_authenticated:
            if over_limit("password-change", str(request.user.pk), limit=settings.PASSWORD_CHANGES_PER_USER_PER_HOUR, seconds=3600):
                return _too_fast("Your password has been tried too many times in the last hour.", 3600)
        return self.get_response(request)
