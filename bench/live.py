"""The live blog bench: open live pages polling through the production cache while a reporter
posts an update every 2 s (issue 19).

What runs, on loopback, in a fresh folder (bench/var-live, rebuilt each run): the app with
production settings (gunicorn, 2 workers, SQLite), its task worker (it sends the purges to the
proxy), and Varnish with the production policy (deploy/varnish/masthead.vcl, xkey purges) in
front. A writer (`manage.py shell`) posts through ``live_services.live_update_post``, the
desk's own service, every 2 s.

Readers are simulated as the polls they make: each of ``--readers`` virtual readers keeps the
version it shows and asks ``/liveblog/<id>/updates/?since=<version>`` every ``--interval``
seconds (5 s, as static/js/liveblog.js does), their first polls spread over one interval. One
asyncio client (httpx) sends them over at most ``--connections`` keep-alive connections, so
10,000 readers are 2,000 polls/s offered; when the machine cannot send that many, polls queue
and the wait counts in the figures (the achieved rate is reported beside the offered one).

Reported: polls sent and their rate, errors (5xx, timeouts, refused), polls that reached the
app (Varnish's X-Proxy-Cache other than HIT), and post-to-visible: for every update and every
reader, the time from the writer starting the post to that reader's poll answer carrying it
(p50, p99, max; poll interval included). Reference in the same run: the same poll answered by
the app directly, uncached (one connection, its mean time), to set the cache's figures beside.

    python bench/live.py --seconds 180 --readers 10000     # make bench-live
Bounded: the posting phase lasts --seconds (at most 240); every process started is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
HOST = "127.0.0.1"
SITE_HOST = "localhost"
MAX_SECONDS = 240
MARKER = re.compile(rb"bench-update-(\d+)\b")

# Runs in `manage.py shell`: one site, a section and a live blog, and a desk account.
SETUP = r"""
import json
from django.contrib.auth import get_user_model
from masthead.newsroom.tests import factories as f
f.clear_tree()
home = f.make_site(name="Bench News", hostname="localhost", default=True)
news = f.make_section(home, "News")
blog = f.make_live_blog(news, title="Live: bench storm")
get_user_model().objects.create_superuser("benchdesk", "desk@example.test", "bench-only-pw")
print(json.dumps({"blog": blog.id, "path": blog.url_path[len(home.url_path) - 1:]}))
"""

# Runs in `manage.py shell`: the reporter. Prints the time each post starts, then posts it.
WRITER = r"""
import json, os, time
from django.contrib.auth import get_user_model
from masthead.newsroom import live_services
from masthead.newsroom.models import LiveBlogPage
blog = LiveBlogPage.objects.get(id=int(os.environ["LIVE_BLOG"]))
user = get_user_model().objects.get(username="benchdesk")
until = time.time() + float(os.environ["LIVE_SECONDS"])
n = 0
next_post = time.time()
while time.time() < until:
    if time.time() >= next_post:
        n += 1
        print(json.dumps({"n": n, "at": time.time()}), flush=True)
        live_services.live_update_post(
            blog=blog, user=user, key_event=n % 10 == 0,
            fields=live_services.LiveUpdateFields(
                body=f"<p>bench-update-{n} The water is rising at the harbour.</p>"),
        )
        next_post += 2
    time.sleep(0.01)
"""


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Crowd:
    """Virtual readers' polls through one async client; what they saw, and when."""

    def __init__(self, base: str, poll: str, readers: int, interval: float, connections: int):
        self.base, self.poll, self.readers = base, poll, readers
        self.interval, self.connections = interval, connections
        self.outcomes: dict[str, int] = {}
        self.seen: list[tuple[int, float]] = []  # (update number, time a reader's answer had it)
        self.sent = 0
        self.started = 0.0
        self.stopped = 0.0

    async def poll_one(self, client, version: int) -> int:
        """One reader's poll at ``version``; returns the version the answer brings it to."""
        import httpx

        outcome = "ERROR"
        try:
            response = await client.get(f"{self.poll}?since={version}")
            received = time.time()
            if response.status_code == 200:
                outcome = response.headers.get("X-Proxy-Cache", "NONE")
                data = response.json()
                version = data["version"]
                for update in data["updates"]:
                    found = MARKER.search(update["html"].encode())
                    if found and not update["deleted"]:
                        self.seen.append((int(found[1]), received))
            elif response.status_code < 500:
                outcome = f"HTTP {response.status_code}"
        except (httpx.HTTPError, ValueError, KeyError) as error:
            outcome = f"ERROR {type(error).__name__}"
        self.sent += 1
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
        return version

    async def run(self, until: float, version: int) -> None:
        """Readers wait in a heap by the time their next poll is due; ``connections`` senders
        take the earliest due, so no more polls are in flight than connections (a task per
        reader waiting on the pool starves it). Like the page's script, a reader's next poll is
        due ``interval`` after its answer arrived."""
        import heapq

        import httpx

        limits = httpx.Limits(
            max_connections=self.connections, max_keepalive_connections=self.connections
        )
        rng = random.Random(19)
        self.started = time.time()
        due = [(self.started + rng.uniform(0, self.interval), i) for i in range(self.readers)]
        heapq.heapify(due)
        versions = [version] * self.readers

        async def sender(client) -> None:
            # Stops at ``until`` even when behind: polls still due then count as not sent.
            while due and due[0][0] < until and time.time() < until:
                at, reader = heapq.heappop(due)
                wait = at - time.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                versions[reader] = await self.poll_one(client, versions[reader])
                heapq.heappush(due, (time.time() + self.interval, reader))

        async with httpx.AsyncClient(
            base_url=self.base,
            headers={"Host": SITE_HOST, "Accept": "application/json"},
            limits=limits,
            timeout=httpx.Timeout(10.0),
        ) as client:
            await asyncio.gather(*(sender(client) for _ in range(self.connections)))
        self.stopped = time.time()


