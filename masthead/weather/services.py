"""Refreshing forecasts: in the background, one place at a time, never while a reader waits."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from masthead.places.models import Place, PlacesSettings, ReaderPlace
from masthead.weather.models import WeatherReport
from masthead.weather.providers import WeatherError, WeatherProvider, default_provider

logger = logging.getLogger(__name__)


def weather_refresh(*, place: Place, provider: WeatherProvider | None = None) -> WeatherReport:
    """Fetch the place's forecast and keep it. A failure keeps the last good figures (they
    stop being shown once stale) and records why."""
    provider = provider or default_provider()
    now = timezone.now()
    try:
        forecast = provider.forecast(place)
    except WeatherError as error:
        logger.warning("weather for %s failed: %s", place.slug, error)
        report, _ = WeatherReport.objects.get_or_create(place=place)
        report.failed_at = now
        report.failure = str(error)[:200]
        report.save(update_fields=["failed_at", "failure"])
        return report
    with transaction.atomic():
        report, _ = WeatherReport.objects.select_for_update().get_or_create(place=place)
        report.forecast = forecast.to_json()
        report.fetched_at = now
        report.failure = ""
        report.save(update_fields=["forecast", "fetched_at", "failure"])
    return report


def weather_places_due(*, older_than: timedelta | None = None) -> list[Place]:
    """Places someone reads the weather for (a member's choice, a site's default, or asked
    for recently by a fragment) whose forecast is missing or older than the refresh interval."""
    older_than = older_than or timedelta(seconds=settings.WEATHER_REFRESH_SECONDS)
    now = timezone.now()
    wanted = set(ReaderPlace.objects.filter(component="weather").values_list("place_id", flat=True))
    wanted |= set(
        PlacesSettings.objects.filter(default_place__isnull=False).values_list(
            "default_place_id", flat=True
        )
    )
    wanted |= set(
        WeatherReport.objects.filter(requested_at__gte=now - timedelta(days=2)).values_list(
            "place_id", flat=True
        )
    )
    fresh = set(
        WeatherReport.objects.filter(
            place_id__in=wanted, fetched_at__gte=now - older_than
        ).values_list("place_id", flat=True)
    )
    # A place whose last try failed waits a while: a provider outage is not hammered.
    resting = set(
        WeatherReport.objects.filter(
            place_id__in=wanted, failed_at__gte=now - timedelta(minutes=10)
        ).values_list("place_id", flat=True)
    )
    return list(Place.objects.filter(id__in=wanted - fresh - resting).order_by("id"))


def weather_requested(*, place: Place) -> bool:
    """A reader's fragment found no forecast: note the place so the refresher fetches it.
    Returns True the first time, so the caller queues one refresh rather than one per reader."""
    now = timezone.now()
    report, created = WeatherReport.objects.get_or_create(
        place=place, defaults={"requested_at": now}
    )
    if not created:
        if report.requested_at and report.requested_at > now - timedelta(minutes=5):
            return False
        WeatherReport.objects.filter(pk=report.pk).update(requested_at=now)
    return True
