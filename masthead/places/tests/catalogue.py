"""The small South African catalogue the places, traffic and browser tests share.

Plain functions, not fixtures, so tests in other packages (traffic, tests/e2e) build the same
places without importing another package's conftest.
"""

from __future__ import annotations

from django.utils.text import slugify

from masthead.places.models import Place

SAST = "Africa/Johannesburg"


def make_place(name: str, kind: str, parent: Place | None = None, **extra) -> Place:
    return Place.objects.create(
        name=name, slug=extra.pop("slug", slugify(name)), kind=kind, parent=parent, **extra
    )


def build_south_africa() -> dict[str, Place]:
    """South Africa → Western Cape → Cape Town, Stellenbosch; KwaZulu-Natal → Durban,
    Pietermaritzburg. Real coordinates, so weather and distance ordering behave as on a site."""
    country = make_place(
        "South Africa", "country", country_code="ZA", population=60_000_000, time_zone=SAST
    )
    western_cape = make_place("Western Cape", "region", country, country_code="ZA", time_zone=SAST)
    kzn = make_place("KwaZulu-Natal", "region", country, country_code="ZA", time_zone=SAST)

    def city(name: str, region: Place, population: int, latitude: float, longitude: float):
        return make_place(
            name,
            "city",
            region,
            population=population,
            latitude=latitude,
            longitude=longitude,
            time_zone=SAST,
        )

    return {
        "country": country,
        "western_cape": western_cape,
        "kzn": kzn,
        "cape_town": city("Cape Town", western_cape, 4_700_000, -33.92584, 18.42322),
        "stellenbosch": city("Stellenbosch", western_cape, 150_000, -33.93, 18.86),
        "durban": city("Durban", kzn, 3_100_000, -29.85, 31.02),
        "pietermaritzburg": city("Pietermaritzburg", kzn, 750_000, -29.61679, 30.39278),
    }
