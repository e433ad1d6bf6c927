"""The live server on SQLite in memory answers one request at a time.

There the live server hands every connection thread the one database connection it was
started with (Django's ``connections_override``; a connection of its own would be a second one
to the shared in-memory database, with table locks of its own: conftest.py, ``live_server``).
A browser asks for a page's fragments at once, and two threads inside one
connection share its transaction state: one thread's atomic block became the other's
savepoint, and a session write failed or vanished (a network sign-in hop never asked for,
CI). So on that database the live server answers one request at a time, as a single process
would; on PostgreSQL every thread has its own connection and requests run side by side, as in
production (docs/testing.md, *The live server on SQLite in memory*).

The lock is taken and given back, and the requests under way counted, by a middleware, the
outermost (test settings), inside a ``finally``: whatever happens to a request, the lock comes
back. Taken at Django's ``request_started`` and given back at ``request_finished``, as it first
was, it stayed taken (2026-12-08, run 30: two tests' pages waited 30 s for it, and so did their
teardowns), most likely by a request answered between two tests: there the first receiver of
``request_finished``, Django's ``close_old_connections``, fails with the database closed, and
the receiver that gave the lock back never ran. The wait is bounded: a request that never
finishes must not hang the run, and one over the bound goes on unserialised.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

one_request_at_a_time = threading.Lock()
REQUEST_LOCK_SECONDS = 30

# The live server's connection threads that are inside a request now (waiting for the lock or
# answering), and those that have begun one at least once. Django's live server keeps a
# connection open between requests (HTTP/1.1), one thread per connection, so a thread being
# alive does not mean a request is in flight: Varnish and Chromium keep idle connections.
_in_request: weakref.WeakKeyDictionary[threading.Thread, int] = weakref.WeakKeyDictionary()
_in_request_lock = threading.Lock()


def is_connection_thread(thread: threading.Thread) -> bool:
    # socketserver's ThreadingMixIn runs each connection in a thread named after its
    # target; Python 3.10+ puts the target's name in the default thread name.
    return "process_request_thread" in thread.name


def busy_connection_threads(*, count_unstarted: bool) -> list[threading.Thread]:
    """The live server's connection threads inside a request now (what the wait before a
    test's flush waits for, conftest.py); with ``count_unstarted``, also those that have not
    begun their first request, whose request may still be being read."""
    with _in_request_lock:
        return [
            thread
            for thread in threading.enumerate()
            if is_connection_thread(thread)
            and thread.is_alive()
            and (_in_request.get(thread, 0) > 0 or (count_unstarted and thread not in _in_request))
        ]


def shares_one_connection() -> bool:
    from django.db import connections
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite

    return any(isinstance(c, SQLite) and c.is_in_memory_db() for c in connections.all())


class OneRequestAtATimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        thread = threading.current_thread()
        if not is_connection_thread(thread):
            return self.get_response(request)
        with _in_request_lock:
            _in_request[thread] = _in_request.get(thread, 0) + 1
        held = shares_one_connection() and one_request_at_a_time.acquire(
            timeout=REQUEST_LOCK_SECONDS
        )
        try:
            return self.get_response(request)
        finally:
            if held:
                one_request_at_a_time.release()
            with _in_request_lock:
                _in_request[thread] -= 1
