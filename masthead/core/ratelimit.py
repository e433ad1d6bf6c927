"""Rate limits counted in the shared cache, and the reader's address behind trusted proxies.

Every limit in the product (comments, contributions, reports, sign-in) counts through here, so
one reader hitting two features from two processes is counted in one place. A fixed window per
(scope, key): two cache operations a check, the same on the local, file and Redis caches.

The address: ``REMOTE_ADDR`` is the last hop. Behind ``MASTHEAD_TRUSTED_PROXIES`` proxies
(nginx, a load balancer) each appended the address it received from to ``X-Forwarded-For``,
so the client is the entry that many places from the right. Entries further left were written
by the client itself and are never trusted: rotating them does not change the address counted.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"5/m"``, ``"30/h"``, ``"10/15m"`` (ten per fifteen minutes)."""
        try:
            count, per = text.strip().split("/")
            unit = per[-1]
            multiple = int(per[:-1] or 1)
            return cls(count=int(count), seconds=multiple * _UNITS[unit])
        except (ValueError, KeyError, IndexError):
            raise ValueError(
                f"Bad rate {text!r}: write it as count/period, e.g. 5/m, 30/h or 10/15m."
            ) from None

    def __str__(self) -> str:
        return f"{self.count} per {self.seconds} s"


class RateLimited(PermissionDenied):
    """Too many tries; ``retry_after`` is the number of seconds until the window resets."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = int(getattr(settings, "MASTHEAD_TRUSTED_PROXIES", 0) or 0)
    if trusted <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    chain = [*forwarded, remote]
    candidate = chain[-(trusted + 1)] if len(chain) > trusted else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # A proxy we trust wrote something that is not an address: count the hop we know.
        return remote


def keys_for(request: HttpRequest, user: AbstractBaseUser | None = None) -> list[str]:
    """The identities a reader's action is counted under: their account and their address."""
    keys = [f"a:{client_address(request)}"]
    if user is not None and user.is_authenticated:
        keys.insert(0, f"u:{user.pk}")
    return keys


@dataclass(frozen=True)
class Counted:
    """One counted try: ``tries`` so far in this window (None when the cache is unreachable)
    and the seconds until the window resets."""

    tries: int | None
    resets_in: float


def _window(*, scope: str, key: str, rate: Rate, now: float) -> tuple[str, float]:
    """The cache key of the current fixed window and the seconds until it turns."""
    window = int(now // rate.seconds)
    return f"rl:{scope}:{key}:{rate.seconds}:{window}", (window + 1) * rate.seconds - now


def count(*, scope: str, key: str, rate: Rate, now: float | None = None) -> Counted:
    """Count one try of ``key`` in ``scope`` in the current fixed window of ``rate``."""
    now = time.time() if now is None else now
    cache_key, resets_in = _window(scope=scope, key=key, rate=rate, now=now)
    cache.add(cache_key, 0, timeout=rate.seconds + 5)
    try:
        tries = cache.incr(cache_key)
    except ValueError:
        # Evicted between add and incr: count this try afresh.
        cache.set(cache_key, 1, timeout=rate.seconds + 5)
        tries = 1
    return Counted(tries=tries, resets_in=resets_in)


def waiting(*, scope: str, key: str, rate: Rate, now: float | None = None) -> int:
    """Seconds ``key`` must still wait in ``scope`` (0: allowed), without counting a try.

    For limits on failures: look before the attempt, ``hit`` only when it failed."""
    now = time.time() if now is None else now
    cache_key, resets_in = _window(scope=scope, key=key, rate=rate, now=now)
    tries = cache.get(cache_key) or 0
    return max(1, math.ceil(resets_in)) if tries >= rate.count else 0


def hit(*, scope: str, key: str, rate: Rate, now: float | None = None) -> int:
    """Count one try of ``key`` in ``scope``; return the seconds to wait, 0 when allowed."""
    counted = count(scope=scope, key=key, rate=rate, now=now)
    if counted.tries is None:
        # The cache is unreachable (django-redis with IGNORE_EXCEPTIONS answers None): readers
        # keep posting rather than every post failing; limits resume when the cache is back.
        logger.warning("rate limit %s not counted: the cache is unreachable", scope)
        return 0
    if counted.tries > rate.count:
        return max(1, math.ceil(counted.resets_in))
    return 0


def forget(*, scope: str, key: str, rate: Rate, now: float | None = None) -> None:
    """Start ``key``'s count in ``scope`` again (it proved itself another way)."""
    now = time.time() if now is None else now
    cache_key, _resets_in = _window(scope=scope, key=key, rate=rate, now=now)
    cache.delete(cache_key)


def limit(
    *,
    scope: str,
    keys: Iterable[str],
    rate: Rate | str,
    message: str = "You are doing that too often.",
) -> None:
    """Count a try under every key; raise :class:`RateLimited` when any is over ``rate``."""
    rate = Rate.parse(rate) if isinstance(rate, str) else rate
    wait = max((hit(scope=scope, key=key, rate=rate) for key in keys), default=0)
    if wait:
        raise RateLimited(f"{message} Try again in {say_wait(wait)}.", retry_after=wait)


def limit_reader(
    *,
    scope: str,
    keys: Iterable[str],
    rate: Rate | str,
    address_rate: Rate | str,
    message: str = "You are doing that too often.",
) -> None:
    """Like :func:`limit` for ``keys_for`` keys, with the account's own pace (``rate``) apart
    from the address's (``address_rate``, all the accounts behind it together): a reader
    is held to their own count, and another reader at the same address is not."""
    keys = list(keys)
    accounts = [k for k in keys if not k.startswith("a:")]
    addresses = [k for k in keys if k.startswith("a:")]
    rate = Rate.parse(rate) if isinstance(rate, str) else rate
    address_rate = Rate.parse(address_rate) if isinstance(address_rate, str) else address_rate
    wait = max(
        [hit(scope=scope, key=key, rate=rate) for key in accounts]
        + [hit(scope=f"{scope}:address", key=key, rate=address_rate) for key in addresses],
        default=0,
    )
    if wait:
        raise RateLimited(f"{message} Try again in {say_wait(wait)}.", retry_after=wait)


def say_wait(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes" if minutes < 90 else f"{math.ceil(minutes / 60)} hours"
