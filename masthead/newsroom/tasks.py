"""The newsroom's periodic work: scheduled stories go live (and expired ones come down)."""

from __future__ import annotations

from django.core.management import call_command
from django_tasks import task

from masthead.core.schedule import periodic


@periodic(every=60)
@task()
def publish_scheduled() -> None:
    # Wagtail's own command: revisions whose go-live time has passed are published, pages
    # whose expiry has passed are unpublished (its signals purge the caches).
    call_command("publish_scheduled", verbosity=0)


EXPIRY_CHECKED_KEY = "newsroom:picture-expiry-checked"


def pictures_expired_purge(*, now=None) -> int:
    """Purge the pages showing pictures whose licence expired since the last check: proxies
    keep pages for hours, and a page renders an expired picture out only when rendered again.
    Returns how many pictures' pages were purged."""
    from datetime import timedelta

    from django.core.cache import cache
    from django.utils import timezone

    from masthead.core import surrogate
    from masthead.core.purging import purge_after_commit
    from masthead.newsroom.models import NewsImage

    now = now or timezone.now()
    # A lost record (a flushed cache): look back further than the period, purging twice is
    # harmless, missing one is not.
    since = cache.get(EXPIRY_CHECKED_KEY) or now - timedelta(minutes=10)
    ids = list(
        NewsImage.objects.filter(rights_expire_at__gt=since, rights_expire_at__lte=now)
        .values_list("id", flat=True)
        .order_by("id")
    )
    if ids:
        purge_after_commit([surrogate.image(pk) for pk in ids], reason="picture rights expired")
    cache.set(EXPIRY_CHECKED_KEY, now, timeout=None)
    return len(ids)


@periodic(every=60)
@task()
def purge_expired_pictures() -> int:
    return pictures_expired_purge()
