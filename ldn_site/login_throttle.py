"""Admin login throttling with django-axes: who is asking, and the friendly 429 page.

Failures are counted per username *and* address, so someone guessing a member of staff's
password from elsewhere never locks that person out of their own account.
"""
import ipaddress

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


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


def lockout_response(request, original_response=None, credentials=None):
    """429 Too Many Requests: the site's page saying when to try again and what to do."""
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60)
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes,
        # Every attempt during the lockout starts the wait again, so it ends this long from now.
        "retry_at": timezone.now() + cool_off,
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response
