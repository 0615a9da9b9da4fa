"""The Redis cache backend, with one Redis client per connection pool.

Django's backend builds a new `redis.Redis` for every cache operation, and with it a
table of some 160 response callbacks: about a tenth of a millisecond, twice or three
times on every signed-in request. A `redis.Redis` is safe to share between threads
(it takes a connection from its pool for each command), so one per pool does.
"""

from django.core.cache.backends import redis


class _Client(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
