"""The churn scenario: readers through the production cache (Varnish with xkey,
deploy/varnish/masthead.vcl) while the newsroom publishes a story every 2 s and the wire saves a
picture every 5 s; the same run with exact purges by surrogate key and with the old global
purge (MASTHEAD_PURGE=all), side by side.

Readers ask for a realistic mix: articles by Zipf over the newest stories (most read the
newest), front pages, sections, tags and feeds in proportion, at a fixed offered rate
(--rate, 1,000/s by default, over 32 connections), the same in both modes. Reported per
mode: the cache's hit ratio, requests that reached the app, reader latency p50/p95/p99, and
publish-to-visible per page type (article, section, front page, tag, feed: the time from the
publish's commit to the first reader request through Varnish that shows the new headline).

    python bench/churn.py --seconds 60            # after `make bench` built bench/var
    make bench BENCH_ARGS="--churn-seconds 300"   # inside make bench (bench/run.py)

Bounded: every phase lasts --seconds, every process started is stopped. Loopback only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from figures import gridlines, percentile, svg_escape, svg_start  # bench/figures.py
from live import VarnishCounters  # bench/live.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
HOST = "127.0.0.1"
SITE_HOST = "localhost"
# Readers' requests per second offered (--rate): about what the earlier closed-loop readers
# reached at 100,000 stories with exact purges (500-1,100), so runs stay comparable.
READERS_RATE = 1000.0
# Reader threads (connections): enough that a slow reply holds back few of the others.
READERS = 32
MIX = {"article": 0.70, "front": 0.10, "section": 0.10, "tag": 0.07, "feed": 0.03}

URLS = r"""
import json
from masthead.core.sites import network_sites
from masthead.newsroom.models import ArticlePage, SectionPage
from taggit.models import Tag
site = next(s for s in network_sites() if s.is_default)
def local(url_path):
    return url_path[len(site.root_url_path) - 1:]
articles = list(ArticlePage.objects.live().filter(path__startswith=site.root_path)
                .order_by("-first_published_at").values_list("url_path", flat=True)[:5000])
sections = list(SectionPage.objects.live().filter(path__startswith=site.root_path)
                .values_list("url_path", flat=True))
# Tags with a live story on this site: a tag only other sites use is a 404 here, which no
# cache keeps, and would count as traffic the purges sent to the app.
tags = list(Tag.objects.filter(
    newsroom_storytag_items__content_object__live=True,
    newsroom_storytag_items__content_object__path__startswith=site.root_path,
).values_list("slug", flat=True).distinct()[:100])
print(json.dumps({"article": [local(u) for u in articles], "section": [local(u) for u in sections],
                  "tag": [f"/tags/{t}/" for t in tags], "front": ["/"],
                  "feed": ["/feeds/rss/", "/feeds/atom/"]}))
