"""Alert times are shown where the alert is, with that zone's label, whatever the site's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from masthead.places.models import Place
from masthead.traffic.tests.factories import make_alert

pytestmark = pytest.mark.django_db


def test_alert_times_are_in_the_place_s_zone_with_its_label(client, network, world, settings):
    assert settings.TIME_ZONE == "Europe/London"
    starts = datetime(2026, 1, 13, 6, 30, tzinfo=UTC)  # 08:30 in Cape Town, 07:30 in Cottbus
    make_alert(
        world["cape_town"],
        severity="severe",
        starts_at=starts,
        expected_end=starts + timedelta(days=900),
    )
    make_alert(
        world["cottbus"], road="A15", starts_at=starts, expected_end=starts + timedelta(days=900)
    )

    cape = client.get("/traffic/cape-town/").content.decode()
    assert (
        '<dt>Since</dt><dd><time datetime="2026-01-13T06:30:00+00:00">Tue 13 Jan, 08:30 SAST</time>'
        in cape
    )
    cottbus = client.get("/traffic/cottbus/").content.decode()
    assert ">Tue 13 Jan, 07:30 CET</time>" in cottbus
    ribbon = client.get("/fragments/traffic/ribbon/cape-town/").content.decode()
    assert "SAST</time>" in ribbon

    feed = feedparser.parse(client.get("/traffic/cape-town/feed/rss/").content)
    assert not feed.bozo
    assert feed.entries[0].summary.endswith("expected to last until 01 Jul 08:30 SAST.")


def test_a_region_s_alert_is_told_in_the_zone_of_the_place_being_read(client, network, world):
    # The real catalogue gives cities a zone, not regions or countries.
    Place.objects.filter(pk=world["western_cape"].pk).update(time_zone="")
    starts = datetime(2026, 1, 13, 6, 30, tzinfo=UTC)
    make_alert(
        world["western_cape"],
        severity="severe",
        starts_at=starts,
        expected_end=starts + timedelta(days=900),
    )
    cape = client.get("/traffic/cape-town/").content.decode()
    assert ">Tue 13 Jan, 08:30 SAST</time>" in cape  # not 06:30 GMT, the server's zone
    ribbon = client.get("/fragments/traffic/ribbon/cape-town/").content.decode()
    assert "SAST</time>" in ribbon and "GMT" not in ribbon


def test_the_zone_rule_is_the_alert_s_place_then_the_place_being_read(world):
    region = Place(name="Nowhere in particular", kind="region", time_zone="")
    city = world["cape_town"]
    assert make_alert(city).time_zone_seen_from(world["cottbus"]) == city.time_zone
    alert = make_alert(city)
    alert.place = region
    assert alert.time_zone_seen_from(city) == city.time_zone
    assert alert.time_zone_seen_from(None) == ""
