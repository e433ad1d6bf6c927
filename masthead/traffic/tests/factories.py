"""Places, alerts and listing sources for the traffic and listings tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from masthead.places.models import Place
from masthead.places.tests.catalogue import build_south_africa, make_place
from masthead.traffic.models import Alert


def make_world() -> dict[str, Place]:
    """The shared South African catalogue (masthead/places/tests/catalogue.py), plus Germany →
    Brandenburg → Cottbus for the German event feed, and two cities with no region."""
    world = build_south_africa()
    world["south_africa"] = world.pop("country")
    de = make_place("Germany", "country", country_code="DE", time_zone="Europe/Berlin")
    bb = make_place("Brandenburg", "region", de, country_code="DE", time_zone="Europe/Berlin")
    return {
        **world,
        "germany": de,
        "brandenburg": bb,
        "cottbus": make_place("Cottbus", "city", bb, time_zone="Europe/Berlin", population=99_000),
        "toronto": make_place("Toronto", "city", time_zone="America/Toronto", population=2_600_000),
        "london": make_place("London", "city", time_zone="Europe/London", population=8_900_000),
    }


def make_alert(place: Place, *, severity: str = "moderate", **fields) -> Alert:
    now = timezone.now()
    values = {
        "road": "N1",
        "kind": "crash",
        "status": Alert.Status.PUBLISHED,
        "source": Alert.Source.NEWSROOM,
        "starts_at": now - timedelta(minutes=30),
        "expected_end": now + timedelta(hours=2),
        **fields,
    }
    return Alert.objects.create(place=place, severity=severity, **values)
