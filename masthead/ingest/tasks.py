"""Background polling: feeds and watched folders are read by the task worker, never while
an editor waits."""

from __future__ import annotations

from django_tasks import task

from masthead.core.schedule import periodic
from masthead.ingest import services
from masthead.ingest.fetching import HttpFetcher


@periodic(every=60)
@task()
def poll_due_sources() -> dict[str, int]:
    summary = services.sources_poll_due(fetcher=HttpFetcher())
    return dict(summary.counts)
