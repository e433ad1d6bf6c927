"""Background weather refresh (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from masthead.core.schedule import periodic
from masthead.places.models import Place
from masthead.weather import services


@task()
def refresh_place_weather(place_id: int) -> None:
    place = Place.objects.filter(pk=place_id).first()
    if place is not None:
        services.weather_refresh(place=place)


@periodic(every=60)
@task()
def refresh_due_weather() -> int:
    places = services.weather_places_due()
    for place in places:
        services.weather_refresh(place=place)
    return len(places)
