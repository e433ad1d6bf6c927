"""Run only by tests/test_late_request.py (the name keeps it out of the suite): a request
whose bytes reach a kept-alive connection of the live server while the transactional teardown
empties the tables, as a closed tab's fragment did (2026-12-07 22:24). On SQLite in memory
the server shares the test's one connection, so such a request must wait for the teardown."""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import urlparse

import pytest
from django.core.signals import request_started
from django.db import connection

LATE = b"GET /robots.txt HTTP/1.1\r\nHost: localhost\r\n\r\n"
seen: dict[str, list] = {"began": [], "flush_statements_ended": []}
kept: list = []


def _began(**kwargs) -> None:
    if threading.current_thread() is not threading.main_thread():
        seen["began"].append(time.monotonic())


def _watch_the_flush(execute, sql, params, many, context):
    flushing = threading.current_thread() is threading.main_thread() and sql.startswith(
        "DELETE FROM"
    )
    if flushing and kept and not seen["flush_statements_ended"]:
        # The first statement of the flush: the late request arrives now.
        kept[0].sock.sendall(LATE)
        time.sleep(0.5)  # ample for the server's thread to read it and begin
    try:
        return execute(sql, params, many, context)
    finally:
        if flushing:
            seen["flush_statements_ended"].append(time.monotonic())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_kept_alive_connection_sends_again_during_the_flush(live_server, network):
    address = urlparse(live_server.url)
    held = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    held.request("GET", "/robots.txt")
    assert held.getresponse().read()  # answered and kept open for the next request
    kept.append(held)
    request_started.connect(_began, weak=False, dispatch_uid="late-request-began")
    watching = connection.execute_wrapper(_watch_the_flush)
    watching.__enter__()  # left on for the teardown's flush; the next test takes it off
    kept.append(watching)


def test_the_late_request_began_only_after_the_flush():
    held, watching = kept
    watching.__exit__(None, None, None)
    request_started.disconnect(dispatch_uid="late-request-began")
    # Answered once the teardown is over: between tests, where the database is closed to it
    # (a 500 here, as in CI), but never in the middle of the flush.
    http.client.HTTPResponse(held.sock).begin()
    assert seen["flush_statements_ended"], "the teardown flushed nothing"
    assert seen["began"], "the late request never began"
    assert seen["began"][0] > seen["flush_statements_ended"][-1], (
        "the late request began while the flush was still running"
    )