"""

# Runs in `manage.py shell`: publishes through Wagtail (revisions, signals, purges after
# commit) as an editor would, and saves wire pictures as ingest does.
WRITER = r"""
import io, json, os, random, sys, time
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.rich_text import RichText
from masthead.core.sites import network_sites
from masthead.newsroom.models import ArticlePage, NewsImage, SectionPage
site = next(s for s in network_sites() if s.is_default)
sections = list(SectionPage.objects.live().filter(path__startswith=site.root_path,
                                                  depth=len(site.root_path) // 4 + 1))
def local(url_path):
    return url_path[len(site.root_url_path) - 1:]
# Only sections whose address the page tree serves: /community/ is the contributions app's
# own page, which lists readers' stories, not articles an editor files under it.
from django.urls import resolve
sections = [s for s in sections if resolve(local(s.url_path)).url_name == "wagtail_serve"]
tags = ["Churn", "Breaking"]
# One publish before the clock starts, not measured: a worker that has run for days has its
# templates compiled and its copies loaded; the first render in a fresh one does not.
warm = ArticlePage(title=f"Churn warm-up {time.time_ns()}", standfirst="Filed before the bench.",
                   body=[("paragraph", RichText("<p>Warm-up.</p>"))])
warm.tags.add(tags[0])
sections[0].add_child(instance=warm)
warm.save_revision().publish()
time.sleep(3)
until = time.time() + float(os.environ["CHURN_SECONDS"])
rng = random.Random(7)
n = 0
next_story, next_picture = time.time(), time.time() + 1
while time.time() < until:
    now = time.time()
    if now >= next_picture:
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), (rng.randrange(255), 90, 160)).save(buffer, format="JPEG")
        buffer.name = f"wire-{n}.jpg"
        NewsImage.objects.create(title=f"Wire picture {n}", photographer="Wire",
                                 file=ImageFile(buffer, name=buffer.name))
        next_picture = now + 5
    if now >= next_story:
        n += 1
        section = rng.choice(sections)
        title = f"Churn story {n} {rng.randrange(10**6)}"
        page = ArticlePage(title=title, standfirst="Filed during the churn bench.",
                           body=[("paragraph", RichText("<p>Breaking.</p>"))])
        page.tags.add(rng.choice(tags))
        section.add_child(instance=page)
        page.save_revision().publish()
        tag = page.tags.first()
        print(json.dumps({"at": time.time(), "title": title, "pages": {
            "article": local(page.url_path), "section": local(section.url_path), "front": "/",
            "tag": f"/tags/{tag.slug}/", "feed": "/feeds/rss/"}}), flush=True)
        next_story = now + 2
    time.sleep(0.05)
