#!/usr/bin/env python
"""CPU of make run's background processes while nothing happens: the old shell loop of six
management commands a minute against the worker + scheduler pair (docs/performance.md).

    python bench/idle_cpu.py [--seconds 300]

Both variants run side by side on fresh SQLite databases (each in a temporary folder) for
the same time; the CPU of a variant is utime + stime of each of its processes plus what
they reaped of their children (a shell loop's commands), read from /proc just before the
variant is stopped. gunicorn is left out: it is the same in both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
OLD_LOOP = (
    "while sleep 60; do {py} manage.py publish_scheduled; {py} manage.py reap_tasks -v0; "
    "{py} manage.py ingest_poll --enqueue -v0; {py} manage.py listings_import --enqueue -v0; "
    "{py} manage.py traffic_expire -v0; {py} manage.py weather_refresh -v0; done"
)
VARIANTS = {
    "before: db_worker + shell loop": "{py} manage.py db_worker --queue-name '*' & "
    + OLD_LOOP
    + " & wait",
    "after: db_worker --interval 2 + scheduler": "{py} manage.py db_worker --queue-name '*' "
    "--interval 2 & {py} manage.py scheduler -v0 & wait",
}


def session_cpu(session: int) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == session:
            total += sum(int(x) for x in fields[11:15])
    return total / tick


def measure(name: str, command: str, seconds: float, results: dict[str, float]) -> None:
    var = Path(tempfile.mkdtemp(prefix="masthead-idle-"))
    env = {**os.environ, "MASTHEAD_VAR_DIR": str(var),
           "DJANGO_SETTINGS_MODULE": "masthead.settings.base"}  # fmt: skip
    for key in ("DATABASE_URL", "REDIS_URL"):
        env.pop(key, None)
    try:
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env,
                       check=True)  # fmt: skip
        process = subprocess.Popen(["bash", "-c", command.format(py=PY)], cwd=ROOT, env=env,
                                   start_new_session=True, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(seconds)
        results[name] = session_cpu(process.pid)
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    finally:
        shutil.rmtree(var, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300)
    args = parser.parse_args()
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"idle CPU over {args.seconds:.0f} s each, side by side; load average {' '.join(load)}")
    results: dict[str, float] = {}
    threads = [threading.Thread(target=measure, args=(n, c, args.seconds, results))
               for n, c in VARIANTS.items()]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"{'variant':45} {'CPU s':>8} {'% of a core':>12}")
    for name in VARIANTS:
        cpu = results[name]
        print(f"{name:45} {cpu:8.2f} {100 * cpu / args.seconds:11.2f}%")
    before, after = (results[n] for n in VARIANTS)
    print(f"ratio before/after: {before / after:.1f}x")


if __name__ == "__main__":
    main()
