"""manage.py scheduler: the one long-running process that enqueues periodic jobs.

Run it on one node, or on several for safety: each job is enqueued once per period across
the network (masthead/core/schedule.py). It sleeps until the next period starts, so an idle
network costs a wake-up a minute instead of six Django start-ups.
"""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from masthead.core import schedule


class Command(BaseCommand):
    help = "Enqueue every periodic job once per period for the whole network; runs until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue what is due now and exit.")
        parser.add_argument("--node", default="", help="This scheduler's name in the run log.")

    def handle(self, *args, once: bool, node: str, **options) -> None:
        verbose = options["verbosity"] > 0
        names = sorted(schedule.jobs())
        if verbose:
            self.stdout.write(f"scheduler: {len(names)} periodic jobs: {', '.join(names)}")
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_: stop.set())
        while not stop.is_set():
            if not once:
                close_old_connections()
            try:
                enqueued = schedule.schedule_due(node=node)
            except DatabaseError as error:
                # The database is away: try again at the next period, do not die.
                self.stderr.write(f"scheduler: database unavailable, retrying: {error}")
                enqueued = []
            if enqueued and verbose:
                self.stdout.write(f"scheduler: enqueued {', '.join(enqueued)}")
            if once:
                return
            close_old_connections()
            # A little past the boundary, so the clock is surely in the new period.
            stop.wait(schedule.seconds_to_next() + 0.2)
        if verbose:
            self.stdout.write("scheduler: stopped")
