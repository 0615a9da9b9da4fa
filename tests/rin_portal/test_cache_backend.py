"""The Redis cache backend shares one client per pool instead of building one per call."""

import socket

import pytest

from rin_portal.cache import RedisCache

URL = "redis://127.0.0.1:6379/15"


def _redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_one_client_serves_every_call():
    backend = RedisCache(URL, {})
    assert backend._cache.get_client(write=True) is backend._cache.get_client()


@pytest.mark.skipif(not _redis_is_running(), reason="no Redis on 127.0.0.1:6379")
def test_values_round_trip_through_redis():
    backend = RedisCache(URL, {"KEY_PREFIX": "rin-test"})
    backend.set("page", b"<p>Stran</p>", 10)
    assert backend.get("page") == b"<p>Stran</p>"
    backend.delete("page")
    assert backend.get("page") is None
