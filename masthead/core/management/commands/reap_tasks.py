"""Put jobs whose worker died back in the queue.

django-tasks-db marks a job RUNNING when a worker claims it and only its own worker ever
finishes it: a worker killed mid-job (OOM, deploy, power) leaves the job RUNNING forever. This
command returns RUNNING jobs started more than ``--older-than`` seconds ago (default
``MASTHEAD_TASK_STALE_SECONDS``, 15 minutes, longer than any of our jobs) to READY, so the next
worker runs them again. Our tasks are written to be safe to run twice (each does its work in one
transaction and writes files on commit). The scheduler (``manage.py scheduler``) queues the
same work every minute
(``core.tasks.reap_abandoned_tasks``); this command is for running it by hand.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Return jobs of dead workers (RUNNING for too long) to the queue."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=getattr(settings, "MASTHEAD_TASK_STALE_SECONDS", 900),
            help="seconds a job may be RUNNING before it counts as abandoned",
        )

    def handle(self, *args, older_than: int, **options) -> None:
        from masthead.core.tasks import tasks_reap

        reaped = tasks_reap(older_than=older_than)
        if reaped or options["verbosity"] > 1:
            self.stdout.write(f"reap_tasks: {reaped} abandoned job(s) back in the queue")
