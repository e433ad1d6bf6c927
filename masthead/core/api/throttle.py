"""Rate limits per personal token and per address, counted in the shared cache.

A fixed one-minute window per caller, counted by ``core.ratelimit`` like every other limit
(two cache operations a request, the same on every process and cache backend). Numbers are
settings (see docs/api.md).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from masthead.core import ratelimit
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
        counted = ratelimit.count(
            scope="api", key=caller, rate=ratelimit.Rate(count=limit, seconds=WINDOW_SECONDS)
        )
        self._local.wait = counted.resets_in
        if counted.tries is None:
            # The cache is unreachable: serve the request unlimited rather than fail every API
            # call while Redis is down (found by scripts/faults/outages.py redis).
            request.rate_limit = (limit, limit)  # type: ignore[attr-defined]
            return True
        request.rate_limit = (limit, max(0, limit - counted.tries))  # type: ignore[attr-defined]
        return counted.tries <= limit

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)
