"""Background polling: feeds and watched folders are read by the task worker, never while
an editor waits."""

from __future__ import annotations

from django_tasks import task

from masthead.core.fetching import HttpFetcher
from masthead.core.schedule import periodic
from masthead.ingest import services


@periodic(every=60)
@task()
def poll_due_sources() -> dict[str, int]:
    summary = services.sources_poll_due(fetcher=HttpFetcher())
    return dict(summary.counts)
