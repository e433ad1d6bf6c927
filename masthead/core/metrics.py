"""Prometheus metrics at ``/metrics``, for whoever holds ``MASTHEAD_METRICS_TOKEN``.

Per request: count and latency by page type (the Wagtail page class, or the view's name,
or ``cached`` for an answer straight from the page cache) and page-cache hits and misses.
At scrape time: the task queue's depth and the age of its oldest job, each replica's lag.
Counters other code calls: purge failures (``purge_failed``), cache errors.

gunicorn runs several worker processes: with ``PROMETHEUS_MULTIPROC_DIR`` set (``make run``
and ``make topology`` set it; systemd units too) every worker writes its figures there and a
scrape adds them up; without it a scrape sees the one worker that answers.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "masthead_requests_total", "Requests answered.", ["page_type", "method", "status"]
)
LATENCY = Histogram(
    "masthead_request_seconds",
    "Time to answer a request, by page type.",
    ["page_type"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
PAGE_CACHE = Counter(
    "masthead_page_cache_total", "Anonymous pages answered from the page cache or rendered.",
    ["result"],
)  # fmt: skip
PURGE_FAILURES = Counter(
    "masthead_purge_failures_total", "Cache purges that did not reach their target.", ["target"]
)
CACHE_ERRORS = Counter("masthead_cache_errors_total", "Cache calls that failed (Redis down).")
TASKS = Counter("masthead_tasks_total", "Background tasks finished.", ["task", "status"])


def purge_failed(target: str) -> None:
    """Count a purge that did not reach ``target`` (the proxy, a CDN)."""
    PURGE_FAILURES.labels(target=target).inc()


def page_type(request: HttpRequest, response: HttpResponse) -> str:
    if response.get("X-Cache") == "HIT":
        return "cached"
    context = getattr(response, "context_data", None) or {}
    page = context.get("page") if isinstance(context, dict) else None
    if page is not None:
        return type(page).__name__
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return match.view_name
    return "other"


class MetricsMiddleware:
    """Counts and times every request (outermost, so page-cache hits are counted too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        kind = page_type(request, response)
        REQUESTS.labels(kind, request.method, str(response.status_code)).inc()
        LATENCY.labels(kind).observe(time.perf_counter() - started)
        state = response.get("X-Cache")
        if state in ("HIT", "MISS"):
            PAGE_CACHE.labels(state.lower()).inc()
        return response


class LiveCollector(Collector):
    """Figures read when scraped: the task queue and the replicas."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield from self._queue()
        yield from self._replicas()

    def _queue(self) -> Iterator[GaugeMetricFamily]:
        from django.db import DatabaseError
        from django.db.models import Count, Min
        from django.utils import timezone

        depth = GaugeMetricFamily(
            "masthead_task_queue_depth", "Background jobs waiting to run.", labels=["queue"]
        )
        age = GaugeMetricFamily(
            "masthead_task_queue_oldest_seconds",
            "Age of the oldest job waiting to run.",
            labels=["queue"],
        )
        if "django_tasks_db" in settings.INSTALLED_APPS:
            from django_tasks_db.models import DBTaskResult

            try:
                rows = (
                    DBTaskResult.objects.ready()
                    .values("queue_name")
                    .annotate(n=Count("id"), oldest=Min("enqueued_at"))
                )
                now = timezone.now()
                for row in rows:
                    depth.add_metric([row["queue_name"]], row["n"])
                    age.add_metric([row["queue_name"]], (now - row["oldest"]).total_seconds())
            except DatabaseError:
                pass
        yield depth
        yield age

    def _replicas(self) -> Iterator[GaugeMetricFamily]:
        from masthead.core import replicas

        lag = GaugeMetricFamily(
            "masthead_replica_lag_seconds", "How far a read replica is behind.", labels=["replica"]
        )
        up = GaugeMetricFamily(
            "masthead_replica_usable", "1 while reads may use the replica.", labels=["replica"]
        )
        for alias in replicas.replica_aliases():
            state = replicas.status(alias)
            lag.add_metric([alias], state.lag_seconds if state.reachable else float("nan"))
            up.add_metric([alias], 1.0 if state.usable else 0.0)
        yield lag
        yield up


def registry() -> CollectorRegistry:
    scrape = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(scrape)
    else:
        from prometheus_client import REGISTRY

        scrape = REGISTRY  # type: ignore[assignment]
    return scrape


def _authorised(request: HttpRequest) -> bool:
    token = getattr(settings, "MASTHEAD_METRICS_TOKEN", "")
    if not token:
        return False
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus' text format, for a scraper with the bearer token; nobody else learns
    the address exists (404 without the token or with a wrong one)."""
    if not _authorised(request):
        raise Http404
    scrape = registry()
    body = generate_latest(scrape)
    live = CollectorRegistry()
    live.register(LiveCollector())
    body += generate_latest(live)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


def count_task(sender, task_result, **kwargs) -> None:
    """django-tasks ``task_finished``."""
    TASKS.labels(task_result.task.module_path, str(task_result.status)).inc()
