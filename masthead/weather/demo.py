"""Demo network step: the sites' default places have weather from the first page on.

Only with the offline demo provider: a demo build never waits on, or fails for, a network.
With the real provider the background refresh fetches them as usual."""

from __future__ import annotations

from django.conf import settings


def build_weather(*, homes, rng, console) -> None:
    from masthead.places.models import Place, PlacesSettings
    from masthead.weather.services import weather_refresh

    if settings.WEATHER_PROVIDER != "demo":
        console.print("Weather: fetched by the background refresh (WEATHER_PROVIDER is real)")
        return
    ids = PlacesSettings.objects.exclude(default_place=None).values_list("default_place_id")
    places = list(Place.objects.filter(id__in=ids))
    for place in places:
        weather_refresh(place=place)
    console.print(f"Weather: demo figures for {len(places)} places")
