"""Periodic jobs, enqueued once per network whichever node's scheduler runs.

Each app declares its periodic jobs beside its tasks (``tasks.py``) with :func:`periodic`;
``manage.py scheduler`` (one long-running process per node, or one for the network) wakes at
each period's start and, for every job due, inserts a ``ScheduledRun`` row for that job and
period and enqueues the task in the same transaction. The row's unique constraint is the
lock: a second scheduler's insert fails, so the job is enqueued once per period across the
network, and only a worker (``manage.py db_worker``, any node) runs it.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)

# Claims are kept this long (the admin can see when each job last ran), then removed.
KEEP_RUNS = timedelta(days=2)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: int  # seconds
    task: object  # a django-tasks Task

    def slot(self, now: datetime) -> datetime:
        """The start of the period ``now`` falls in (periods are aligned to the epoch)."""
        seconds = int(now.timestamp()) // self.every * self.every
        return datetime.fromtimestamp(seconds, tz=UTC)

    def next_slot(self, now: datetime) -> datetime:
        return self.slot(now) + timedelta(seconds=self.every)


_jobs: dict[str, PeriodicJob] = {}


def periodic(*, every: int, name: str = ""):
    """Declare a django-tasks task periodic: ``@periodic(every=60)`` above ``@task()``."""

    def register(task):
        job_name = name or f"{task.module_path}"
        _jobs[job_name] = PeriodicJob(name=job_name, every=every, task=task)
        return task

    return register


def jobs() -> dict[str, PeriodicJob]:
    """Every periodic job of the installed apps (their ``tasks`` modules are imported)."""
    autodiscover_modules("tasks")
    return dict(_jobs)


def node_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def schedule_due(*, now: datetime | None = None, node: str = "") -> list[str]:
    """Enqueue each job whose current period has no run yet; return the names enqueued."""
    now = now or timezone.now()
    node = node or node_name()
    enqueued = []
    for job in jobs().values():
        slot = job.slot(now)
        try:
            with transaction.atomic():
                from masthead.core.models import ScheduledRun

                run = ScheduledRun.objects.create(job=job.name, slot=slot, node=node)
                result = job.task.enqueue()  # type: ignore[attr-defined]
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another scheduler claimed this period first
        enqueued.append(job.name)
        logger.debug("scheduler: %s enqueued for %s (task %s)", job.name, slot, run.task_id)
    return enqueued


def runs_forget(*, now: datetime | None = None) -> int:
    from masthead.core.models import ScheduledRun

    cutoff = (now or timezone.now()) - KEEP_RUNS
    removed, _ = ScheduledRun.objects.filter(enqueued_at__lt=cutoff).delete()
    return removed


def seconds_to_next(*, now: datetime | None = None) -> float:
    """How long the scheduler may sleep: until the earliest next period of any job."""
    now = now or timezone.now()
    upcoming = [job.next_slot(now) for job in jobs().values()]
    if not upcoming:
        return 60.0
    return max(0.05, (min(upcoming) - now).total_seconds())
