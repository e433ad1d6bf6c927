"""The last forecast fetched for a place, and when a reader last asked for it."""

from __future__ import annotations

from django.db import models


class WeatherReport(models.Model):
    place = models.OneToOneField(
        "places.Place", on_delete=models.CASCADE, related_name="weather_report"
    )
    # The provider's figures as our Forecast (weather/providers.py), never invented: a failed
    # fetch keeps the last good figures and records the failure.
    forecast = models.JSONField(null=True, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=200, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True, db_index=True)

    def __str__(self) -> str:
        return f"Weather for place {self.place_id}"
