"""Reads: the forecast to show for a place, only when it is recent enough to be true."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from masthead.places.models import Place
from masthead.weather.models import WeatherReport
from masthead.weather.providers import Forecast


def forecast_for_place(*, place: Place) -> tuple[Forecast | None, bool]:
    """(forecast or None, whether a report row exists). Stale figures are not shown."""
    report = WeatherReport.objects.filter(place=place).first()
    if report is None:
        return None, False
    if not report.forecast or report.fetched_at is None:
        return None, True
    if report.fetched_at < timezone.now() - timedelta(seconds=settings.WEATHER_STALE_SECONDS):
        return None, True
    try:
        return Forecast.from_json(report.forecast), True
    except (TypeError, ValueError):
        return None, True
