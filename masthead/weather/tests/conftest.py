"""The recorded Open-Meteo response (read where it is, in ../shared/data/) and a place for it."""

from __future__ import annotations

import pytest

from masthead.places.models import Place
from tests.shared_data import SHARED_DATA

RECORDED = SHARED_DATA / "open-meteo" / "forecast_enschede_current_hourly_daily.json"


@pytest.fixture
def recorded_forecast(shared_data) -> bytes:
    return RECORDED.read_bytes()


@pytest.fixture
def enschede(db) -> Place:
    return Place.objects.create(
        name="Enschede",
        slug="enschede",
        kind="city",
        country_code="NL",
        latitude="52.22083",
        longitude="6.89583",
        time_zone="Europe/Amsterdam",
        population=158_000,
    )
