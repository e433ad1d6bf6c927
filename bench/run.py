"""`make bench`: the demo network at 20,000+ stories, served with production settings, measured
with wrk on loopback in one run, side by side.

Rows: (a) the app alone (gunicorn, 2 workers) with its page cache off and on; (b) the production
topology, nginx as a caching reverse proxy (deploy/nginx/masthead.conf with only its ports and
paths changed) in front of the app; (c) nginx serving the same article's HTML as a static file,
the limit of the machine. Plus the live "new stories" endpoint and search when they exist, and
the churn scenario (bench/churn.py): readers through Varnish while stories are published,
with exact purges and with the old global purge.

Everything listens on 127.0.0.1 (ports 8110-8131), every wrk run is bounded by --duration,
and every process started here is stopped on exit. Results: one table on the terminal,
bench/results/<time>.json, bench/results/chart.svg and docs/performance-chart.svg.
See docs/performance.md.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime as dt
import getpass
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

import churn as churn_bench  # bench/churn.py: publishing under load through Varnish
import comments as comments_bench  # bench/comments.py: the comment thread and posting mix
from figures import decades, gridlines, svg_escape, svg_start  # bench/figures.py
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
DEPLOY_CONF = ROOT / "deploy" / "nginx" / "masthead.conf"
PYTHON = sys.executable
HOST = "127.0.0.1"
PORT_APP_UNCACHED = 8110
PORT_APP_CACHED = 8111
PORT_PROXY = 8120
PORT_STATIC = 8121
PORT_CHURN_APP = 8130
PORT_CHURN_PROXY = 8131
SITE_HOST = "localhost"
STATIC = "(c) nginx static file"
PROXY = "(b) nginx cache + app"
APP_CACHED = "(a) app, page cache"
APP_UNCACHED = "(a) app, no cache"

# A wide table even when the output is a file or a pipe (make bench | tee).
console = Console() if sys.stdout.isatty() else Console(width=150)
_children: list[subprocess.Popen] = []


# --- processes ----------------------------------------------------------------------------------
def _stop_children() -> None:
    for proc in reversed(_children):
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for proc in _children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
    _children.clear()


def _on_signal(signum, frame) -> None:
    _stop_children()
    sys.exit(128 + signum)


def start(cmd: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    """A child in its own process group, so stopping it stops its workers too."""
    handle = log.open("ab")
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    _children.append(proc)
    return proc


def wait_for_port(port: int, *, proc: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"A server on port {port} exited; see {log}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), 0.2):
            return
        time.sleep(0.2)
    raise SystemExit(f"Nothing listens on {HOST}:{port} after {seconds:.0f} s; see {log}")


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex((HOST, port)) != 0


def get(port: int, path: str, *, host: str = SITE_HOST) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# --- tools and data -----------------------------------------------------------------------------
def ensure_tools() -> None:
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if not missing:
        return
    packages = {"wrk": "wrk", "nginx": "nginx-light"}
    wanted = [packages[m] for m in missing]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        console.print(f"Installing {' '.join(wanted)} with apt-get…")
        subprocess.run(["apt-get", "install", "-y", *wanted], check=False)
    still = [tool for tool in missing if not shutil.which(tool)]
    if still:
        raise SystemExit(
            f"The bench needs {', '.join(still)}. Install them with:\n"
            f"  sudo apt-get install -y {' '.join(packages[t] for t in still)}"
        )


def app_env(var_dir: Path, *, page_cache: bool, redis_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    key_file = var_dir / "bench-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
    env.update(
        DJANGO_SETTINGS_MODULE="masthead.settings.production",
        SECRET_KEY=key_file.read_text().strip(),
        ALLOWED_HOSTS="localhost,.localhost,127.0.0.1",
        DATABASE_URL=f"sqlite:///{var_dir / 'db.sqlite3'}",
        SECURE_SSL_REDIRECT="false",
        MASTHEAD_VAR_DIR=str(var_dir),
        PAGE_CACHE_ENABLED="true" if page_cache else "false",
        LOG_LEVEL="ERROR",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(*args: str, env: dict, capture: bool = False, quiet: bool = False) -> str:
    """Run a management command; ``capture`` returns its output, ``quiet`` hides it and shows
    the end of its error output only when it fails."""
    stdout = subprocess.PIPE if capture else (subprocess.DEVNULL if quiet else None)
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        env=env,
        cwd=ROOT,
        check=False,
        text=True,
        stdout=stdout,
        stderr=subprocess.PIPE if quiet else None,
    )
    if result.returncode:
        detail = f":\n{result.stderr[-3000:]}" if quiet else " (its error is above)"
        raise SystemExit(f"manage.py {' '.join(args[:2])} failed{detail}")
    return result.stdout or ""


DISCOVER = r"""
import json
from datetime import timedelta
from django.utils import timezone
from masthead.newsroom.models import ArticlePage, StoryPage
from masthead.core.sites import network_sites
site = next(s for s in network_sites() if s.is_default)
story_count = StoryPage.objects.live().count()
# The newest article made through Wagtail (with revisions): body pictures, tags, authors and
# related stories, the richest page a reader gets.
stories = ArticlePage.objects.live().filter(path__startswith=site.root_path)
article = (stories.filter(latest_revision__isnull=False).order_by("-first_published_at").first()
           or stories.order_by("-first_published_at").first())
