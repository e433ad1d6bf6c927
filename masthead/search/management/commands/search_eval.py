"""Relevance of the reader's search on this database: recall@10, MRR, nDCG@10 over generated,
judged queries (masthead/search/evaluation.py), for one or more engines side by side."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from masthead.search import evaluation


class Command(BaseCommand):
    help = "Measure search relevance (recall@10, MRR, nDCG@10) on generated, judged queries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queries", type=int, default=150)
        parser.add_argument("--seed", type=int, default=16)
        parser.add_argument(
            "--engine",
            action="append",
            choices=["index", "kept", "wagtail"],
            help=(
                "index (default: every match ranked), kept (each query's kept champion list, "
                "asked twice and judged the second time: docs/decisions/0707) and/or wagtail "
                "(the implementation before the index)"
            ),
        )
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="print the figures as JSON"
        )

    def handle(self, *args, queries: int, seed: int, engine, as_json: bool, **options) -> None:
        console = Console(stderr=True)
        engines = engine or ["index"]
        generated = evaluation.build_queries(seed=seed, total=queries)
        results = {}
        for name in engines:
            with (
                override_settings(
                    MASTHEAD_SEARCH_ENGINE="index" if name == "kept" else name,
                    MASTHEAD_SEARCH_RESULT_SECONDS=300 if name == "kept" else 0,
                ),
                Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    console=console,
                ) as progress,
            ):
                task = progress.add_task(f"Searching ({name})", total=len(generated))
                results[name] = evaluation.score(
                    generated,
                    _asked_twice if name == "kept" else evaluation.search_network,
                    progress=lambda task=task, progress=progress: progress.advance(task),
                )
        if as_json:
            self.stdout.write(_json(results, len(generated)))
            return
        table = Table(title=f"Search relevance, {len(generated)} queries")
        table.add_column("engine")
        table.add_column("queries")
        for column in ("recall@10", "MRR", "nDCG@10"):
            table.add_column(column, justify="right")
        for name, scores in results.items():
            table.add_row(
                name, "all", f"{scores.recall:.3f}", f"{scores.mrr:.3f}", f"{scores.ndcg:.3f}"
            )
            for kind, (recall, mrr, ndcg, n) in scores.by_kind.items():
                table.add_row("", f"{kind} ({n})", f"{recall:.3f}", f"{mrr:.3f}", f"{ndcg:.3f}")
        Console().print(table)


def _asked_twice(query: str) -> list[int]:
    """The first ask makes the query's list (the engine's own answer); the second ranks the
    kept list afresh, which is what every later reader gets."""
    evaluation.search_network(query)
    return evaluation.search_network(query)


def _json(results: dict, count: int) -> str:
    return json.dumps(
        {
            "queries": count,
            "engines": {
                name: {
                    "recall@10": round(s.recall, 4),
                    "mrr": round(s.mrr, 4),
                    "ndcg@10": round(s.ndcg, 4),
                    "by_kind": {
                        k: [round(x, 4) for x in v[:3]] + [v[3]] for k, v in s.by_kind.items()
                    },
                }
                for name, s in results.items()
            },
        }
    )
