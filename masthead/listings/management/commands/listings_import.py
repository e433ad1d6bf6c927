"""manage.py listings_import: import the listing sources that are due (or --all, or one
--source), or with --enqueue hand the work to the task worker (`make run` does that)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from masthead.listings import services, tasks
from masthead.listings.models import ListingSource


class Command(BaseCommand):
    help = "Import TV (XMLTV) and event (iCalendar) listing sources that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Every enabled source, due or not.")
        parser.add_argument("--source", type=int, help="Only the source with this id.")
        parser.add_argument("--enqueue", action="store_true", help="Queue a background task.")
        parser.add_argument(
            "--expire", action="store_true", help="Also remove listings past LISTINGS_KEEP_DAYS."
        )

    def handle(self, *args, **options) -> None:
        quiet = options["verbosity"] == 0
        if options["enqueue"]:
            result = tasks.import_due_sources.enqueue()
            if not quiet:
                self.stdout.write(f"Queued listings import task {result.id}")
            return
        now = timezone.now()
        sources = ListingSource.objects.filter(enabled=True).select_related("place")
        if options["source"]:
            sources = sources.filter(pk=options["source"])
        chosen = [s for s in sources if options["all"] or options["source"] or s.is_due(now)]
        for index, source in enumerate(chosen, start=1):
            result = services.listing_source_import(source=source, now=now)
            if not quiet:
                self.stdout.write(f"[{index}/{len(chosen)}] {source.name}: {result.summary()}")
        if options["expire"]:
            removed = services.listings_expire()
            if not quiet:
                self.stdout.write(f"Removed {removed} old listings")
