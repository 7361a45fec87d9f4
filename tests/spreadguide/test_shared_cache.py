"""With ``CACHE_URL=redis://…`` (CI's third run) the cache really is Redis, shared by every process."""

from __future__ import annotations

import os

import pytest
from django.core.cache import cache

REDIS = os.environ.get("CACHE_URL", "").startswith("redis://")
pytestmark = pytest.mark.skipif(not REDIS, reason="runs only with CACHE_URL=redis://…")


def test_the_cache_backend_is_redis():
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    assert isinstance(caches["default"], RedisCache)


def test_another_connection_sees_what_this_process_cached():
    import redis

    cache.set("shared-cache-check", "seen", 30)
    other = redis.Redis.from_url(os.environ["CACHE_URL"])
    assert any(b"shared-cache-check" in key for key in other.scan_iter("*shared-cache-check*"))
