"""A per-process copy of the new-stories answer in front of Django, for the polling load.

Every open front page asks ``/live/new-stories/?since=…`` every ~45 s with the same ``since``
(the page's newest story), so nearly all requests are repeats. This WSGI wrapper keeps each
answer Django gave, byte for byte with its headers, for ``MASTHEAD_LIVE_FASTPATH_SECONDS``
(1 s) per process: a repeat skips middleware, routing and the cache round trip. A publish
therefore reaches a process's copy at most one second late; the answer's own
``Cache-Control`` already allows browsers and a CDN fifteen.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from django.conf import settings

PATH = "/live/new-stories/"
MAX_ENTRIES = 2048


class NewStoriesFastPath:
    def __init__(self, app: Callable) -> None:
        self.app = app
        self.seconds = float(getattr(settings, "MASTHEAD_LIVE_FASTPATH_SECONDS", 1.0))
        self._answers: dict[tuple[str, str, str], tuple[float, str, list, bytes]] = {}
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if self.seconds <= 0 or environ.get("PATH_INFO") != PATH or method not in ("GET", "HEAD"):
            return self.app(environ, start_response)
        key = (environ.get("HTTP_HOST", ""), environ.get("QUERY_STRING", ""), method)
        now = time.monotonic()
        kept = self._answers.get(key)
        if kept is not None and kept[0] > now:
            _, status, headers, body = kept
            start_response(status, headers)
            return [body]

        captured: dict = {}

        def capture(status: str, headers: list, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        headers = captured.get("headers", [])
        shareable = captured.get("status", "").startswith("200") and not any(
            name.lower() == "set-cookie" or (name.lower() == "vary" and "cookie" in value.lower())
            for name, value in headers
        )
        if shareable:
            with self._lock:
                if len(self._answers) >= MAX_ENTRIES:
                    self._answers.clear()
                self._answers[key] = (now + self.seconds, captured["status"], headers, body)
        return [body]
