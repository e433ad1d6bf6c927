"""Forecasts for places, fetched from a provider in the background and kept per place."""

from django.apps import AppConfig


class WeatherConfig(AppConfig):
    name = "masthead.weather"
    label = "weather"
    verbose_name = "Weather"
    default_auto_field = "django.db.models.BigAutoField"
