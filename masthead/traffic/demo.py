"""Demo network step: a few traffic alerts (one severe, for a region) and review rights for
each site's editors."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from masthead.places.models import Place
from masthead.traffic.models import Alert

ROADS = ["N1", "N2", "M3", "R44", "N7", "M5", "R27"]
PLAN = [
    # (place slug or "region-of:<slug>", kind, severity, direction, hours left, status)
    ("region-of:cape-town", "closure", "severe", "both", 6, Alert.Status.PUBLISHED),
    ("cape-town", "roadworks", "moderate", "northbound", 48, Alert.Status.PUBLISHED),
    ("stellenbosch", "congestion", "minor", "westbound", 2, Alert.Status.PUBLISHED),
    ("durban", "crash", "moderate", "southbound", 3, Alert.Status.PUBLISHED),
    ("johannesburg", "weather", "minor", "", 5, Alert.Status.PUBLISHED),
    ("cape-town", "crash", "moderate", "", 2, Alert.Status.PENDING),
]


def build_traffic(*, homes, rng, console) -> None:
    codenames = ["add_alert", "change_alert", "view_alert", "review_alert"]
    permissions = list(
        Permission.objects.filter(content_type__app_label="traffic", codename__in=codenames)
    )
    for group in Group.objects.filter(name__endswith=" editors"):
        group.permissions.add(*permissions)
    places = {
        p.slug: p
        for p in Place.objects.filter(slug__in=[s.split(":")[-1] for s, *_ in PLAN]).select_related(
            "parent"
        )
    }
    now = timezone.now()
    created = 0
    roads = rng.sample(ROADS, k=len(PLAN))  # one alert per road: no two banners alike
    for (where, kind, severity, direction, hours, status), road in zip(PLAN, roads, strict=True):
        slug = where.split(":")[-1]
        place = places.get(slug)
        if place is None:
            continue
        if where.startswith("region-of:") and place.parent is not None:
            place = place.parent
        Alert.objects.create(
            road=road,
            direction=direction,
            place=place,
            kind=kind,
            severity=severity,
            description=f"{Alert.Kind(kind).label} on the {road} near {place.name}. "
            "Allow extra time.",
            starts_at=now - timedelta(minutes=rng.randint(5, 90)),
            expected_end=now + timedelta(hours=hours),
            source=Alert.Source.READER if status == Alert.Status.PENDING else Alert.Source.NEWSROOM,
            status=status,
        )
        created += 1
    console.print(f"Traffic: {created} alerts")
