"""Forecasts for places, fetched from a provider in the background and kept per place."""

from django.apps import AppConfig


class WeatherConfig(AppConfig):
    name = "masthead.weather"
    label = "weather"
    verbose_name = "Weather"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from masthead.newsroom.demo import steps
        from masthead.weather import demo

        # After the places step (order 10), which sets each site's default place.
        steps.register("weather", demo.build_weather, order=20)