def local(page):
    return page.url_path[len(site.root_url_path) - 1:]
tag = article.tags.order_by("newsroom_storytag_items__id").first()
word = next((w for w in article.title.split() if len(w) > 4), article.title.split()[0])
print(json.dumps({
    "stories": story_count,
    "article": local(article),
    "section": local(article.get_parent()),
    "tag": f"/tags/{tag.slug}/" if tag else None,
    "front": "/",
    "since": (timezone.now() - timedelta(hours=1)).isoformat(timespec="seconds"),
    "word": word.strip(".,:;'\"").lower(),
}))
"""

QUERY_COUNTS = r"""
import json, os
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="localhost")
out = {}
for name, url in json.loads(os.environ["BENCH_URLS"]).items():
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    out[name] = {"status": status, "queries": len(ctx.captured_queries)}
print(json.dumps(out))
"""


def build(var_dir: Path, *, articles: int, env: dict) -> dict:
    """The demo network at ``articles`` stories in the bench var dir, reused when big enough."""
    var_dir.mkdir(parents=True, exist_ok=True)
    console.print(f"[bold]Demo network[/] in {var_dir}")
    manage("migrate", "--noinput", "-v0", env=env)
    info = discover(env) if _has_network(env) else None
    if info is None or info["stories"] < articles:
        console.print(f"Building {articles:,} stories (reused on the next run)…")
        started = time.monotonic()
        manage(
            "demo_network",
            "--reset",
            "--articles",
            str(articles),
            "--port",
            str(PORT_PROXY),
            env=env,
        )
        console.print(f"Built in {time.monotonic() - started:.0f} s")
        info = discover(env)
    else:
        console.print(f"Reusing {info['stories']:,} stories.")
    ensure_search_index(env, stories=info["stories"])
    manage("collectstatic", "--noinput", "-v0", env=env)
    return info


def ensure_search_index(env: dict, *, stories: int) -> None:
    """The demo indexes what it writes; a network built before the search index existed (or
    changed by hand) is brought in line once, so the search row searches every story."""
    out = manage(
        "shell",
        "-c",
        "from masthead.search.models import SearchDocument; print(SearchDocument.objects.count())",
        env=env,
        capture=True,
    )
    indexed = int(out.strip().splitlines()[-1])
    if indexed >= stories:
        return
    console.print(f"Indexing {stories:,} stories for search (once; {indexed:,} indexed now)…")
    started = time.monotonic()
    manage("search_check", "--fix", env=env, quiet=True)
    console.print(f"Indexed in {time.monotonic() - started:.0f} s")


def discover(env: dict) -> dict:
    return json.loads(
        manage("shell", "-c", DISCOVER, env=env, capture=True).strip().splitlines()[-1]
    )


def _has_network(env: dict) -> bool:
    out = manage(
        "shell",
        "-c",
        "from masthead.newsroom.models import HomePage; print(HomePage.objects.exists())",
        env=env,
        capture=True,
    )
    return out.strip().endswith("True")


# --- nginx --------------------------------------------------------------------------------------
def nginx_config(var_dir: Path) -> Path:
    """deploy/nginx/masthead.conf with only ports and paths changed, inside a minimal main
    config that adds the static-file server for row (c)."""
    nginx_dir = var_dir / "nginx"
    for sub in ("cache", "tmp", "html"):
        (nginx_dir / sub).mkdir(parents=True, exist_ok=True)
    text = DEPLOY_CONF.read_text()
    swaps = [
        ("/var/cache/nginx/masthead", str(nginx_dir / "cache")),
        ("server 127.0.0.1:8000;", f"server {HOST}:{PORT_APP_CACHED};"),
        ("listen 80;", f"listen {HOST}:{PORT_PROXY};"),
        ("/var/log/nginx/masthead.access.log", str(nginx_dir / "access.log")),
        ("/srv/masthead/var/", f"{var_dir}/"),
    ]
    for old, new in swaps:
        if old not in text:
            raise SystemExit(f"{DEPLOY_CONF} no longer contains {old!r}; update bench/run.py")
        text = text.replace(old, new)
    (nginx_dir / "masthead.conf").write_text(text)
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    main = f"""# Generated by bench/run.py; do not edit.
{user}
worker_processes auto;
pid {nginx_dir / "nginx.pid"};
error_log {nginx_dir / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    client_body_temp_path {nginx_dir / "tmp"}/body;
    proxy_temp_path {nginx_dir / "tmp"}/proxy;
    fastcgi_temp_path {nginx_dir / "tmp"}/fastcgi;
    uwsgi_temp_path {nginx_dir / "tmp"}/uwsgi;
    scgi_temp_path {nginx_dir / "tmp"}/scgi;
    include {nginx_dir / "masthead.conf"};

    # (c) the limit: the same article's HTML as a file, logged like the proxy.
    server {{
        listen {HOST}:{PORT_STATIC};
        root {nginx_dir / "html"};
        access_log {nginx_dir / "access-static.log"} combined buffer=64k flush=5s;
        location / {{ try_files $uri =404; }}
    }}
}}
"""
    path = nginx_dir / "nginx.conf"
    path.write_text(main)
    return path


# --- measuring ----------------------------------------------------------------------------------
@dataclass
class Row:
    group: str
    name: str
    port: int
    path: str
    connections: int
    result: dict = field(default_factory=dict)
    note: str = ""


def wrk(port: int, path: str, *, connections: int, seconds: int) -> dict:
    threads = 1 if connections == 1 else 2
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-H",
        f"Host: {SITE_HOST}",
        "-s",
        str(BENCH / "wrk_report.lua"),
        f"http://{HOST}:{port}{path}",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 30, check=False)
    line = next((ln for ln in reversed(out.stdout.splitlines()) if ln.startswith("{")), None)
    if line is None:
        return {"error": (out.stderr or out.stdout).strip()[-300:]}
    return json.loads(line)


def warm(port: int, path: str, header: str) -> str:
    """Fetch until the cache answers; returns the last cache status seen."""
    status = ""
    for _ in range(3):
        code, headers, _ = get(port, path)
        status = headers.get(header, "") if code == 200 else f"HTTP {code}"
    return status


def machine() -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError):
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_before": load,
    }


# --- output -------------------------------------------------------------------------------------
def ms(us: float | None) -> str:
    return "-" if us is None else f"{us / 1000:.2f}"


def print_table(rows: list[Row], static_rps: float, queries: dict) -> None:
    table = Table(title="Masthead bench (wrk on loopback; ratio = req/s ÷ nginx static file)")
    for col, justify in (
        ("topology", "left"),
        ("page", "left"),
        ("conn.", "right"),
        ("req/s", "right"),
        ("p50 ms", "right"),
        ("p95 ms", "right"),
        ("p99 ms", "right"),
        ("errors", "right"),
        ("vs static", "right"),
        ("queries", "right"),
    ):
        table.add_column(col, justify=justify)
    for row in rows:
        r = row.result
        if not r or "error" in r:
            table.add_row(
                row.group,
                row.name,
                str(row.connections),
                row.note or r.get("error", "-"),
                "",
                "",
                "",
                "",
                "",
                "",
            )
            continue
        errors = sum(r["errors"].values())
        q = (
            queries.get(row.name.split(" ")[0], {}).get("queries")
            if row.group == APP_UNCACHED
            else None
        )
        table.add_row(
            row.group,
            row.name,
            str(row.connections),
            f"{r['rps']:,.0f}",
            ms(r["p50_us"]),
            ms(r["p95_us"]),
            ms(r["p99_us"]),
            str(errors) if errors else "0",
            f"{r['rps'] / static_rps:.1%}" if static_rps else "-",
            "" if q is None else str(q),
        )
    console.print(table)


def markdown_table(rows: list[Row], static_rps: float, queries: dict) -> str:
    """The same table for docs/performance.md."""
    lines = [
        "| topology | page | conn. | req/s | p50 ms | p95 ms | p99 ms | errors | vs static "
        "| queries |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        r = row.result
        if not r or "error" in r:
            note = row.note or r.get("error", "-")
            lines.append(f"| {row.group} | {row.name} | {row.connections} | {note} | | | | | | |")
            continue
        q = (
            queries.get(row.name.split(" ")[0], {}).get("queries")
            if row.group == APP_UNCACHED
            else None
        )
        ratio = f"{r['rps'] / static_rps:.1%}" if static_rps else "-"
        lines.append(
            f"| {row.group} | {row.name} | {row.connections} | {r['rps']:,.0f} | "
            f"{ms(r['p50_us'])} | {ms(r['p95_us'])} | {ms(r['p99_us'])} | "
            f"{sum(r['errors'].values())} | {ratio} | {'' if q is None else q} |"
        )
    return "\n".join(lines) + "\n"


def svg_chart(rows: list[Row], static_rps: float, meta: dict) -> str:
    """A horizontal bar chart of req/s on a log scale, written by hand: no plotting library."""
    import math

    measured = [r for r in rows if r.result and "rps" in r.result]
    width, left, bar_h, gap, top = 900, 330, 18, 6, 60
    height = top + len(measured) * (bar_h + gap) + 50
    top_rps = max((r.result["rps"] for r in measured), default=1)
    max_log = math.log10(max(top_rps, 10)) + 0.2

    def x(value: float) -> float:
        return left + (width - left - 90) * max(0.0, math.log10(max(value, 1))) / max_log

    colours = {STATIC: "#555", PROXY: "#1f6f43", APP_CACHED: "#2b6cb0", APP_UNCACHED: "#c05621"}
    parts = svg_start(
        width,
        height,
        f"Masthead: requests/s on {meta['nproc']} cores ({meta['cpu']}), log scale",
        f"{meta['when']} · {meta['stories']:,} stories · wrk on loopback · ratio to nginx serving "
        "the article as a static file",
    )
    parts += gridlines(decades(max_log, x), vertical=True, start=top - 6, end=height - 40,
                       label_at=height - 25)  # fmt: skip
    for i, row in enumerate(measured):
        y = top + i * (bar_h + gap)
        colour = colours.get(row.group, "#777")
        label = f"{row.group}: {row.name} ({row.connections} conn.)"
        rps = row.result["rps"]
        parts.append(
            f'<text x="{left - 8}" y="{y + 13}" text-anchor="end">{svg_escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{left}" y="{y}" width="{x(rps) - left:.1f}" height="{bar_h}" '
            f'fill="{colour}"/>'
        )
        ratio = f" · {rps / static_rps:.1%}" if static_rps else ""
        parts.append(f'<text x="{x(rps) + 5:.1f}" y="{y + 13}">{rps:,.0f}{ratio}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


# --- main ---------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles", type=int, default=int(os.environ.get("BENCH_ARTICLES", 20000))
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=int(os.environ.get("BENCH_SECONDS", 10)),
        help="seconds per wrk run",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--var-dir", type=Path, default=Path(os.environ.get("BENCH_VAR_DIR", BENCH / "var"))
    )
    parser.add_argument(
        "--redis",
        default="",
        metavar="URL",
        help="use Redis for the app's cache (default: the embedded file cache)",
    )
    parser.add_argument(
        "--no-docs-chart", action="store_true", help="do not overwrite docs/performance-chart.svg"
    )
    parser.add_argument(
        "--churn-seconds",
        type=int,
        default=int(os.environ.get("BENCH_CHURN_SECONDS", 60)),
        help="seconds per purge mode of the churn scenario through Varnish (0: skip; the "
        "issue's full run is 300)",
    )
    args = parser.parse_args()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    atexit.register(_stop_children)
    ensure_tools()
    busy = [
        p
        for p in (
            PORT_APP_UNCACHED,
            PORT_APP_CACHED,
            PORT_PROXY,
            PORT_STATIC,
            PORT_CHURN_APP,
            PORT_CHURN_PROXY,
        )
        if not port_is_free(p)
    ]
    if busy:
        raise SystemExit(f"Ports in use on {HOST}: {busy}. Stop what listens there and retry.")

    var_dir = args.var_dir.resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    logs = var_dir / "logs"
    logs.mkdir(exist_ok=True)
    uncached_env = app_env(var_dir, page_cache=False, redis_url=args.redis)
    cached_env = app_env(var_dir, page_cache=True, redis_url=args.redis)
    for env in (uncached_env, cached_env):
        env.update(comments_bench.ENV)
    info = build(var_dir, articles=args.articles, env=uncached_env)
    urls = {k: info[k] for k in ("article", "section", "tag", "front") if info.get(k)}
    queries = json.loads(
        manage(
            "shell",
            "-c",
            QUERY_COUNTS,
            env={**uncached_env, "BENCH_URLS": json.dumps(urls)},
            capture=True,
        )
        .strip()
        .splitlines()[-1]
    )
    meta = machine()

    gunicorn = [
        PYTHON,
        "-m",
        "gunicorn",
        "masthead.wsgi:application",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    servers = []
    for port, env, name in (
        (PORT_APP_UNCACHED, uncached_env, "uncached"),
        (PORT_APP_CACHED, cached_env, "cached"),
    ):
        log = logs / f"gunicorn-{name}.log"
        servers.append(
            (start([*gunicorn, "--bind", f"{HOST}:{port}"], env=env, log=log), port, log)
        )
    for proc, port, log in servers:
        wait_for_port(port, proc=proc, log=log)

    # (c): the article's HTML exactly as the app renders it, as a file.
    code, _, html = get(PORT_APP_UNCACHED, urls["article"])
    if code != 200:
        raise SystemExit(f"The article {urls['article']} answered HTTP {code}")
    conf = nginx_config(var_dir)
    (var_dir / "nginx" / "html" / "article.html").write_bytes(html)
    shutil.rmtree(var_dir / "nginx" / "cache", ignore_errors=True)
    (var_dir / "nginx" / "cache").mkdir()
    nginx_log = logs / "nginx.log"
    subprocess.run(["nginx", "-t", "-q", "-c", str(conf)], check=True)
    nginx = start(
        ["nginx", "-c", str(conf), "-g", "daemon off;"], env=dict(os.environ), log=nginx_log
    )
    wait_for_port(PORT_PROXY, proc=nginx, log=nginx_log)
    wait_for_port(PORT_STATIC, proc=nginx, log=nginx_log)

    live_path = f"/live/new-stories/?since={urllib.parse.quote(info['since'])}"
    search_path = f"/search/?q={urllib.parse.quote(info['word'])}"
    c = args.connections
    rows = [Row(STATIC, "article", PORT_STATIC, "/article.html", c)]
    for name, path in urls.items():
        rows.append(Row(PROXY, name, PORT_PROXY, path, c))
    for name, path in urls.items():
        rows.append(Row(APP_CACHED, name, PORT_APP_CACHED, path, c))
    for name, path in urls.items():
        rows.append(Row(APP_UNCACHED, name, PORT_APP_UNCACHED, path, c))
    rows.append(Row(APP_UNCACHED, "article one by one", PORT_APP_UNCACHED, urls["article"], 1))
    rows.append(Row(APP_UNCACHED, "section one by one", PORT_APP_UNCACHED, urls["section"], 1))
    rows.append(Row(PROXY, "live new-stories", PORT_PROXY, live_path, 64))
    rows.append(Row(APP_CACHED, "live new-stories", PORT_APP_CACHED, live_path, 64))
    rows.append(Row(APP_UNCACHED, "search", PORT_APP_UNCACHED, search_path, c))
    comments_info = comments_bench.prepare(manage, env=uncached_env, article=urls["article"])
    rows += comments_bench.rows(
        Row,
        groups=[
            (PROXY, PORT_PROXY),
            (APP_CACHED, PORT_APP_CACHED),
            (APP_UNCACHED, PORT_APP_UNCACHED),
        ],
        info=comments_info,
        connections=c,
    )

    optional = {live_path: "live endpoint", search_path: "search"}
    available: dict[str, bool] = {}
    for path, label in optional.items():
        code, _, _ = get(PORT_APP_UNCACHED, path)
        available[path] = code == 200
        if code != 200:
            console.print(f"[yellow]{label} not available[/] ({path} answered HTTP {code})")

    console.print(f"Measuring {len(rows)} rows, {args.duration} s each…")
    for row in rows:
        if row.path in available and not available[row.path]:
            row.note = "not available"
            continue
        if row.port == PORT_PROXY:
            row.note = f"proxy cache: {warm(row.port, row.path, 'X-Proxy-Cache')}"
        elif row.port == PORT_APP_CACHED:
            row.note = f"app cache: {warm(row.port, row.path, 'X-Cache')}"
        else:
            get(row.port, row.path)
        row.result = wrk(row.port, row.path, connections=row.connections, seconds=args.duration)
        console.print(
            f"  {row.group:<18} {row.name:<20} {row.result.get('rps', 0):>9,.0f} req/s  {row.note}"
        )

    mix = Row(APP_CACHED, "comments 9 reads:1 post", PORT_APP_CACHED, comments_info["post"], c)
    mix.result = comments_bench.posting_mix(
        host=HOST,
        port=PORT_APP_CACHED,
        site_host=SITE_HOST,
        info=comments_info,
        connections=c,
        seconds=args.duration,
    )
    console.print(f"  {mix.group:<18} {mix.name:<20} {mix.result.get('rps', 0):>9,.0f} req/s")
    rows.append(mix)

    _stop_children()
    churn: list[dict] = []
    if args.churn_seconds > 0:
        from masthead.core.localservices import varnish_missing

        missing = varnish_missing()
        if missing:
            console.print(f"[yellow]churn scenario skipped: {missing}[/]")
        else:
            churn = churn_bench.run(
                env=cached_env,
                var_dir=var_dir,
                seconds=args.churn_seconds,
                app_port=PORT_CHURN_APP,
                proxy_port=PORT_CHURN_PROXY,
                readers=churn_bench.READERS,
            )
    static_rps = rows[0].result.get("rps", 0.0)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    meta.update(
        when=stamp,
        stories=info["stories"],
        command=" ".join(["python", *sys.argv]),
        duration_s=args.duration,
        cache="redis" if args.redis else "file (embedded)",
    )
    print_table(rows, static_rps, queries)
    _targets(rows, static_rps)
    if churn:
        console.print(
            "[bold]Churn: a story every 2 s, a wire picture every 5 s, through Varnish[/]"
        )
        console.print(churn_bench.report(churn))

    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": meta,
        "queries": queries,
        "urls": urls,
        "rows": [asdict(r) for r in rows],
        "churn": churn,
    }
    (RESULTS / f"{stamp}.json").write_text(json.dumps(payload, indent=2))
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2))
    (RESULTS / "latest.md").write_text(markdown_table(rows, static_rps, queries))
    chart = svg_chart(rows, static_rps, meta)
    (RESULTS / "chart.svg").write_text(chart)
    if not args.no_docs_chart:
        (ROOT / "docs" / "performance-chart.svg").write_text(chart)
    console.print(
        f"Machine: {meta['nproc']} cores, {meta['cpu']}, {meta['ram']} RAM; "
        f"load before: {meta['load_before']}"
    )
    console.print(f"Results: {RESULTS / 'latest.json'} and chart.svg")
    return 0


def _targets(rows: list[Row], static_rps: float) -> None:
    def find(group: str, name: str) -> dict:
        return next((r.result for r in rows if r.group == group and r.name == name), {})

    checks = [
        (
            "nginx cache, article ≥ 50% of static",
            find(PROXY, "article").get("rps", 0) >= 0.5 * static_rps,
        ),
        (
            "app uncached, article ≥ 450 req/s",
            find(APP_UNCACHED, "article").get("rps", 0) >= 450,
        ),
        (
            "app uncached, section ≥ 300 req/s",
            find(APP_UNCACHED, "section").get("rps", 0) >= 300,
        ),
        (
            "app uncached, one article request ≤ 4 ms",
            0 < find(APP_UNCACHED, "article one by one").get("p50_us", 10**9) <= 4000,
        ),
    ]
    live = find(PROXY, "live new-stories")
    if live:
        checks.append(("live endpoint ≥ 5,000 req/s at 64 conn.", live.get("rps", 0) >= 5000))
    for label, ok in checks:
        console.print(f"  {'[green]met[/]' if ok else '[red]missed[/]'}  {label}")


if __name__ == "__main__":
    sys.exit(main())
