"""What operators see: request ids (into the worker's lines), JSON logs, cache outages as a
rate-limited warning, and Prometheus metrics behind a token."""

from __future__ import annotations

import json
import logging

import pytest
from django.core.management import call_command
from django_tasks import task

from masthead.core import logs
from masthead.core.localservices import free_port

seen_in_task: list[str] = []


@task()
def note_request_id() -> None:
    seen_in_task.append(logs.request_id.get())


def test_every_answer_carries_a_request_id_and_a_proxys_own_is_kept(client, db):
    first = client.get("/health/")["X-Request-ID"]
    second = client.get("/health/")["X-Request-ID"]
    assert len(first) == 32 and first != second
    given = "varnish-1234-abcd"
    assert client.get("/health/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    forged = client.get("/health/", HTTP_X_REQUEST_ID="bad id\nwith newline")["X-Request-ID"]
    assert forged != "bad id\nwith newline" and len(forged) == 32


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_request_id_reaches_the_workers_log_lines(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    seen_in_task.clear()
    token = logs.request_id.set("req-from-the-web-1")
    try:
        note_request_id.enqueue()
    finally:
        logs.request_id.reset(token)
    assert logs.request_id.get() == "-"  # the worker starts with no request of its own
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
    assert seen_in_task == ["req-from-the-web-1"]
    assert logs.request_id.get() == "-"


def test_json_lines_carry_level_logger_message_and_request_id():
    record = logging.LogRecord("masthead.x", logging.WARNING, __file__, 1, "hello %s", ("you",),
                               None)  # fmt: skip
    token = logs.request_id.set("abc12345")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs.request_id.reset(token)
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["level"] == "WARNING" and line["logger"] == "masthead.x"
    assert line["message"] == "hello you" and line["request_id"] == "abc12345"


def test_a_redis_outage_is_one_warning_not_a_traceback_per_call(caplog, settings):
    """A real django-redis cache pointed at a port where nothing listens."""
    from django.conf import settings as django_settings
    from django.utils.module_loading import import_string

    # What the settings set beside a Redis cache (REDIS_URL); the SQLite run has none.
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    backend = import_string("masthead.core.cache.FailOpenRedisCache")
    down = backend(
        f"redis://127.0.0.1:{free_port()}/0",
        {"OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2}},
    )
    assert django_settings.DJANGO_REDIS_LOGGER == "masthead.cache.outage"
    outage_logger = logging.getLogger("masthead.cache.outage")
    limiters = [f for f in outage_logger.filters if isinstance(f, logs.RateLimitedWarning)]
    assert limiters, "the outage logger has no rate limit"
    for limiter in limiters:  # one per logging configuration this process has run
        limiter.reset()  # an earlier test's outage in this process may have used the window
    with caplog.at_level(logging.WARNING, logger="masthead.cache.outage"):
        for n in range(300):
            assert down.get(f"key-{n}") is None
    lines = [r for r in caplog.records if r.name == "masthead.cache.outage"]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].levelname == "WARNING" and lines[0].exc_info is None
    assert "unavailable" in lines[0].getMessage()


@pytest.mark.django_db
def test_metrics_need_the_token_and_show_requests_queue_and_page_types(client, settings, network):
    settings.MASTHEAD_METRICS_TOKEN = "scrape-token-for-tests"
    client.get("/news/")
    client.get("/health/")
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    answer = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-for-tests")
    assert answer.status_code == 200
    text = answer.content.decode()
    assert 'masthead_requests_total{method="GET",page_type="SectionPage",status="200"}' in text
    assert 'masthead_request_seconds_bucket{le="0.5",page_type="health"}' in text
    assert "masthead_task_queue_depth" in text
    assert "masthead_page_cache_total" in text
    settings.MASTHEAD_METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404
