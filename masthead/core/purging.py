"""Purges by surrogate key: the app's page cache at commit, the proxies from the task worker.

``purge_after_commit(keys)`` is what write paths call. When the transaction commits, the app's
own page cache drops the pages carrying those keys (a few Redis commands) and a background
task sends the keys to every proxy of ``MASTHEAD_PURGE_PROXIES`` (Varnish with xkey:
``PURGE /`` with an ``xkey`` header, deploy/varnish/masthead.vcl). The editor never waits on a
proxy: a proxy that cannot be reached is retried with back-off by the task, each failure is
logged and counted, and ``/health/ready/`` lists the proxies whose last purge failed until
one gets through.

``MASTHEAD_PURGE=all`` keeps the old behaviour (every change purges every page, here and in
the proxies) for the churn bench's comparison.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from masthead.core import metrics, pagecache

logger = logging.getLogger(__name__)

FAILING_KEY = "purge:failing"
# Sent as one header per request: Varnish's default limit on a header line is 8 KB.
KEYS_PER_REQUEST = 400
TIMEOUT_SECONDS = 5.0


def purge_after_commit(keys: Iterable[str], *, reason: str = "") -> None:
    """Purge ``keys`` everywhere once the current transaction commits (at once outside one)."""
    keys = sorted(set(keys))
    if not keys:
        return

    def send() -> None:
        purge_now(keys, reason=reason)

    if getattr(settings, "MASTHEAD_PURGE_AT_ONCE", False):
        # The suite's tests run inside a transaction that never commits (settings/test.py);
        # the on-commit path has its own tests.
        send()
    else:
        transaction.on_commit(send)


def purge_now(keys: list[str], *, reason: str = "") -> None:
    dropped = pagecache.purge_keys(keys)
    logger.info("purged %d keys%s: %s", len(keys), f" ({reason})" if reason else "", _short(keys))
    if settings.MASTHEAD_PURGE_PROXIES:
        from masthead.core.tasks import purge_proxies, refresh_then_purge_proxies

        if pagecache.legacy_global_purge():
            for proxy in settings.MASTHEAD_PURGE_PROXIES:
                purge_proxies.enqueue(proxy, [], 1)
            return
        refresh_then_purge_proxies.enqueue(keys, dropped[: settings.MASTHEAD_PURGE_REFRESH])


def purge_everything(*, proxies: bool = True) -> None:
    """The operator's "purge everything" (``manage.py purge_cache --all``): no write path."""
    pagecache.purge_all()
    if proxies:
        for proxy in settings.MASTHEAD_PURGE_PROXIES:
            send_to_proxy(proxy, [])


def _short(keys: list[str]) -> str:
    return " ".join(keys[:12]) + (f" … (+{len(keys) - 12})" if len(keys) > 12 else "")


def send_to_proxy(proxy: str, keys: list[str]) -> None:
    """One proxy's purge: ``PURGE`` with the keys in ``xkey`` (Varnish's vmod_xkey), or a
    ``BAN`` of everything when ``keys`` is empty. Raises on any failure."""
    import requests

    base = proxy.rstrip("/") + "/"
    if not keys:
        response = requests.request("BAN", base, timeout=TIMEOUT_SECONDS)
        _check(proxy, response)
        return
    for start in range(0, len(keys), KEYS_PER_REQUEST):
        batch = keys[start : start + KEYS_PER_REQUEST]
        response = requests.request(
            "PURGE", base, headers={"xkey": " ".join(batch)}, timeout=TIMEOUT_SECONDS
        )
        _check(proxy, response)


def _check(proxy: str, response) -> None:
    if response.status_code != 200:
        raise PurgeRefused(f"{proxy} answered {response.status_code}: {response.text[:200]}")


class PurgeRefused(Exception):
    pass


def proxy_label(proxy: str) -> str:
    """The proxy's host:port, as logs and metrics name it (never a path or credentials)."""
    parts = urlsplit(proxy)
    return parts.hostname + (f":{parts.port}" if parts.port else "") if parts.hostname else proxy


def record_failure(proxy: str, error: str, attempt: int, *, lost: bool = False) -> None:
    label = proxy_label(proxy)
    failing = cache.get(FAILING_KEY) or {}
    before = failing.get(label, {})
    failing[label] = {
        "since": before.get("since", time.time()),
        "error": error[:300],
        "attempt": attempt,
        "lost": before.get("lost", False) or lost,
    }
    cache.set(FAILING_KEY, failing, timeout=None)
    metrics.purge_failed(label)


def lost_purges(proxy: str) -> bool:
    return bool((cache.get(FAILING_KEY) or {}).get(proxy_label(proxy), {}).get("lost"))


def record_success(proxy: str) -> None:
    failing = cache.get(FAILING_KEY) or {}
    if proxy_label(proxy) in failing:
        del failing[proxy_label(proxy)]
        cache.set(FAILING_KEY, failing, timeout=None)


def failing_proxies() -> dict[str, dict]:
    """Proxies whose last purge did not get through (``/health/ready/`` reports them)."""
    return cache.get(FAILING_KEY) or {}


def retry_delay(attempt: int) -> float:
    return min(60.0, 2.0 ** (attempt - 1))
