"""The offline demo provider: what `make run` shows without a network, labelled as made up,
deterministic, behind the same interface as Open-Meteo; production keeps the real provider."""

from __future__ import annotations

import importlib
import sys
from datetime import UTC, datetime

import pytest
import responses

from masthead.weather import providers
from masthead.weather.chart import degrees
from masthead.weather.providers import DemoWeather, OpenMeteo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_weather(settings):
    settings.WEATHER_PROVIDER = "demo"
    settings.PAGE_CACHE_ENABLED = False


@responses.activate  # no URL registered: any network call would raise ConnectionError
def test_fragment_shows_labelled_demo_figures_with_no_network(
    client, network, enschede, demo_weather, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.get("/fragments/weather/enschede/")  # cold: queues the refresh
    assert len(callbacks) == 1

    html = client.get("/fragments/weather/enschede/").content.decode()
    forecast = DemoWeather().forecast(enschede)
    assert f"{degrees(forecast.temperature)}°C" in html
    assert forecast.days[0].condition in html
    assert "<!-- demo weather data" in html, "the page source says the figures are made up"
    assert "Demo data: made-up figures, not a forecast." in html
    assert "open-meteo.com" not in html
    assert len(responses.calls) == 0


def test_demo_figures_are_deterministic_plausible_and_vary_by_place(enschede):
    from masthead.places.models import Place

    noon = datetime(2026, 12, 6, 12, tzinfo=UTC)
    first = DemoWeather(now=noon).forecast(enschede)
    assert first == DemoWeather(now=noon).forecast(enschede)
    assert first.demo and first.has_figures
    assert len(first.days) == 5
    assert len(first.hours) == 24
    lows, highs = min(d.low for d in first.days), max(d.high for d in first.days)
    assert all(lows <= h.temperature <= highs for h in first.hours)
    assert len({h.time for h in first.hours}) == 24, "one figure per hour ahead"
    assert all(-30 < d.low < d.high < 45 for d in first.days)
    cape_town = Place.objects.create(
        name="Cape Town", slug="cape-town", kind="city", latitude="-33.92", longitude="18.42"
    )
    other = DemoWeather(now=noon).forecast(cape_town)
    assert (other.temperature, other.days) != (first.temperature, first.days)
    # December: summer in Cape Town, winter in Enschede.
    assert other.days[0].high > first.days[0].high
    # Kept and read back as JSON like the real provider's forecasts.
    assert providers.Forecast.from_json(first.to_json()) == first


def test_setting_selects_the_provider(settings):
    settings.WEATHER_PROVIDER = "demo"
    assert isinstance(providers.default_provider(), DemoWeather)
    settings.WEATHER_PROVIDER = "open-meteo"
    assert isinstance(providers.default_provider(), OpenMeteo)
    settings.WEATHER_PROVIDER = "typo"
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        providers.default_provider()


def test_production_settings_keep_the_real_provider_and_development_the_demo(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 40 + "abcdefghij")
    monkeypatch.setenv("ALLOWED_HOSTS", "news.example")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///unused.sqlite3")
    monkeypatch.delenv("WEATHER_PROVIDER", raising=False)
    for name in ("masthead.settings.production", "masthead.settings.base"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    production = importlib.import_module("masthead.settings.production")
    base = importlib.import_module("masthead.settings.base")
    assert production.WEATHER_PROVIDER == "open-meteo"
    assert base.WEATHER_PROVIDER == "demo"
