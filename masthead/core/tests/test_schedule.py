"""The scheduler: every periodic job enqueued once per period for the whole network, however
many schedulers run."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from masthead.core import schedule
from masthead.core.models import ScheduledRun

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EXPECTED = {
    "masthead.core.tasks.reap_abandoned_tasks",
    "masthead.core.tasks.forget_old_scheduled_runs",
    "masthead.newsroom.tasks.publish_scheduled",
    "masthead.ingest.tasks.poll_due_sources",
    "masthead.listings.tasks.import_due_sources",
    "masthead.traffic.tasks.expire_alerts",
    "masthead.weather.tasks.refresh_due_weather",
}


def queued() -> list[str]:
    from django_tasks_db.models import DBTaskResult

    return sorted(DBTaskResult.objects.values_list("task_path", flat=True))


def test_every_job_of_the_old_shell_loop_is_periodic():
    assert set(schedule.jobs()) >= EXPECTED


def test_periods_are_aligned_so_every_node_computes_the_same_one():
    job = schedule.PeriodicJob(name="x", every=60, task=None)
    at = datetime(2026, 12, 6, 10, 15, 42, tzinfo=UTC)
    assert job.slot(at) == datetime(2026, 12, 6, 10, 15, tzinfo=UTC)
    assert job.next_slot(at) == datetime(2026, 12, 6, 10, 16, tzinfo=UTC)
    assert schedule.seconds_to_next(now=at) == pytest.approx(18)


@pytest.mark.django_db
def test_a_job_is_enqueued_once_per_period(settings):
    settings.TASKS = DB_QUEUE
    at = datetime(2026, 12, 6, 10, 15, 5, tzinfo=UTC)
    first = schedule.schedule_due(now=at, node="a")
    assert set(first) >= EXPECTED
    # Another node's scheduler (or this one waking early) in the same minute: nothing.
    assert schedule.schedule_due(now=at + timedelta(seconds=40), node="b") == []
    assert len(queued()) == len(first)
    # The next minute: the minutely jobs again, the hourly one not.
    again = schedule.schedule_due(now=at + timedelta(seconds=60), node="b")
    assert "masthead.newsroom.tasks.publish_scheduled" in again
    assert "masthead.core.tasks.forget_old_scheduled_runs" not in again
    assert ScheduledRun.objects.filter(node="b").count() == len(again)
    assert all(run.task_id for run in ScheduledRun.objects.all())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_schedulers_at_the_same_moment_enqueue_each_job_once(settings):
    settings.TASKS = DB_QUEUE
    at = datetime(2026, 12, 6, 11, 0, 1, tzinfo=UTC)
    results: dict[str, list[str]] = {}
    start = threading.Barrier(2)

    def node(name: str) -> None:
        start.wait()
        try:
            results[name] = schedule.schedule_due(now=at, node=name)
        finally:
            connection.close()

    threads = [threading.Thread(target=node, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    together = results["a"] + results["b"]
    assert sorted(together) == sorted(set(together))  # no job twice
    assert set(together) >= EXPECTED
    assert len(queued()) == len(together)


@pytest.mark.django_db
def test_the_command_once_enqueues_what_is_due(settings):
    settings.TASKS = DB_QUEUE
    call_command("scheduler", "--once", "--node", "cmd", verbosity=0)
    assert set(queued()) >= EXPECTED
    call_command("scheduler", "--once", "--node", "cmd", verbosity=0)
    assert len(queued()) == ScheduledRun.objects.count()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_queued_jobs_run_in_the_worker(settings):
    settings.TASKS = DB_QUEUE
    schedule.schedule_due(node="w")
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", verbosity=0)
    from django_tasks_db.models import DBTaskResult

    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL"}, list(DBTaskResult.objects.values("task_path", "status"))
