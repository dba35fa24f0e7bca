"""HTTP caching for public pages (RFC 9110, 9111): the headers a stored page carries, and conditional GETs.

A public page says who may keep it and for how long (PAGE_CACHE_SHARED_MAX_AGE and the stale
allowances, from the environment): browsers keep it but ask again each time (max-age=0, answered
with a 304 while nothing changed), shared caches (the nginx in front, a CDN) keep it briefly.
Everything else the site answers without a Cache-Control of its own says `private, no-store`.

The ETag is a digest of the exact bytes sent, so it is strong: the gzip copy and the plain copy
differ, and an edit elsewhere on the site that leaves this page's bytes alone keeps its ETag (a
browser keeps getting 304s). Last-Modified is when these bytes were first rendered.
"""
import hashlib
import time

from django.conf import settings
from django.utils.http import http_date, parse_etags, parse_http_date_safe

PRIVATE = "private, no-store"

# What a 304 repeats from the 200 it stands for (RFC 9110 15.4.5), plus the security headers.
NOT_MODIFIED_HEADERS = {
    "cache-control", "content-location", "etag", "expires", "last-modified", "vary",
    "content-security-policy", "strict-transport-security", "x-frame-options", "x-content-type-options",
    "referrer-policy", "cross-origin-opener-policy",
}


def public_cache_control() -> str:
    """Browsers revalidate every time; shared caches keep the page for a short, configured time."""
    return (f"public, max-age=0, s-maxage={settings.PAGE_CACHE_SHARED_MAX_AGE}, "
            f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}, "
            f"stale-if-error={settings.PAGE_CACHE_STALE_IF_ERROR}")


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def proxy_expires() -> tuple:
    """nginx's X-Accel-Expires as an absolute second: fresh until the end of the shared lifetime's last
    whole second, so a page the proxy holds is never a full PAGE_CACHE_SHARED_MAX_AGE old (s-maxage
    counts whole seconds from when nginx stored it, which can be almost one second more)."""
    return ("X-Accel-Expires", f"@{int(time.time()) + settings.PAGE_CACHE_SHARED_MAX_AGE - 1}")


def validators(body: bytes, previous) -> tuple:
    """(ETag, Last-Modified as a Unix time) for these bytes; `previous` is the (etag, last_modified) the
    page had before this render, or None: unchanged bytes keep their date."""
    etag = etag_for(body)
    if previous is not None and previous[0] == etag:
        return previous
    return etag, int(time.time())


def caching_headers(etag: str, last_modified: int) -> list:
    return [("Cache-Control", public_cache_control()), ("ETag", etag), ("Last-Modified", http_date(last_modified))]


def not_modified(meta, etag: str, last_modified: int) -> bool:
    """Does this GET or HEAD hold validators that still match? If-None-Match wins over If-Modified-Since;
    a value that cannot be read matches nothing (the full page is sent, never an error)."""
    if_none_match = meta.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = parse_etags(if_none_match)  # weak comparison: W/"x" matches "x"
        return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)
    if_modified_since = meta.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since:
        since = parse_http_date_safe(if_modified_since)
        # A date in the future is invalid (RFC 9110 13.1.3): the client's clock, not our page.
        return since is not None and last_modified <= since <= time.time()
    return False


def not_modified_headers(headers: list) -> list:
    return [(name, value) for name, value in headers if name.lower() in NOT_MODIFIED_HEADERS]
