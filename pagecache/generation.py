"""The content generation: one token every process reads before it serves or stores a cached page.

Every cached page's key includes the token; any content edit replaces it (signals.py), so the
next request in any process, on any server, renders afresh. The token lives where every process
sees it: in the shared cache (Redis) when there is one, else in a small file, because Django's
local-memory cache belongs to one process and several gunicorn workers would each keep their own.
"""
import functools
import os
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .redis_cache import page_store

CACHE_KEY = "pagecache:generation"


def _new_token() -> str:
    return secrets.token_hex(8)


_paths = {}


def _file() -> Path | None:
    path = settings.PAGE_CACHE_GENERATION_FILE
    if not path:
        return None
    # Read on every cached page: building the Path each time was a tenth of a hit's cost.
    if path not in _paths:
        _paths[path] = Path(path)
    return _paths[path]


def current() -> str:
    """The generation every cached page must carry to be served."""
    path = _file()
    if path is None:
        cache = page_store()
        token = cache.get(CACHE_KEY)
        if token is None:
            # Missing (first start, or evicted): a fresh random token can never match an old page.
            cache.add(CACHE_KEY, _new_token(), timeout=None)
            token = cache.get(CACHE_KEY)
        return token
    try:
        return path.read_text(encoding="ascii")
    except FileNotFoundError:
        return bump()


def current_with(cache, key):
    """(the current generation, cache.get(key)): one round trip to Redis when the generation lives there."""
    if _file() is None:
        found = cache.get_many([CACHE_KEY, key])
        if CACHE_KEY in found:
            return found[CACHE_KEY], found.get(key)
    return current(), cache.get(key)


def bump() -> str:
    """Start a new generation: every page cached so far is never served again."""
    token = _new_token()
    path = _file()
    if path is None:
        page_store().set(CACHE_KEY, token, timeout=None)
        return token
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside it and rename over it: a reader sees the old token or the new one, never half.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".generation-")
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(token)
    os.replace(tmp, path)
    return token


def invalidate():
    """Content changed: bump now, so this process's next request (and a test inside one transaction)
    is fresh, and again after the commit, because another process may have rendered the old rows in
    between and stored them under the first new generation."""
    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


def remembered(read):
    """`read` (a function of no arguments reading content) made to run once per generation in each
    process: what every search needs of the whole content (the thesaurus, word counts, the site's words,
    the editors' notes) is kept in memory until any content edit, in any process, starts a new generation."""
    kept = {}

    @functools.wraps(read)
    def value():
        token = current()
        if token not in kept:
            found = read()
            kept.clear()
            kept[token] = found
        return kept[token]

    return value
