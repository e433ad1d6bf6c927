"""The weather fragment: figures from the kept forecast, never a provider call while a reader
waits once warm, "unavailable" when there are no figures, and a bounded query count."""

from __future__ import annotations

from datetime import timedelta

import pytest
import responses
from django.core.management import call_command
from django.utils import timezone

from masthead.places.models import PlacesSettings, ReaderPlace
from masthead.weather import services
from masthead.weather.models import WeatherReport

URL = "https://open-meteo.test/v1/forecast"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def provider_url(settings):
    settings.WEATHER_OPEN_METEO_URL = URL
    # The view's own behaviour: the app's page cache would answer repeated requests itself.
    settings.PAGE_CACHE_ENABLED = False


@responses.activate
def test_warm_fragment_shows_figures_without_calling_the_provider(
    client, network, enschede, recorded_forecast, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False
    responses.get(URL, body=recorded_forecast, content_type="application/json")
    services.weather_refresh(place=enschede)
    assert len(responses.calls) == 1
    client.get("/fragments/weather/enschede/")  # a warm process: sites are known

    with django_assert_num_queries(2):  # the place, its report
        response = client.get("/fragments/weather/enschede/")
    html = response.content.decode()
    assert "18°C" in html  # 17.7 shown whole
    assert "Partly cloudy" in html
    assert "High 21°C" in html
    assert "Low 8°C" in html
    assert "Weather: Enschede" in html
    assert 'href="/weather/enschede/"' in html  # the full forecast
    assert "public" in response["Cache-Control"]
    assert len(responses.calls) == 1, "a reader must not wait for the provider"


@responses.activate
def test_cold_fragment_says_unavailable_and_queues_one_fetch(
    client, network, enschede, recorded_forecast, django_capture_on_commit_callbacks
):
    responses.get(URL, body=recorded_forecast, content_type="application/json")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        cold = client.get("/fragments/weather/enschede/")
    assert "Weather is unavailable" in cold.content.decode()
    assert len(callbacks) == 1
    # A browser may show a stale answer while it revalidates (stale-while-revalidate): the
    # reader's next view would say "unavailable" again although the figures have arrived.
    assert "stale-while-revalidate=0" in cold["Cache-Control"]
    # The test task backend runs the queued refresh at once; the next reader sees figures.
    assert "Partly cloudy" in client.get("/fragments/weather/enschede/").content.decode()


@responses.activate
def test_provider_failure_keeps_the_page_whole_and_invents_nothing(
    client, network, enschede, django_capture_on_commit_callbacks
):
    responses.get(URL, status=503)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/fragments/weather/enschede/")
    assert response.status_code == 200
    report = WeatherReport.objects.get(place=enschede)
    assert report.failure == "Open-Meteo answered 503"
    html = client.get("/fragments/weather/enschede/").content.decode()
    assert "Weather is unavailable" in html
    assert "°C" not in html


@responses.activate
def test_a_failed_refresh_keeps_good_figures_until_they_are_stale(
    client, network, enschede, recorded_forecast, settings
):
    responses.get(URL, body=recorded_forecast, content_type="application/json")
    services.weather_refresh(place=enschede)
    responses.replace(responses.GET, URL, status=500)
    services.weather_refresh(place=enschede)
    assert "Partly cloudy" in client.get("/fragments/weather/enschede/").content.decode()

    WeatherReport.objects.update(
        fetched_at=timezone.now() - timedelta(seconds=settings.WEATHER_STALE_SECONDS + 60)
    )
    assert "Weather is unavailable" in client.get("/fragments/weather/enschede/").content.decode()


def test_unknown_place_is_404(client, network):
    assert client.get("/fragments/weather/atlantis/").status_code == 404


@responses.activate
def test_refresh_command_fetches_what_readers_use_and_skips_fresh_forecasts(
    network, enschede, recorded_forecast
):
    from wagtail.models import Site

    from masthead.accounts.tests.factories import make_member
    from masthead.places.models import Place

    responses.get(URL, body=recorded_forecast, content_type="application/json")
    other = Place.objects.create(
        name="Hengelo", slug="hengelo", kind="city", latitude="52.26", longitude="6.79"
    )
    Place.objects.create(name="Unread", slug="unread", kind="city", latitude="1", longitude="1")
    setting = PlacesSettings.for_site(Site.objects.get(is_default_site=True))
    setting.default_place = enschede
    setting.save()
    ReaderPlace.objects.create(user=make_member(), component="weather", place=other)

    assert {p.slug for p in services.weather_places_due()} == {"enschede", "hengelo"}
    call_command("weather_refresh")
    assert len(responses.calls) == 2
    assert services.weather_places_due() == []
    call_command("weather_refresh")
    assert len(responses.calls) == 2
