"""Rate limits per personal token and per address, counted in the shared cache.

A fixed one-minute window per caller: two cache operations a request, the same on every
process and every cache backend. Numbers are settings (see docs/api.md).
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from masthead.core.ratelimit import client_address

WINDOW_SECONDS = 60


class ApiRateThrottle(BaseThrottle):
    def __init__(self) -> None:
        self._local = threading.local()

    def _caller(self, request: HttpRequest) -> tuple[str, int]:
        token = getattr(request, "api_token", None)
        if token is not None:
            return f"t{token.id}", settings.MASTHEAD_API_RATE_PER_TOKEN
        return f"a{client_address(request)}", settings.MASTHEAD_API_RATE_PER_ADDRESS

    def allow_request(self, request: HttpRequest) -> bool:
        caller, limit = self._caller(request)
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        key = f"api:rate:{caller}:{window}"
        cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
        try:
            count = cache.incr(key)
        except ValueError:
            # The key vanished between add and incr (eviction): count this request afresh.
            cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
            count = 1
        self._local.wait = (window + 1) * WINDOW_SECONDS - now
        if count is None:
            # The cache is unreachable (django-redis IGNORE_EXCEPTIONS answers None): serve the
            # request unlimited rather than fail every API call while Redis is down (found by
            # scripts/faults/outages.py redis).
            request.rate_limit = (limit, limit)
            return True
        request.rate_limit = (limit, max(0, limit - count))
        return count <= limit

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
