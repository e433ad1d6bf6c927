"""Alerts from the shared Open511 event list: placed by coordinates, re-import updates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from masthead.traffic import selectors, services
from masthead.traffic.models import Alert
from masthead.traffic.open511 import parse_open511
from masthead.traffic.tests.factories import make_place
from tests.shared_data import SHARED_DATA

pytestmark = pytest.mark.shared_data
FEED = SHARED_DATA / "traffic" / "open511_events.json"


def test_open511_events_are_parsed_with_roads_kinds_and_open_intervals():
    from zoneinfo import ZoneInfo

    events, skipped = parse_open511(FEED.read_bytes(), zone=ZoneInfo("America/Los_Angeles"))
    assert skipped == [] and len(events) == 5
    first = events[0]
    assert first.external_id == "open511:example.jurisdiction/1681"
    # Open511's "S" is the direction, kept apart from the road's name.
    assert (first.kind, first.severity, first.road) == ("congestion", "minor", "I-1")
    assert first.direction == "southbound"
    directions = [e.direction for e in events[1:]]
    assert directions == ["westbound", "southbound", "northbound", "northbound"]
    assert first.ends_at is None  # "2012-04-16T09:07/" is open-ended
    assert first.starts_at == datetime(2012, 4, 16, 16, 7, tzinfo=UTC)  # 09:07 PDT
    assert (round(first.latitude, 3), round(first.longitude, 3)) == (33.074, -117.07)
    assert events[1].kind == "crash" and events[1].ends_at is not None


@pytest.fixture
def san_diego(db):
    return make_place(
        "San Diego",
        "city",
        latitude=32.7157,
        longitude=-117.1611,
        time_zone="America/Los_Angeles",
        population=1_400_000,
    )


def test_import_places_events_and_a_second_import_updates_instead_of_copying(san_diego):
    during = datetime(2012, 4, 16, 16, 30, tzinfo=UTC)
    first = services.alerts_import_open511(
        content=FEED.read_bytes(), fallback_place=san_diego, now=during
    )
    assert first["created"] == 5
    second = services.alerts_import_open511(
        content=FEED.read_bytes(), fallback_place=san_diego, now=during
    )
    assert second == {"created": 0, "updated": 5, "skipped": 0}
    assert Alert.objects.count() == 5
    assert set(Alert.objects.values_list("source", "place_id")) == {("feed", san_diego.pk)}
    # Today every one of them is long over: imported as expired, never shown.
    services.alerts_import_open511(content=FEED.read_bytes(), fallback_place=san_diego)
    assert set(Alert.objects.values_list("status", flat=True)) == {"expired"}
    assert selectors.alerts_for_place(place=san_diego) == []


def test_not_open511_is_refused():
    with pytest.raises(services.TrafficError):
        parse_open511(b'{"items": []}', zone=UTC)
