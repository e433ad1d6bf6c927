"""A small South African catalogue, built per test (no global fixture data)."""

from __future__ import annotations

import pytest
from django.utils.text import slugify

from masthead.places.models import Place


def make_place(name: str, kind: str, parent: Place | None = None, **extra) -> Place:
    return Place.objects.create(
        name=name, slug=extra.pop("slug", slugify(name)), kind=kind, parent=parent, **extra
    )


@pytest.fixture
def south_africa(db):
    country = make_place("South Africa", "country", country_code="ZA", population=60_000_000)
    western_cape = make_place("Western Cape", "region", country, country_code="ZA")
    kzn = make_place("KwaZulu-Natal", "region", country, country_code="ZA")
    return {
        "country": country,
        "western_cape": western_cape,
        "kzn": kzn,
        "cape_town": make_place(
            "Cape Town",
            "city",
            western_cape,
            population=4_700_000,
            latitude=-33.92584,
            longitude=18.42322,
            time_zone="Africa/Johannesburg",
        ),
        "stellenbosch": make_place(
            "Stellenbosch",
            "city",
            western_cape,
            population=150_000,
            latitude=-33.93,
            longitude=18.86,
        ),
        "durban": make_place(
            "Durban",
            "city",
            kzn,
            population=3_100_000,
            latitude=-29.85,
            longitude=31.02,
            time_zone="Africa/Johannesburg",
        ),
    }
