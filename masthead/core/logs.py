"""What operators read: a request id on every log line (passed on to the tasks a request
enqueues), JSON lines for log collectors (``LOG_FORMAT=json``), and cache-outage warnings
at a bounded rate instead of one traceback per failed cache call."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# A proxy in front (Varnish, nginx) may pass its own id; anything else is replaced.
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
TASK_ID_KEY = "logs:task-request:{}"


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives each request an id (``X-Request-ID``), on its log lines and in its answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _ACCEPTED_ID.match(given) else new_request_id()
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and the
    traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RateLimitedWarning(logging.Filter):
    """One warning per ``seconds`` per process for a logger that would otherwise write a
    traceback per failed call (django-redis during an outage): the first failure is logged
    at once, later ones are counted and reported with the next warning."""

    def __init__(self, seconds: float = 30.0, what: str = "the cache (Redis)") -> None:
        super().__init__()
        self.seconds = seconds
        self.what = what
        self._lock = threading.Lock()
        self._last = -float("inf")
        self._suppressed = 0

    def reset(self) -> None:
        with self._lock:
            self._last, self._suppressed = -float("inf"), 0

    def filter(self, record: logging.LogRecord) -> bool:
        from masthead.core.metrics import CACHE_ERRORS

        CACHE_ERRORS.inc()
        now = time.monotonic()
        with self._lock:
            if now - self._last < self.seconds:
                self._suppressed += 1
                return False
            suppressed, self._suppressed, self._last = self._suppressed, 0, now
        error = record.exc_info[1] if record.exc_info else None
        reason = f"{type(error).__name__}: {error}" if error else record.getMessage()
        record.msg = "%s is unavailable, pages are served without it: %s (%d more failed calls since the last warning; next warning in %d s at the earliest)"  # noqa: E501
        record.args = (self.what, reason, suppressed, int(self.seconds))
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True


# --- the request id in background tasks --------------------------------------------------------


def remember_for_task(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """django-tasks ``task_enqueued``: keep the enqueuing request's id for the worker."""
    rid = request_id.get()
    if rid == "-":
        return
    from django.core.cache import cache

    cache.set(TASK_ID_KEY.format(task_result.id), rid, timeout=86400)


_task_tokens: dict[str, contextvars.Token] = {}


def adopt_for_task(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """django-tasks ``task_started``: the worker's lines carry the request's id."""
    from django.core.cache import cache

    rid = cache.get(TASK_ID_KEY.format(task_result.id)) or f"task-{task_result.id}"
    _task_tokens[str(task_result.id)] = request_id.set(rid)


def drop_for_task(sender: Any, task_result: Any, **kwargs: Any) -> None:
    token = _task_tokens.pop(str(task_result.id), None)
    if token is not None:
        try:
            request_id.reset(token)
        except ValueError:  # set in another context (an async worker): just clear it
            request_id.set("-")
