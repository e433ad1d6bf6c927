"""Places, alerts and listing sources for the traffic and listings tests."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from masthead.places.models import Place
from masthead.traffic.models import Alert

# The shared test inputs, read where they are (../shared/data beside the repository).
SHARED_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
if not SHARED_DATA.exists():
    SHARED_DATA = Path("/work/shared/data")


def make_place(name: str, kind: str, parent: Place | None = None, **extra) -> Place:
    return Place.objects.create(name=name, slug=slugify(name), kind=kind, parent=parent, **extra)


def make_world() -> dict[str, Place]:
    """South Africa → Western Cape → Cape Town, Stellenbosch; KwaZulu-Natal → Durban;
    Germany → Brandenburg → Cottbus (for the German event feed)."""
    za = make_place("South Africa", "country", country_code="ZA", time_zone="Africa/Johannesburg")
    wc = make_place(
        "Western Cape", "region", za, country_code="ZA", time_zone="Africa/Johannesburg"
    )
    kzn = make_place(
        "KwaZulu-Natal", "region", za, country_code="ZA", time_zone="Africa/Johannesburg"
    )
    de = make_place("Germany", "country", country_code="DE", time_zone="Europe/Berlin")
    bb = make_place("Brandenburg", "region", de, country_code="DE", time_zone="Europe/Berlin")
    return {
        "south_africa": za,
        "western_cape": wc,
        "kzn": kzn,
        "cape_town": make_place(
            "Cape Town", "city", wc, time_zone="Africa/Johannesburg", population=4_700_000
        ),
        "stellenbosch": make_place(
            "Stellenbosch", "city", wc, time_zone="Africa/Johannesburg", population=150_000
        ),
        "durban": make_place(
            "Durban", "city", kzn, time_zone="Africa/Johannesburg", population=3_100_000
        ),
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