def _get(port: int, path: str) -> tuple[int, bytes, dict]:
    import http.client

    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", path, headers={"Host": SITE_HOST, "Accept": "application/json"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body, dict(response.getheaders())


def _ok(port: int, path: str) -> bool:
    try:
        return _get(port, path)[0] == 200
    except OSError:
        return False


def uncached_reference(port: int, poll: str, seconds: float = 5.0) -> dict:
    """The poll asked of the app itself, no proxy, one update behind (each ask a new address,
    so the app's own page cache cannot answer): what each poll would cost without the cache."""
    latest = json.loads(_get(port, f"{poll}?since=999999999")[1])["version"]
    times: list[float] = []
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        started = time.perf_counter()
        _get(port, f"{poll}?since={max(0, latest - 1)}&n={len(times)}")
        times.append(time.perf_counter() - started)
    return {
        "requests": len(times),
        "mean_ms": round(1000 * statistics.mean(times), 2),
        "per_second_one_connection": round(len(times) / seconds, 1),
    }


def run(*, seconds: int, readers: int, interval: float, connections: int, app_port: int,
        proxy_port: int, keep: bool) -> dict:  # fmt: skip
    import run as bench_run  # bench/run.py: production settings for the bench's app

    from masthead.core import localservices

    seconds = min(seconds, MAX_SECONDS)
    var_dir = bench_run.BENCH / "var-live"
    made_file = var_dir / "made.json"
    if not (keep and made_file.exists()):
        # A fresh database each run; --keep keeps it (and its blog) for the next run.
        shutil.rmtree(var_dir, ignore_errors=True)
        (var_dir / "logs").mkdir(parents=True)
    logs = var_dir / "logs"
    env = bench_run.app_env(var_dir, page_cache=True, redis_url="")
    env["MASTHEAD_PURGE_PROXIES"] = f"http://{HOST}:{proxy_port}/"
    if not made_file.exists():
        print("live bench: migrating a fresh database …", flush=True)
        bench_run.manage("migrate", "--noinput", "-v0", env=env, quiet=True)
        bench_run.manage("collectstatic", "--noinput", "-v0", env=env, quiet=True)
        output = bench_run.manage("shell", "-c", SETUP, env=env, capture=True)
        made_file.write_text(output.strip().splitlines()[-1])
    made = json.loads(made_file.read_text())
    blog_id, page_path = made["blog"], made["path"]
    poll = f"/liveblog/{blog_id}/updates/"

    children: list[subprocess.Popen] = []

    def start(cmd: list[str], log: str, **extra) -> subprocess.Popen:
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**env, **extra}, stdout=subprocess.DEVNULL,
                                stderr=(logs / log).open("ab"), start_new_session=True)  # fmt: skip
        children.append(proc)
        return proc

    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    start([gunicorn, "masthead.wsgi:application", "--bind", f"{HOST}:{app_port}", "--workers",
           "2", "--forwarded-allow-ips", HOST], "app.log")  # fmt: skip
    start([PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2"],
          "worker.log")  # fmt: skip
    varnish = localservices.Varnish(
        Path(tempfile.mkdtemp(prefix="masthead-live-varnish-")), backend_port=app_port,
        port=proxy_port,
    )  # fmt: skip
    writer = None
    try:
        localservices.wait_until(lambda: _ok(app_port, "/health/"), 90, "the app")
        varnish.start()
        localservices.wait_until(lambda: _ok(proxy_port, "/health/"), 30, "Varnish")
        if not _ok(proxy_port, page_path):
            raise SystemExit(f"the live page {page_path} does not answer through Varnish")
        opened = json.loads(_get(app_port, f"{poll}?since=999999999")[1])["version"]
        crowd = Crowd(f"http://{HOST}:{proxy_port}", poll, readers, interval, connections)
        until = time.time() + seconds
        posted: dict[int, float] = {}

        def write() -> None:
            nonlocal writer
            writer = subprocess.Popen(
                [PYTHON, "manage.py", "shell", "-c", WRITER], cwd=ROOT, text=True,
                env={**env, "LIVE_BLOG": str(blog_id), "LIVE_SECONDS": str(seconds)},
                stdout=subprocess.PIPE, stderr=(logs / "writer.log").open("ab"),
            )  # fmt: skip
            for line in writer.stdout or ():
                if line.startswith('{"n"'):
                    event = json.loads(line)
                    posted[event["n"]] = event["at"]

        print(f"live bench: {readers} readers polling every {interval:g} s through Varnish, "
              f"an update every 2 s, for {seconds} s …", flush=True)  # fmt: skip
        writer_thread = threading.Thread(target=write, daemon=True)
        writer_thread.start()
        # Readers have the page as it was when the writer started (a kept blog has updates).
        asyncio.run(crowd.run(until + interval, opened))
        writer_thread.join(30)
        reference = uncached_reference(app_port, poll)
    finally:
        if writer is not None and writer.poll() is None:
            writer.kill()
        varnish.stop()
        for proc in children:
            if proc.poll() is None:
                os.killpg(proc.pid, 15)
        for proc in children:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
        if not keep:
            shutil.rmtree(var_dir, ignore_errors=True)

    delays = [at - posted[n] for n, at in crowd.seen if n in posted]
    # Every (update, reader) pair that should have been seen: updates posted at least one
    # interval before the readers stopped.
    due = sum(1 for at in posted.values() if at < until - interval) * readers
    seen_due = sum(1 for n, _ in crowd.seen if n in posted and posted[n] < until - interval)
    outcomes = crowd.outcomes
    hits = outcomes.get("HIT", 0)
    errors = sum(count for name, count in outcomes.items() if name.startswith("ERROR"))
    elapsed = max(1e-9, crowd.stopped - crowd.started)
    return {
        "seconds": seconds,
        "readers": readers,
        "interval_s": interval,
        "connections": connections,
        "updates_posted": len(posted),
        "polls": crowd.sent,
        "polls_per_s_offered": round(readers / interval, 1),
        "polls_per_s_achieved": round(crowd.sent / elapsed, 1),
        "outcomes": outcomes,
        "errors": errors,
        "reached_app": crowd.sent - hits - errors,
        "hit_ratio": round(hits / crowd.sent, 4) if crowd.sent else None,
        "visible_s": {
            "p50": round(statistics.median(delays), 3) if delays else None,
            "p99": round(percentile(delays, 0.99) or 0, 3) if delays else None,
            "max": round(max(delays), 3) if delays else None,
            "n": len(delays),
            "missed": max(0, due - seen_due),
        },
        "uncached_reference": reference,
    }


def report(result: dict) -> str:
    v = result["visible_s"]
    ref = result["uncached_reference"]
    return "\n".join(
        [
            f"| readers (poll every {result['interval_s']:g} s) | {result['readers']:,} |",
            "|---|---|",
            f"| updates posted (every 2 s, {result['seconds']} s) | {result['updates_posted']} |",
            f"| polls sent | {result['polls']:,} |",
            f"| polls/s offered / achieved | {result['polls_per_s_offered']:,} / "
            f"{result['polls_per_s_achieved']:,} |",
            f"| cache hit ratio | {100 * (result['hit_ratio'] or 0):.2f} % |",
            f"| polls reaching the app | {result['reached_app']:,} |",
            f"| errors | {result['errors']} |",
            f"| post→visible p50 / p99 / max s | {v['p50']} / {v['p99']} / {v['max']} "
            f"({v['n']:,} reader-updates, {v['missed']} missed) |",
            f"| reference: one uncached poll at the app | {ref['mean_ms']} ms "
            f"({ref['per_second_one_connection']}/s on one connection) |",
        ]
    )


def main() -> int:
    import signal

    import run as bench_run

    # A timeout's SIGTERM stops the run through its cleanup (app, worker, Varnish stopped).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=180, help=f"at most {MAX_SECONDS}")
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between polls")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--app-port", type=int, default=21140)
    parser.add_argument("--proxy-port", type=int, default=21141)
    parser.add_argument(
        "--keep", action="store_true", help="keep bench/var-live (database, blog) for next time"
    )
    args = parser.parse_args()
    result = run(seconds=args.seconds, readers=args.readers, interval=args.interval,
                 connections=args.connections, app_port=args.app_port,
                 proxy_port=args.proxy_port, keep=args.keep)  # fmt: skip
    print(report(result))
    out = bench_run.RESULTS / "live-latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"Results: {out}")
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
