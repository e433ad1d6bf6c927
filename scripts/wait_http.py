"""Waits until a URL answers (any HTTP status), then exits 0; exits 1 after the timeout.

`make run` uses it to start the task worker and the scheduler only once the web server
answers its first page: on a small machine they would otherwise compete with it for the CPU
while it starts, and the request it makes is the page's first, warm-up, rendering."""

import sys
import time
import urllib.error
import urllib.request

url, timeout = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 300.0
deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    try:
        urllib.request.urlopen(url, timeout=60).close()  # noqa: S310 - loopback, ours
        sys.exit(0)
    except urllib.error.HTTPError:
        sys.exit(0)  # it answered
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        time.sleep(0.3)
sys.exit(1)
