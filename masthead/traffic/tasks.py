"""Traffic's periodic work: alerts past their expected end are marked expired."""

from __future__ import annotations

from django_tasks import task

from masthead.core.schedule import periodic
from masthead.traffic import services


@periodic(every=60)
@task()
def expire_alerts() -> int:
    return services.alerts_expire()
