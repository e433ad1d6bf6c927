"""`make search-eval`: relevance of the reader's search on the 20,000-story bench network, on
SQLite and PostgreSQL, beside the implementation it replaced (Wagtail's search backend with a
relevance window), in one run. Builds each network once and reuses it.

The queries are generated from the network's own stories and judged by rule
(masthead/search/evaluation.py); figures: recall@10, MRR, nDCG@10. Results go to the terminal
and bench/results/search-eval.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # bench/run.py: manage(), app_env(), console
from rich.table import Table

RESULTS = bench.RESULTS


def network(env: dict, *, stories: int, label: str, old: bool) -> None:
    bench.manage("migrate", "--noinput", "-v0", env=env)
    have = bench._has_network(env) and bench.discover(env)["stories"] >= stories
    if not have:
        bench.console.print(f"[bold]{label}[/]: building {stories:,} stories (reused next time)…")
        started = time.monotonic()
        bench.manage("demo_network", "--reset", "--articles", str(stories), env=env, quiet=True)
        bench.console.print(f"  built in {time.monotonic() - started:.0f} s")
    bench.manage("search_check", "--fix", env=env, quiet=True)
    if old:
        marker = Path(env["MASTHEAD_VAR_DIR"]) / "wagtail-index-built"
        if not marker.exists():
            bench.console.print(f"{label}: Wagtail's index for the old implementation (once)…")
            started = time.monotonic()
            bench.manage("update_index", "-v0", env=env, quiet=True)
            marker.write_text("ok")
            bench.console.print(f"  indexed in {time.monotonic() - started:.0f} s")


def evaluate(env: dict, *, queries: int, engines: list[str]) -> dict:
    args = ["search_eval", "--json", "--queries", str(queries)]
    for engine in engines:
        args += ["--engine", engine]
    out = bench.manage(*args, env=env, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=20000)
    # The search bench's networks (bench/var-search*) instead of the evaluation's own.
    parser.add_argument("--var-suffix", default="-eval", help="bench/var-search<suffix>")
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "SEARCH_EVAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/masthead_search_eval"
        ),
        help="PostgreSQL for the second run ('' to skip it)",
    )
    parser.add_argument("--no-old", action="store_true", help="skip Wagtail's backend")
    args = parser.parse_args()
    engines = ["index", "kept"] if args.no_old else ["index", "kept", "wagtail"]

    runs = {}
    sqlite_dir = (bench.BENCH / f"var-search{args.var_suffix}").resolve()
    sqlite_dir.mkdir(parents=True, exist_ok=True)
    env = bench.app_env(sqlite_dir, page_cache=False, redis_url="")
    network(env, stories=args.stories, label="SQLite", old=not args.no_old)
    runs["SQLite"] = evaluate(env, queries=args.queries, engines=engines)
    if args.database_url:
        pg_dir = (bench.BENCH / f"var-search{args.var_suffix}-pg").resolve()
        pg_dir.mkdir(parents=True, exist_ok=True)
        env = bench.app_env(pg_dir, page_cache=False, redis_url="")
        env["DATABASE_URL"] = args.database_url
        _create_database(args.database_url)
        network(env, stories=args.stories, label="PostgreSQL", old=not args.no_old)
        runs["PostgreSQL"] = evaluate(env, queries=args.queries, engines=engines)

    table = Table(title=f"Search relevance at {args.stories:,} stories, {args.queries} queries")
    for column in ("database", "implementation", "recall@10", "MRR", "nDCG@10"):
        table.add_column(
            column, justify="left" if column in ("database", "implementation") else "right"
        )
    names = {
        "index": "search index, every match ranked",
        "kept": "search index, kept champion lists (0707)",
        "wagtail": "Wagtail backend, window 200 (before)",
    }
    for database, result in runs.items():
        for engine, figures in result["engines"].items():
            table.add_row(
                database,
                names[engine],
                f"{figures['recall@10']:.3f}",
                f"{figures['mrr']:.3f}",
                f"{figures['ndcg@10']:.3f}",
            )
    bench.console.print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "search-eval.json").write_text(
        json.dumps({"stories": args.stories, "runs": runs}, indent=2)
    )
    bench.console.print(f"Results: {RESULTS / 'search-eval.json'}")
    return 0


def _create_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
