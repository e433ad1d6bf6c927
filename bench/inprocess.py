"""CPU per uncached request, measured in one process (no wrk, no gunicorn).

The machine the team works on is shared, so wall-clock load tests are noise while others run
test suites; process CPU time of N requests through Django's test client is not. Production
settings (DEBUG off, cached template loader), the page cache off, the bench network in
bench/var (build it with ``make bench`` or bench/run.py's build step first).

    .venv/bin/python bench/inprocess.py                 # article/section/tag/front, N=300
    .venv/bin/python bench/inprocess.py -n 100 --profile section   # cProfile, top 40
    .venv/bin/python bench/inprocess.py --save bench/results/inprocess.json

Figures are milliseconds of CPU per request (median of 5 rounds of N/5 requests), compare
them with each other (before/after on the same machine), see docs/performance.md.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(var_dir: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="masthead.settings.production",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS="localhost,.localhost,127.0.0.1,testserver",
        DATABASE_URL=f"sqlite:///{var_dir / 'db.sqlite3'}",
        SECURE_SSL_REDIRECT="false",
        MASTHEAD_VAR_DIR=str(var_dir),
        PAGE_CACHE_ENABLED="false",
        LOG_LEVEL="ERROR",
    )
    for name in ("REDIS_URL",):
        os.environ.pop(name, None)
    import django

    django.setup()
    from django.core.management import call_command

    # Other work may have added tables or static files since the bench network was built.
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def discover() -> dict[str, str]:
    from masthead.core.sites import network_sites
    from masthead.newsroom.models import ArticlePage

    site = next(s for s in network_sites() if s.is_default)
    stories = ArticlePage.objects.live().filter(path__startswith=site.root_path)
    article = (
        stories.filter(latest_revision__isnull=False).order_by("-first_published_at").first()
        or stories.order_by("-first_published_at").first()
    )

    def local(page) -> str:
        return page.url_path[len(site.root_url_path) - 1 :]

    tag = article.tags.order_by("newsroom_storytag_items__id").first()
    return {
        "article": local(article),
        "section": local(article.get_parent()),
        "tag": f"/tags/{tag.slug}/",
        "front": "/",
    }


def measure(client, url: str, n: int, rounds: int = 5) -> dict:
    per_round = max(1, n // rounds)
    samples = []
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(per_round):
            response = client.get(url)
        samples.append((time.process_time() - started) * 1000 / per_round)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return {"ms": round(statistics.median(samples), 3), "min": round(min(samples), 3)}


def calls_per_request(client, url: str, n: int) -> int:
    """Python function calls per request: a deterministic figure, whatever the machine's load."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        client.get(url)
    profiler.disable()
    return round(pstats.Stats(profiler).total_calls / n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=300, help="requests per page type")
    parser.add_argument("--var-dir", type=Path, default=ROOT / "bench" / "var")
    parser.add_argument("--only", nargs="*", default=None, help="page types to measure")
    parser.add_argument("--profile", default="", help="cProfile this page type instead")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--stats-file", type=Path, default=None, help="keep the cProfile data")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--save", type=Path, default=None)
    parser.add_argument("--dump", type=Path, default=None, help="write each page's HTML here")
    parser.add_argument(
        "--templates-first", type=Path, default=None, help="a template folder searched first"
    )
    parser.add_argument(
        "--gc",
        choices=("default", "freeze", "off"),
        default="default",
        help="freeze: gc.freeze() after warming, as masthead.wsgi does in a server process",
    )
    args = parser.parse_args()
    configure(args.var_dir)
    if args.templates_first:
        from django.conf import settings

        settings.TEMPLATES[0]["DIRS"].insert(0, args.templates_first)

    from django.test import Client

    urls = discover()
    client = Client(HTTP_HOST="localhost")
    for url in urls.values():  # warm: per-process copies, template loader, route memory
        for _ in range(3):
            client.get(url)
    if args.dump:
        # Before/after HTML to diff: an optimisation must not change what readers get.
        args.dump.mkdir(parents=True, exist_ok=True)
        for name, url in urls.items():
            (args.dump / f"{name}.html").write_bytes(client.get(url).content)
        return
    if args.gc == "freeze":
        gc.collect()
        gc.freeze()
    elif args.gc == "off":
        gc.disable()
    if args.profile:
        url = urls[args.profile]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.n):
            client.get(url)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        print(f"{args.profile} {url}: {stats.total_calls / args.n:,.0f} calls per request")
        if args.stats_file:
            stats.dump_stats(args.stats_file)
        stats.sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())
        return
    results = {}
    for name, url in urls.items():
        if args.only and name not in args.only:
            continue
        results[name] = {
            "url": url,
            **measure(client, url, args.n),
            "calls": calls_per_request(client, url, 20),
        }
        row = results[name]
        print(
            f"{name:8} {row['ms']:7.2f} ms CPU/request (min {row['min']:.2f}) "
            f"{row['calls']:7,} calls  {url}"
        )
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
