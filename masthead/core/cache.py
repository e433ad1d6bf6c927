"""The Redis cache backend, failing open while Redis is unreachable.

django-redis with ``IGNORE_EXCEPTIONS`` answers ``None`` to every operation during an outage.
For ``add`` that reads as "someone else holds this key", so code that takes a lock with
``cache.add`` (allauth's rate limiter does, before every sign-in) would refuse every reader
until Redis came back. Here ``add`` answers True instead: during an outage nothing is shared
to protect, and sign-in, comments and pages keep working (docs/security.md, the Redis drill).
"""

from __future__ import annotations

from typing import Any

from django_redis.cache import RedisCache


class FailOpenRedisCache(RedisCache):
    def add(self, *args: Any, **kwargs: Any) -> bool:
        stored = super().add(*args, **kwargs)
        return True if stored is None else stored
