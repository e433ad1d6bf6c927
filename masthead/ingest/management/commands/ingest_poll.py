"""manage.py ingest_poll: poll the feeds and folders that are due (run it from cron, or
with --enqueue hand the work to the task worker)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console

from masthead.core.fetching import HttpFetcher
from masthead.ingest import services, tasks
from masthead.ingest.management.commands.ingest import summary_table


class Command(BaseCommand):
    help = "Poll every enabled ingest source whose poll interval has passed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue a background task instead."
        )

    def handle(self, *args, **options) -> None:
        console = Console(file=self.stdout, width=120)
        quiet = options["verbosity"] == 0  # `make run` calls this every minute
        if options["enqueue"]:
            result = tasks.poll_due_sources.enqueue()
            if not quiet:
                console.print(f"Queued poll task {result.id}")
            return
        summary = services.sources_poll_due(fetcher=HttpFetcher())
        if not quiet:
            console.print(summary_table(summary))
