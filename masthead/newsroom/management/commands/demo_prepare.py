"""Everything `make run` does before serving, in one process: migrate, the demo network,
collectstatic. Each is a no-op when already done, so a later `make run` pays for one Django
start-up instead of three (each start-up imports the whole project), and the phases are timed
so a slow first run says where its time went (docs/performance.md)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from rich.console import Console


class Command(BaseCommand):
    help = (
        "Migrate, build the demo network when absent, collect static files: what `make run` needs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=settings.MASTHEAD_PORT)
        parser.add_argument("--no-static", action="store_true", help="skip collectstatic")

    def handle(self, *args, port: int, no_static: bool, **options) -> None:
        console = Console(stderr=True)
        timings: list[tuple[str, float]] = []

        def timed(name: str, run) -> None:
            started = time.monotonic()
            run()
            timings.append((name, time.monotonic() - started))

        executor = MigrationExecutor(connections["default"])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            console.print(f"Applying {len(pending)} migrations…")
            timed("migrate", lambda: call_command("migrate", interactive=False, verbosity=0))
        timed("demo network", lambda: call_command("demo_network", port=port))
        if not no_static:
            timed(
                "static files",
                lambda: call_command("collectstatic", interactive=False, verbosity=0),
            )
        console.print(
            "Prepared in " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings)
        )
