"""Django's built-in Redis cache, reusing one redis-py client per connection pool.

Django builds a new `redis.Redis` object for every cache call (its constructor fills a table of
~170 response callbacks); on a cached page that was a third of the time spent talking to Redis.
The client is a thin, thread-safe wrapper around the pool, so one per pool is enough.
"""
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient
