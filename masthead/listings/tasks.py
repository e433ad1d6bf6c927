"""Background imports: the task worker re-imports sources that are due."""

from __future__ import annotations

from django_tasks import task

from masthead.core.schedule import periodic
from masthead.listings import services


@periodic(every=60)
@task()
def import_due_sources() -> dict[str, int]:
    results = services.listing_sources_import_due()
    return {
        "sources": len(results),
        "failed": sum(1 for r in results if r.error),
        "created": sum(r.created for r in results),
    }
