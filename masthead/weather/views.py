"""The weather fragment, keyed by place: the same for every reader of that place."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from masthead.core.pagecache import cacheable
from masthead.places import selectors as places
from masthead.places.components import home_place_redirect
from masthead.places.models import Place
from masthead.weather import selectors, services, tasks
from masthead.weather.chart import temperature_chart

# "Unavailable" is not kept by the app's page cache (proxies keep it PROXY_CACHE_SECONDS), so
# figures appear as soon as the background fetch has them.
UNAVAILABLE_SECONDS = 0


@require_GET
def weather_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        place = places.place_for_fragment(request=request, slug=slug)
    except Place.DoesNotExist as error:
        raise Http404("No such place.") from error
    forecast, _ = selectors.forecast_for_place(place=place)
    if forecast is None and services.weather_requested(place=place):
        # Never fetched while this reader waits: queued, and shown once it has arrived.
        transaction.on_commit(lambda: tasks.refresh_place_weather.enqueue(place.pk))
    response = render(
        request, "weather/fragment_weather.html", {"place": place, "forecast": forecast}
    )
    response = cacheable(response, seconds=None if forecast else UNAVAILABLE_SECONDS)
    if forecast is None:
        # Browsers honour stale-while-revalidate too: the reader's next view would show the
        # stale "unavailable" while the figures that have arrived load in the background.
        patch_cache_control(response, stale_while_revalidate=0)
    return response


@require_GET
def weather_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A place's forecast in full: now, the day ahead hour by hour with a chart, the next days.
    The same for every reader of the place, so cached like the fragment."""
    try:
        place = places.place_get(slug=slug)
    except Place.DoesNotExist as error:
        raise Http404("No such place.") from error
    forecast, _ = selectors.forecast_for_place(place=place)
    if forecast is None and services.weather_requested(place=place):
        transaction.on_commit(lambda: tasks.refresh_place_weather.enqueue(place.pk))
    chart = temperature_chart(forecast.hours, unit=forecast.temperature_unit) if forecast else None
    response = render(
        request,
        "weather/weather_page.html",
        {"place": place, "forecast": forecast, "chart": chart},
    )
    response = cacheable(response, seconds=None if forecast else UNAVAILABLE_SECONDS)
    if forecast is None:
        patch_cache_control(response, stale_while_revalidate=0)
    return response


@require_GET
def home_area(request: HttpRequest) -> HttpResponse:
    return home_place_redirect(request, "weather:page")
