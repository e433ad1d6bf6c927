"""Reads: active alerts of a place and what it contains, the ribbon's severe alerts for a
reader's place, the review queue."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from masthead.places.models import Place
from masthead.places.selectors import place_ids_within, place_lineage
from masthead.traffic.models import Alert

_SEVERITY_ORDER = Case(
    When(severity="severe", then=Value(0)),
    When(severity="moderate", then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def alerts_for_place(*, place: Place, now: datetime | None = None, limit: int = 200) -> list[Alert]:
    """Active alerts for the place and every place within it, the most severe first."""
    return list(
        Alert.objects.active(now=now)
        .for_places(place_ids_within(place=place))
        .select_related("place")
        .annotate(severity_rank=_SEVERITY_ORDER)
        .order_by("severity_rank", "-starts_at", "-id")[:limit]
    )


def alerts_around_place(
    *, place: Place, now: datetime | None = None, limit: int = 20
) -> list[Alert]:
    """Active alerts for the regions that contain the place (a closure across "Western Cape"
    concerns a reader looking at George's traffic), the most severe first."""
    region_ids = [p.pk for p in place_lineage(place=place)[1:]]
    if not region_ids:
        return []
    return list(
        Alert.objects.active(now=now)
        .for_places(region_ids)
        .select_related("place")
        .annotate(severity_rank=_SEVERITY_ORDER)
        .order_by("severity_rank", "-starts_at", "-id")[:limit]
    )


def ribbon_alerts_for(*, place: Place, now: datetime | None = None, limit: int = 3) -> list[Alert]:
    """Severe active alerts a reader of ``place`` must see: the alert's place is the reader's
    place or contains it (a severe alert for "Western Cape" reaches a reader in Cape Town)."""
    lineage_ids = [p.pk for p in place_lineage(place=place)]
    return list(
        Alert.objects.active(now=now)
        .severe()
        .for_places(lineage_ids)
        .select_related("place")
        .order_by("-starts_at", "-id")[:limit]
    )


def alerts_feed(*, place: Place, limit: int = 50) -> list[Alert]:
    """Active alerts for the region's feeds, newest first."""
    return list(
        Alert.objects.active()
        .for_places(place_ids_within(place=place))
        .select_related("place")
        .order_by("-updated_at", "-id")[:limit]
    )


def alerts_pending(*, limit: int = 100) -> list[Alert]:
    return list(
        Alert.objects.pending()
        .filter(expected_end__gt=timezone.now())
        .select_related("place", "reporter")
        .order_by("created_at", "id")[:limit]
    )
