"""The demo steps add alerts (one severe, for a region) and imported listings."""

from __future__ import annotations

import io
import random
from itertools import pairwise

from django.contrib.auth.models import Group
from rich.console import Console

from masthead.listings.demo import build_listings
from masthead.listings.models import Listing, ListingSource
from masthead.traffic.demo import build_traffic
from masthead.traffic.models import Alert


def test_demo_steps_build_alerts_and_listings(world, settings, tmp_path):
    settings.LISTINGS_FILE_ROOT = tmp_path
    editors = Group.objects.create(name="Test News editors")
    console = Console(file=io.StringIO())
    build_traffic(homes=[], rng=random.Random(7), console=console)
    build_listings(homes=[], rng=random.Random(7), console=console)

    severe = Alert.objects.get(severity="severe")
    assert severe.place == world["western_cape"] and severe.is_active
    assert Alert.objects.filter(status="pending").count() == 1
    roads = list(Alert.objects.values_list("road", flat=True))
    assert len(set(roads)) == len(roads), "two banners for one road read as a duplicate"
    assert editors.permissions.filter(codename="review_alert").exists()

    assert ListingSource.objects.filter(kind="xmltv").count() == 1
    assert ListingSource.objects.filter(kind="ical").count() == 2  # Cape Town and Durban
    assert Listing.objects.filter(kind="tv").exists()
    assert Listing.objects.filter(kind="event", all_day=True).exists()
    assert not ListingSource.objects.exclude(last_error="").exists()


def test_the_demo_tv_guide_puts_each_show_in_its_slot_of_the_local_day(world, settings, tmp_path):
    from zoneinfo import ZoneInfo

    settings.LISTINGS_FILE_ROOT = tmp_path
    build_listings(homes=[], rng=random.Random(3), console=Console(file=io.StringIO()))
    programmes = list(Listing.objects.filter(kind="tv").select_related("channel"))
    assert len(programmes) > 40
    zone = ZoneInfo("Africa/Johannesburg")  # the zone of the test places (not settings.TIME_ZONE)
    slots = {
        "Morning Briefing": range(6, 9),
        "The Evening Bulletin": range(19, 20),
        "Sport Breakfast": range(6, 9),
    }
    seen = set()
    for programme in programmes:
        hour = programme.starts_at.astimezone(zone).hour
        if programme.title in slots:
            seen.add(programme.title)
            assert hour in slots[programme.title], (programme.title, hour)
        assert programme.ends_at > programme.starts_at
    assert seen == set(slots)
    # Each channel's programmes follow one another without a gap or an overlap.
    for channel in {p.channel for p in programmes}:
        own = sorted((p for p in programmes if p.channel == channel), key=lambda p: p.starts_at)
        assert all(a.ends_at == b.starts_at for a, b in pairwise(own))
        assert all(a.title != b.title for a, b in pairwise(own)), "a show twice in a row"
