"""Infrastructure jobs run by the task worker: returning dead workers' jobs to the queue."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from masthead.core.schedule import periodic


def tasks_reap(*, older_than: int) -> int:
    """Put jobs RUNNING longer than ``older_than`` seconds (their worker died: django-tasks-db
    has no heartbeat) back in the queue. Our tasks are safe to run twice."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(seconds=older_than)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)


@periodic(every=60)
@task()
def reap_abandoned_tasks() -> int:
    return tasks_reap(older_than=getattr(settings, "MASTHEAD_TASK_STALE_SECONDS", 900))


@periodic(every=3600)
@task()
def forget_old_scheduled_runs() -> int:
    from masthead.core.schedule import runs_forget

    return runs_forget()


# Ahead of the index and reference tasks a publish also queues: the worker takes the highest
# priority first, and readers see a change only once the proxies are purged.
PURGE_PRIORITY = 50


@task(priority=PURGE_PRIORITY)
def refresh_then_purge_proxies(keys: list[str], pages: list[list[str]]) -> int:
    """One change, after commit: render again the pages it dropped from the page cache (at
    most ``MASTHEAD_PURGE_REFRESH``, for at most ``MASTHEAD_PURGE_REFRESH_SECONDS``), then
    purge every proxy. A proxy holds the readers of a purged page while it fetches it once;
    that fetch now finds the page rendered. Until the
    purge the proxies serve the page as it was before the change, as they did before this
    task ran, so the refresh adds its render time to publish-to-visible and never a stale
    read after a purge. Returns how many pages were rendered."""
    import time

    from masthead.core import pagecache, purging

    started = time.monotonic()
    rendered = pagecache.refresh(pages, seconds=settings.MASTHEAD_PURGE_REFRESH_SECONDS)
    if pages:
        purging.logger.info(
            "refreshed %d of %d dropped pages in %.0f ms before the proxies' purge",
            rendered, len(pages), (time.monotonic() - started) * 1000,
        )  # fmt: skip
    for proxy in settings.MASTHEAD_PURGE_PROXIES:
        # In this run, not queued: the refresh is what the purge waited for. A failure queues
        # the retries itself.
        purge_proxies.call(proxy, keys, 1)
    return rendered


@task(priority=PURGE_PRIORITY)
def purge_proxies(proxy: str, keys: list[str], attempt: int = 1) -> bool:
    """Send one change's surrogate keys to one proxy (``keys`` empty: purge everything).
    Retried with back-off while the proxy cannot be reached; every failure is logged, counted
    and shown in /health/ready/ until a purge gets through. A purge given up on leaves the
    proxy possibly stale, so the next one that gets through purges everything there first."""
    import logging
    from datetime import timedelta

    from masthead.core import purging

    logger = logging.getLogger("masthead.core.purging")
    label = purging.proxy_label(proxy)
    try:
        if purging.lost_purges(proxy):
            purging.send_to_proxy(proxy, [])
            logger.warning("purge: %s purged entirely after purges were given up", label)
        purging.send_to_proxy(proxy, keys)
    except Exception as exc:  # noqa: BLE001 - any failure is retried and reported
        given_up = attempt >= settings.MASTHEAD_PURGE_ATTEMPTS
        purging.record_failure(proxy, f"{type(exc).__name__}: {exc}", attempt, lost=given_up)
        if given_up:
            logger.error("purge: giving up on %s after %d attempts: %s", label, attempt, exc)
            return False
        delay = purging.retry_delay(attempt)
        logger.warning("purge: %s failed (attempt %d, again in %.0f s): %s", label, attempt,
                       delay, exc)  # fmt: skip
        retry = purge_proxies
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + timedelta(seconds=delay))
        retry.enqueue(proxy, keys, attempt + 1)
        return False
    purging.record_success(proxy)
    return True
