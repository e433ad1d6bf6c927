"""The demo steps add alerts (one severe, for a region) and imported listings."""

from __future__ import annotations

import io
import random

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