"""


class Readers:
    """Reader threads on keep-alive connections to the cache, counting what answered."""

    def __init__(self, port: int, urls: dict[str, list[str]], threads: int, rate: float) -> None:
        self.port, self.urls, self.threads = port, urls, threads
        # Requests per second offered by all threads together (0: each as fast as it can). A
        # fixed rate is what a site gets from its readers, whatever the cache does; as fast as
        # possible, the readers' own threads take the CPU the purges and the app need.
        self.interval = threads / rate if rate else 0.0
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        # Latencies by page kind and outcome: where a slow 1 % comes from.
        self.by_kind: dict[str, list[float]] = {}
        self.results: dict[str, int] = {}
        # Requests that reached the app (a miss, a pass or an error), by kind of page: where
        # the hit ratio went.
        self.missed: dict[str, int] = {}
        articles = urls["article"]
        weights = [1 / (rank**1.1) for rank in range(1, len(articles) + 1)]
        total = 0.0
        self.article_cum = []
        for w in weights:
            total += w
            self.article_cum.append(total)
        self.kinds = list(MIX)
        self.kind_cum = []
        total = 0.0
        for kind in self.kinds:
            total += MIX[kind]
            self.kind_cum.append(total)

    def pick(self, rng: random.Random) -> tuple[str, str]:
        kind = rng.choices(self.kinds, cum_weights=self.kind_cum)[0]
        if kind == "article":
            return kind, rng.choices(self.urls["article"], cum_weights=self.article_cum)[0]
        return kind, rng.choice(self.urls[kind])

    def run_one(self, seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
        latencies: list[float] = []
        by_kind: dict[str, list[float]] = {}
        results: dict[str, int] = {}
        missed: dict[str, int] = {}
        # Each thread's requests are due at fixed times from the start, so a slow cache does
        # not lower the load it is offered: after a late reply the thread catches up. A
        # request's latency is its own (sent to answered): the thread stands for many readers,
        # and one reader's slow page does not delay another's.
        due = time.perf_counter() + rng.random() * self.interval
        while not self.stop.is_set():
            kind, path = self.pick(rng)
            if self.interval:
                now = time.perf_counter()
                if due > now:
                    time.sleep(due - now)
                due += self.interval
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": SITE_HOST})
                response = conn.getresponse()
                response.read()
                outcome = response.getheader("X-Proxy-Cache", "NONE")
                if response.status >= 500:
                    outcome = "ERROR"
            except (OSError, http.client.HTTPException):
                outcome = "ERROR"
                conn.close()
                conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
            took = time.perf_counter() - started
            latencies.append(took)
            by_kind.setdefault(kind if outcome == "HIT" else f"{kind} (not a hit)", []).append(took)
            results[outcome] = results.get(outcome, 0) + 1
            if outcome != "HIT":
                missed[kind] = missed.get(kind, 0) + 1
        with self.lock:
            for kind, count in missed.items():
                self.missed[kind] = self.missed.get(kind, 0) + count
            self.latencies += latencies
            for kind, values in by_kind.items():
                self.by_kind.setdefault(kind, []).extend(values)
            for key, count in results.items():
                self.results[key] = self.results.get(key, 0) + count

    def start(self) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self.run_one, args=(i,), daemon=True)
            for i in range(self.threads)
        ]
        for thread in threads:
            thread.start()
        return threads


class VarnishLog:
    """Varnish's own time to serve each request (varnishncsa ``%D``, microseconds from the
    request's first byte to the response's last), with how it was handled: the latency with
    the readers' own process left out (their threads share two cores with the app)."""

    FORMAT = "%m %{Varnish:handling}x %D %U"

    def __init__(self, work_dir: Path, out: Path) -> None:
        self.work_dir, self.out = work_dir, out
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.out.unlink(missing_ok=True)
        self.proc = subprocess.Popen(
            ["varnishncsa", "-n", str(self.work_dir), "-F", self.FORMAT, "-w", str(self.out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            time.sleep(1)  # the log's last lines
            self.proc.terminate()
            self.proc.wait(10)

    def latencies(self, kinds: dict[str, str]) -> dict[str, dict]:
        """p50/p95/p99 ms by page kind (``kinds`` maps a path to its kind; an ESI part is
        "related part") and over every reader page, hit or not."""
        found: dict[str, list[float]] = {}
        if not self.out.exists():
            return {}
        for line in self.out.read_text(errors="replace").splitlines():
            parts = line.split(" ", 3)
            # The purges (PURGE /) are Varnish's requests too, not readers'.
            if len(parts) != 4 or parts[0] != "GET" or not parts[2].isdigit():
                continue
            _method, handling, micros, path = parts
            kind: str | None
            if path.startswith("/fragments/related/"):
                kind = "related part"
            else:
                kind = kinds.get(path)
                if kind is None:
                    continue  # pollers' new stories, health checks
                found.setdefault("every reader page", []).append(int(micros) / 1000)
            found.setdefault(kind, []).append(int(micros) / 1000)
            found.setdefault(f"{kind} ({handling})", []).append(int(micros) / 1000)
        return {kind: _summary(values) for kind, values in sorted(found.items())}


def _summary(values_ms: list[float]) -> dict:
    return {
        "n": len(values_ms),
        "p50": round(percentile(values_ms, 0.50) or 0, 2),
        "p95": round(percentile(values_ms, 0.95) or 0, 2),
        "p99": round(percentile(values_ms, 0.99) or 0, 2),
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def visible(port: int, event: dict, seen: dict[str, list[float]], lock: threading.Lock) -> None:
    """Poll each page of a publish through the cache until it shows the headline."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    waiting = {kind: urllib.parse.quote(path) for kind, path in event["pages"].items()}
    while waiting and time.time() - event["at"] < 15:
        for kind, path in list(waiting.items()):
            try:
                conn.request("GET", path, headers={"Host": SITE_HOST})
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                # An overloaded app (the global purge) times out: not visible yet.
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
                continue
            if response.status == 200 and event["title"].encode() in body:
                with lock:
                    seen.setdefault(kind, []).append(max(0.0, time.time() - event["at"]))
                del waiting[kind]
        time.sleep(0.02)
    with lock:
        for kind in waiting:
            seen.setdefault(kind + " (never)", []).append(15.0)


def phase(
    *, mode: str, env: dict, var_dir: Path, seconds: int, app_port: int, proxy_port: int,
    readers: int, rate: float, urls: dict, log_dir: Path,
) -> dict:  # fmt: skip
    from masthead.core import localservices

    env = {
        **env,
        "MASTHEAD_PURGE": "all" if mode == "all" else "keys",
        "MASTHEAD_PURGE_PROXIES": f"http://{HOST}:{proxy_port}/",
    }
    if mode == "keys-no-refresh":
        # Exact purges as before decision 1504: Varnish's re-fetch of a purged listing renders it.
        env["MASTHEAD_PURGE_REFRESH"] = "0"
    children: list[subprocess.Popen] = []

    def start(cmd: list[str], log: str) -> subprocess.Popen:
        errors = (log_dir / log).open("ab")
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=errors, start_new_session=True)  # fmt: skip
        children.append(proc)
        return proc

    gunicorn = str(Path(PYTHON).parent / "gunicorn")
    start([gunicorn, "masthead.wsgi:application", "--bind", f"{HOST}:{app_port}", "--workers",
           "2", "--forwarded-allow-ips", HOST], f"churn-app-{mode}.log")  # fmt: skip
    start([PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2"],
          f"churn-worker-{mode}.log")  # fmt: skip
    directory = Path(tempfile.mkdtemp(prefix="masthead-churn-varnish-"))
    # Room for every page the readers ask for (5,000 articles at ~50 KB): with the tests' 128 MB
    # the cache would evict the long tail and count those misses against the purges.
    varnish = localservices.Varnish(
        directory, backend_port=app_port, port=proxy_port, storage="malloc,1g"
    )
    writer = None
    try:
        localservices.wait_until(lambda: _ok(app_port, "/health/"), 60, "the app")
        varnish.start()
        localservices.wait_until(lambda: _ok(proxy_port, "/health/"), 30, "Varnish")
        # Warm: every page the readers may ask for, once, so both modes start from the same
        # full cache, as a production cache is; a cold start would count every first visit to
        # an article of the long tail as a miss the purges did not cause.
        warm = [
            path for kind in ("front", "section", "tag", "feed", "article") for path in urls[kind]
        ]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda path: _ok(proxy_port, path), warm))
        # Varnish's own counts: a reader's page is one request, but the parts Varnish stitches
        # into it (an article's related list, decision 1503) are lookups of their own, and a
        # stitched part's miss reaches the app under a page that answered HIT.
        counters = VarnishCounters(varnish.directory / "work")
        counters.start()
        served = VarnishLog(varnish.directory / "work", log_dir / f"churn-varnishncsa-{mode}.log")
        served.start()
        crowd = Readers(proxy_port, urls, readers, rate)
        threads = crowd.start()
        errors = (log_dir / f"churn-writer-{mode}.log").open("ab")
        writer = subprocess.Popen([PYTHON, "manage.py", "shell", "-c", WRITER], cwd=ROOT,
                                  env={**env, "CHURN_SECONDS": str(seconds)},
                                  stdout=subprocess.PIPE, text=True, stderr=errors)  # fmt: skip
        seen: dict[str, list[float]] = {}
        lock = threading.Lock()
        checkers = []
        publishes = 0
        for line in writer.stdout or ():
            if not line.startswith('{"at"'):
                continue  # anything else the shell prints
            event = json.loads(line)
            publishes += 1
            checker = threading.Thread(target=visible, args=(proxy_port, event, seen, lock))
            checker.start()
            checkers.append(checker)
        writer.wait(30)
        crowd.stop.set()
        for thread in threads + checkers:
            thread.join(30)
        counters.stop()
        served.stop()
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
    total = sum(crowd.results.values())
    hits = crowd.results.get("HIT", 0)
    lat = crowd.latencies
    return {
        "mode": mode,
        "seconds": seconds,
        "requests": total,
        "rps": round(total / seconds, 1),
        "offered_rps": rate or None,
        "hit_ratio": round(hits / total, 4) if total else None,
        "reached_app": total - hits - crowd.results.get("ERROR", 0),
        "varnish_hit_ratio": _ratio(
            counters.delta("MAIN.cache_hit"),
            counters.delta("MAIN.cache_hit") + counters.delta("MAIN.cache_miss"),
        ),
        "backend_requests": counters.delta("MAIN.backend_req"),
        "not_hits_by_kind": dict(sorted(crowd.missed.items())),
        "errors": crowd.results.get("ERROR", 0),
        "p50_ms": _ms(percentile(lat, 0.50)),
        "p95_ms": _ms(percentile(lat, 0.95)),
        "p99_ms": _ms(percentile(lat, 0.99)),
        "client_ms_by_kind": {
            kind: _summary([v * 1000 for v in values])
            for kind, values in sorted(crowd.by_kind.items())
        },
        "varnish_ms_by_kind": served.latencies(
            {path: kind for kind, paths in urls.items() for path in paths}
        ),
        "publishes": publishes,
        "visible_s": {
            kind: {
                "p50": round(statistics.median(values), 3),
                "p99": round(percentile(values, 0.99) or 0, 3),
                "n": len(values),
            }
            for kind, values in sorted(seen.items())
        },
    }


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 2)


def _ok(port: int, path: str) -> bool:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        conn.request("GET", path, headers={"Host": SITE_HOST})
        response = conn.getresponse()
        response.read()
        return response.status == 200
    except OSError:
        return False


def reader_urls(env: dict) -> dict:
    out = subprocess.run([PYTHON, "manage.py", "shell", "-c", URLS], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    # Slugs and tags may be any letter ("/tags/malmö/"): sent on the wire percent-encoded.
    found = json.loads(out.strip().splitlines()[-1])
    return {kind: [urllib.parse.quote(path) for path in paths] for kind, paths in found.items()}


def run(
    *, env: dict, var_dir: Path, seconds: int, app_port: int, proxy_port: int, readers: int,
    rate: float = READERS_RATE, modes: tuple[str, ...] = ("keys", "all"),
) -> list[dict]:  # fmt: skip
    """Both modes, exact purges first; returns one result per mode."""
    log_dir = var_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    urls = reader_urls(env)
    results = []
    for mode in modes:
        print(f"churn: {mode} purges for {seconds} s …", flush=True)
        results.append(
            phase(mode=mode, env=env, var_dir=var_dir, seconds=seconds, app_port=app_port,
                  proxy_port=proxy_port, readers=readers, rate=rate, urls=urls,
                  log_dir=log_dir)
        )  # fmt: skip
    return results


def report(results: list[dict]) -> str:
    kinds = sorted({k for r in results for k in r["visible_s"]})
    head = "| | " + " | ".join(r["mode"] for r in results) + " |"
    lines = [head, "|---" * (len(results) + 1) + "|"]

    def row(label: str, values: list) -> None:
        lines.append(f"| {label} | " + " | ".join(str(v) for v in values) + " |")

    row(
        "readers' requests/s offered",
        [r.get("offered_rps") or "as fast as possible" for r in results],
    )
    row("readers' requests/s", [r["rps"] for r in results])
    row("cache hit ratio", [f"{100 * (r['hit_ratio'] or 0):.2f} %" for r in results])
    row("readers' pages not a hit", [r["reached_app"] for r in results])
    row(
        "Varnish lookups hit ratio (with stitched parts)",
        [f"{100 * (r.get('varnish_hit_ratio') or 0):.2f} %" for r in results],
    )
    row("Varnish backend requests (all)", [r.get("backend_requests", 0) for r in results])
    for kind in MIX:
        row(f"… of them {kind}", [r.get("not_hits_by_kind", {}).get(kind, 0) for r in results])
    row("errors", [r["errors"] for r in results])
    row(
        "reader p50 / p95 / p99 ms",
        [f"{r['p50_ms']} / {r['p95_ms']} / {r['p99_ms']}" for r in results],
    )
    for source, field in (("readers", "client_ms_by_kind"), ("Varnish", "varnish_ms_by_kind")):
        names = sorted({k for r in results for k in r.get(field, {})})
        for name in names:
            row(f"{source}: {name} p50 / p99 ms (n)",
                [_cell(r.get(field, {}).get(name)) for r in results])  # fmt: skip
    row("stories published", [r["publishes"] for r in results])
    for kind in kinds:
        row(f"publish→visible {kind} p50 / p99 s",
            [f"{r['visible_s'].get(kind, {}).get('p50', '-')} / "
             f"{r['visible_s'].get(kind, {}).get('p99', '-')}" for r in results])  # fmt: skip
    return "\n".join(lines)


def _cell(summary: dict | None) -> str:
    return f"{summary['p50']} / {summary['p99']} ({summary['n']})" if summary else "-"


def chart(results: list[dict], subtitle: str) -> str:
    """Publish→visible p99 per page type, one bar per purge mode, against the 1 s target."""
    kinds = [k for k in ("article", "section", "front", "tag", "feed") if any(
        k in r["visible_s"] for r in results)]  # fmt: skip
    width, left, bar_h, top = 820, 110, 14, 70
    height = top + len(kinds) * (len(results) * bar_h + 12) + 60
    longest = max([r["visible_s"].get(k, {}).get("p99", 0) for r in results for k in kinds] + [1.5])

    def x(seconds: float) -> float:
        return left + (width - left - 80) * seconds / longest

    colours = {"keys": "#1f6f43", "all": "#c05621"}
    parts = svg_start(width, height, "Churn: publish → visible, p99 seconds", subtitle)
    step = 0.5 if longest <= 4 else 1.0
    ticks = [(x(i * step), f"{i * step:g} s") for i in range(int(longest / step) + 1)]
    parts += gridlines(ticks, vertical=True, start=top - 6, end=height - 44, label_at=height - 30)
    parts.append(f'<line x1="{x(1):.1f}" y1="{top - 10}" x2="{x(1):.1f}" y2="{height - 44}" '
                 'stroke="#b00" stroke-dasharray="4 3"/>')  # fmt: skip
    parts.append(f'<text x="{x(1) + 4:.1f}" y="{top - 12}" fill="#b00">target 1 s</text>')
    y = top
    for kind in kinds:
        parts.append(f'<text x="{left - 8}" y="{y + bar_h + 4}" text-anchor="end">{kind}</text>')
        for result in results:
            p99 = result["visible_s"].get(kind, {}).get("p99", 0)
            colour = colours.get(result["mode"], "#777")
            parts.append(f'<rect x="{left}" y="{y}" width="{x(p99) - left:.1f}" '
                         f'height="{bar_h - 2}" fill="{colour}"/>')  # fmt: skip
            label = svg_escape(f"{p99:.2f} s ({result['mode']} purges)")
            parts.append(f'<text x="{x(p99) + 5:.1f}" y="{y + bar_h - 3}">{label}</text>')
            y += bar_h
        y += 12
    parts.append("</svg>")
    return "\n".join(parts)


def main() -> int:
    import run as bench_run  # bench/run.py: the bench's network and settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="per mode")
    parser.add_argument("--readers", type=int, default=READERS, help="reader threads")
    parser.add_argument(
        "--rate",
        type=float,
        default=READERS_RATE,
        help="readers' requests/s offered (0: as fast as they can)",
    )
    parser.add_argument(
        "--modes",
        default="keys,all",
        help="purge modes to run, comma-separated (keys: exact purges; keys-no-refresh: exact "
        "purges without rendering the dropped pages first, decision 1504; all: the global purge)",
    )
    parser.add_argument("--app-port", type=int, default=8130)
    parser.add_argument("--proxy-port", type=int, default=8131)
    parser.add_argument("--var-dir", type=Path, default=bench_run.BENCH / "var")
    parser.add_argument("--redis", default="", metavar="URL")
    args = parser.parse_args()
    var_dir = args.var_dir.resolve()
    env = bench_run.app_env(var_dir, page_cache=True, redis_url=args.redis)
    results = run(env=env, var_dir=var_dir, seconds=args.seconds, app_port=args.app_port,
                  proxy_port=args.proxy_port, readers=args.readers, rate=args.rate,
                  modes=tuple(args.modes.split(",")))  # fmt: skip
    print(report(results))
    out = bench_run.RESULTS / "churn-latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    figure = out.with_name("churn-chart.svg")
    subtitle = (
        f"{when} · {os.cpu_count()} cores · {args.seconds} s per mode · Varnish with xkey · "
        "exact purges vs the old global purge"
    )
    figure.write_text(chart(results, subtitle))
    print(f"Results: {out}, {figure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
