"""Read replicas: which database a request reads from, and whether a replica may be trusted.

With ``DATABASE_REPLICA_URLS`` set (PostgreSQL streaming replicas), anonymous reads — page
rendering, feeds, sitemaps, search, the read-only API — go to a replica; everything else uses
the primary: writes, the admin, identity (sessions, accounts, allauth), background work, and
every request of a reader who wrote in the last ``MASTHEAD_READ_YOUR_WRITES_SECONDS`` (a
cookie set on each write), so they see their own comment at once.

A replica is used only while it is trustworthy, checked at most every
``MASTHEAD_REPLICA_CHECK_SECONDS`` per process:

- it answers (a dead one is left alone for ``MASTHEAD_REPLICA_RETRY_SECONDS``);
- it is less than ``MASTHEAD_REPLICA_MAX_LAG_SECONDS`` behind the primary;
- it has replayed the primary's last *fence*: every cache purge (a publish, a comment) records
  the primary's WAL position after its commit, so a page rendered after the purge — and stored
  under the new generation — is never rendered from data older than the change.

A query that fails on the replica mid-request (it died between checks) marks it down and the
request is answered again from the primary, so readers see no error.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, transaction
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

FENCE_KEY = "replicas:fence"
PIN_COOKIE = "mh_primary"
# Identity and bookkeeping: read where they are written, whoever asks.
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "accounts", "auth", "account", "socialaccount", "mfa", "usersessions",
     "django_tasks_db", "core", "contenttypes"}
)  # fmt: skip
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_read_alias: contextvars.ContextVar[str | None] = contextvars.ContextVar("read_alias", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class ReplicaRouter:
    """Reads go where the request's routing said (the primary unless the middleware chose a
    replica); writes and migrations always go to the primary."""

    def db_for_read(self, model, **hints) -> str:
        alias = _read_alias.get()
        if alias is None or model._meta.app_label in PRIMARY_ONLY_APPS:
            return "default"
        return alias

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == "default"


# --- replica health ---------------------------------------------------------------------------


@dataclass
class ReplicaStatus:
    alias: str
    checked_at: float
    reachable: bool
    lag_seconds: float = 0.0
    lag_bytes: int = 0
    replay_lsn: int = 0
    error: str = ""

    @property
    def usable(self) -> bool:
        return self.reachable and self.lag_seconds <= settings.MASTHEAD_REPLICA_MAX_LAG_SECONDS

    def describe(self) -> str:
        if not self.reachable:
            return "unreachable (reads use the primary)"
        if not self.usable:
            return f"lagging {self.lag_seconds:.1f} s behind (reads use the primary)"
        return "ok"


_status: dict[str, ReplicaStatus] = {}


def _lsn(text: str | None) -> int:
    """PostgreSQL's ``XXXXXXXX/YYYYYYYY`` WAL position as a number."""
    if not text:
        return 0
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def primary_lsn(primary=None) -> int:
    with (primary or connections["default"]).cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return _lsn(cursor.fetchone()[0])


def measure(alias: str, *, primary=None, replica=None) -> ReplicaStatus:
    """Ask the primary where it is and the replica how far it has replayed. Caught up means
    lag 0; otherwise the lag is the age of the last transaction the replica replayed.
    (``primary``/``replica``: connections other than the configured ones.)"""
    now = time.monotonic()
    replica = replica or connections[alias]
    try:
        target = primary_lsn(primary)
        with replica.cursor() as cursor:
            cursor.execute(
                "SELECT pg_last_wal_replay_lsn()::text,"
                " COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)"
            )
            replay_text, age = cursor.fetchone()
    except DatabaseError as error:
        replica.close()
        return ReplicaStatus(alias, now, reachable=False, error=str(error).strip()[:200])
    replay = _lsn(replay_text)
    behind = max(0, target - replay)
    return ReplicaStatus(
        alias, now, reachable=True, lag_seconds=float(age) if behind else 0.0,
        lag_bytes=behind, replay_lsn=replay,
    )  # fmt: skip


def status(alias: str, *, fresh: bool = False) -> ReplicaStatus:
    """The replica's last known state, measured again when it is older than the check
    interval (or the retry interval for a replica that did not answer)."""
    known = _status.get(alias)
    now = time.monotonic()
    if known is not None and not fresh:
        limit = (
            settings.MASTHEAD_REPLICA_CHECK_SECONDS
            if known.reachable
            else settings.MASTHEAD_REPLICA_RETRY_SECONDS
        )
        if now - known.checked_at < limit:
            return known
    measured = measure(alias)
    if known is not None and known.usable != measured.usable:
        logger.warning("replica %s: %s", alias, measured.describe())
    _status[alias] = measured
    return measured


def mark_down(alias: str, error: Exception) -> None:
    logger.warning("replica %s failed a query, reads use the primary: %s", alias, error)
    _status[alias] = ReplicaStatus(alias, time.monotonic(), reachable=False, error=str(error))
    connections[alias].close()


def forget_status() -> None:
    _status.clear()


# --- fences: no page rendered after a purge from data older than the purge ---------------------


def fence() -> None:
    """Record the primary's WAL position after the current transaction commits; a replica
    must have replayed it before it renders anything again."""
    if not replica_aliases():
        return
    transaction.on_commit(_record_fence)


def _record_fence() -> None:
    try:
        position = primary_lsn()
    except DatabaseError:
        return
    known = cache.get(FENCE_KEY) or 0
    if position > known:
        cache.set(FENCE_KEY, position, timeout=3600)


def choose_replica() -> str | None:
    """A replica that may serve this request's reads, or None for the primary."""
    aliases = replica_aliases()
    if not aliases:
        return None
    needed = cache.get(FENCE_KEY) or 0
    for alias in aliases:
        state = status(alias)
        if state.usable and state.replay_lsn < needed:
            state = status(alias, fresh=True)  # it may have caught up since the last check
        if state.usable and state.replay_lsn >= needed:
            return alias
    return None


# --- per request --------------------------------------------------------------------------------


def wants_primary(request: HttpRequest) -> bool:
    return (
        request.method not in SAFE_METHODS
        or request.path.startswith(settings.MASTHEAD_PRIMARY_ONLY_PATHS)
        or PIN_COOKIE in request.COOKIES
    )


class _RetryOnPrimary(HttpResponse):
    """process_exception's answer when the replica failed: __call__ asks again."""


class ReplicaRoutingMiddleware:
    """Chooses the request's read database; pins a reader who wrote to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = bool(replica_aliases())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.enabled:
            return self.get_response(request)
        alias = None if wants_primary(request) else choose_replica()
        request.read_database = alias or "default"  # type: ignore[attr-defined]
        token = _read_alias.set(alias)
        try:
            response = self.get_response(request)
        finally:
            _read_alias.reset(token)
        if isinstance(response, _RetryOnPrimary):
            request.read_database = "default"  # type: ignore[attr-defined]
            response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 500:
            response.set_cookie(
                PIN_COOKIE, "1", max_age=settings.MASTHEAD_READ_YOUR_WRITES_SECONDS,
                httponly=True, samesite="Lax", secure=request.is_secure(),
            )  # fmt: skip
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        alias = _read_alias.get()
        if alias is None or not isinstance(exception, DatabaseError):
            return None
        replica = connections[alias]
        if replica.connection is not None and replica.is_usable():
            return None  # the replica is fine: the error came from elsewhere
        mark_down(alias, exception)
        _read_alias.set(None)
        return _RetryOnPrimary(status=503)
