"""Fixed-window counters in the cache (Redis in production, so every worker shares them).

Cheap on purpose: one cache round trip to add, one to increment, nothing hashed or queried,
so a flood is answered before it costs the site anything.
"""
import time

from django.core.cache import cache


def over_limit(name: str, who: str, *, limit: int, seconds: int) -> bool:
    """Count one more event for `who` in the current `seconds`-long window; True once it passes `limit`."""
    window = int(time.time() // seconds)
    key = f"rate:{name}:{who}:{window}"
    if cache.add(key, 1, timeout=seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: this is the first of a new window
            cache.add(key, 1, timeout=seconds + 1)
            count = 1
    return count > limit


def retry_after(seconds: int) -> int:
    """Seconds until the current window ends (for a Retry-After header)."""
    return max(1, int(seconds - time.time() % seconds))
