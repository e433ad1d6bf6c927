"""Times `make run` as a newcomer meets it: from the command to the first front page served.

    python3 scripts/time_make_run.py --fresh        # new venv and new var/: a first run
    python3 scripts/time_make_run.py                # this checkout's venv and var/: a later run

Prints each line of `make run` with the seconds since the start, then the time to the first
200 from the front page, and stops what it started. --fresh uses a new virtualenv and var
folder under a temporary directory (VENV and MASTHEAD_VAR_DIR), so this checkout is untouched.
Results: docs/performance.md "make run".
"""

# ruff: noqa: S603, S607, T201 - a command-line tool: runs make from PATH, prints its timings

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="new venv and var folder")
    parser.add_argument("--port", type=int, default=18500)
    parser.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args()

    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # the newcomer's embedded SQLite
    if args.fresh:
        scratch = Path(tempfile.mkdtemp(prefix="masthead-first-run-"))
        env["MASTHEAD_VAR_DIR"] = str(scratch / "var")
        venv = ["VENV=" + str(scratch / "venv")]
    else:
        venv = []
    started = time.monotonic()
    make = subprocess.Popen(
        ["make", "run", f"PORT={args.port}", *venv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its process group: the server, worker and scheduler
    )

    def echo() -> None:
        for line in make.stdout or ():
            print(f"[{time.monotonic() - started:7.1f} s] {line.rstrip()}", flush=True)

    threading.Thread(target=echo, daemon=True).start()
    url = f"http://localhost:{args.port}/"
    try:
        while time.monotonic() - started < args.timeout:
            if make.poll() is not None:
                print(f"make run stopped with {make.returncode}", file=sys.stderr)
                return 1
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    if response.status == 200:
                        print(f"FIRST PAGE {time.monotonic() - started:.1f} s ({url})", flush=True)
                        return 0
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        print("no page before the timeout", file=sys.stderr)
        return 1
    finally:
        with contextlib.suppress(ProcessLookupError):  # it had stopped already
            os.killpg(make.pid, signal.SIGTERM)
        make.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
