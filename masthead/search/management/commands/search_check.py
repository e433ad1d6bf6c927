"""Compare the search index with the database; ``--fix`` repairs, ``--rebuild`` starts over."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from masthead.search import services


class Command(BaseCommand):
    help = (
        "Check that the search index holds every live, public story and nothing else; "
        "--fix repairs the differences, --rebuild indexes everything again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fix", action="store_true", help="repair what differs")
        parser.add_argument("--rebuild", action="store_true", help="index every story again")

    def handle(self, *args, fix: bool, rebuild: bool, **options) -> None:
        console = Console(stderr=True)
        if rebuild:
            from masthead.search.documents import eligible_stories

            total = eligible_stories().count()
            with _progress(console) as progress:
                task = progress.add_task("Indexing stories", total=total)
                count = services.rebuild_index(progress=lambda n: progress.advance(task, n))
            self.stdout.write(f"Indexed {count} stories.")
            return
        report = services.search_check()
        lines = [
            ("missing (reachable, not indexed)", report.missing),
            ("extra (indexed, not reachable)", report.extra),
            ("stale (changed since indexed)", report.stale),
        ]
        for label, ids in lines:
            sample = ", ".join(str(i) for i in ids[:10]) + (" …" if len(ids) > 10 else "")
            self.stdout.write(f"{label}: {len(ids)}" + (f" ({sample})" if ids else ""))
        if report.ok:
            self.stdout.write("The search index matches the database.")
            return
        if not fix:
            raise CommandError(
                "The search index differs from the database: run "
                "`manage.py search_check --fix` to repair it."
            )
        todo = len(report.missing) + len(report.extra) + len(report.stale)
        with _progress(console) as progress:
            task = progress.add_task("Repairing the index", total=todo)
            services.search_check(fix=True, progress=lambda n: progress.advance(task, n))
        after = services.search_check()
        if not after.ok:
            raise CommandError("The index still differs after repair; see the counts above.")
        self.stdout.write(f"Repaired {todo} stories; the index matches the database.")


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    )
