"""The Open-Meteo provider against its real response format (recorded) and its failures."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
import requests
import responses

from masthead.weather.providers import OpenMeteo, WeatherError

URL = "https://open-meteo.test/v1/forecast"


@pytest.fixture
def provider(settings) -> OpenMeteo:
    settings.WEATHER_OPEN_METEO_URL = URL
    return OpenMeteo()


@responses.activate
def test_recorded_response_gives_current_figures_and_three_days(
    provider, enschede, recorded_forecast
):
    responses.get(URL, body=recorded_forecast, content_type="application/json")
    forecast = provider.forecast(enschede)

    assert forecast.temperature == 17.7
    assert forecast.apparent_temperature == 17.6
    assert forecast.condition == "Partly cloudy"
    assert forecast.wind_speed == 3.6
    assert forecast.temperature_unit == "°C"
    assert forecast.wind_unit == "km/h"
    assert forecast.time_zone == "Europe/Amsterdam"
    assert [(d.date, d.high, d.low, d.condition) for d in forecast.days] == [
        ("2026-10-03", 20.6, 8.4, "Overcast"),
        ("2026-10-04", 20.2, 10.8, "Fog"),
        ("2026-10-05", 22.2, 11.6, "Overcast"),
    ]
    assert forecast.days[1].precipitation_chance == 8

    sent = parse_qs(urlparse(responses.calls[0].request.url).query)
    assert sent["latitude"] == ["52.2208"]
    assert sent["longitude"] == ["6.8958"]
    assert sent["timezone"] == ["Europe/Amsterdam"]
    assert "temperature_2m" in sent["current"][0]


@responses.activate
def test_missing_figures_stay_missing(provider, enschede, recorded_forecast):
    data = json.loads(recorded_forecast)
    data["current"]["temperature_2m"] = None
    data["current"]["weather_code"] = None
    data["daily"]["temperature_2m_min"] = [None, 10.8]  # shorter than the dates, too
    responses.get(URL, json=data)
    forecast = provider.forecast(enschede)
    assert forecast.temperature is None
    assert forecast.condition == ""
    assert [d.low for d in forecast.days] == [None, 10.8, None]


@pytest.mark.parametrize(
    "reply",
    [
        {"status": 500, "body": "upstream down"},
        {"status": 400, "json": {"error": True, "reason": "Latitude must be in range"}},
        {"status": 200, "body": "<html>not json</html>"},
        {"status": 200, "json": {"error": True, "reason": "Parameter current is invalid"}},
        {"status": 200, "json": {"current": {"temperature_2m": None}, "daily": {}}},
        {"status": 200, "json": ["not", "an", "object"]},
        {"body": requests.exceptions.ConnectTimeout("slow")},
    ],
)
@responses.activate
def test_failures_raise_weather_error(provider, enschede, reply):
    responses.get(URL, **reply)
    with pytest.raises(WeatherError):
        provider.forecast(enschede)


def test_place_without_coordinates_is_refused(provider, db):
    from masthead.places.models import Place

    region = Place.objects.create(name="Garden Route", slug="garden-route", kind="area")
    with pytest.raises(WeatherError):
        provider.forecast(region)


def test_real_http_round_trip_against_a_loopback_server(settings, enschede, recorded_forecast):
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(recorded_forecast)))
            self.end_headers()
            self.wfile.write(recorded_forecast)

        def log_message(self, *args):
            pass  # tests print nothing

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.WEATHER_OPEN_METEO_URL = f"http://127.0.0.1:{server.server_port}/v1/forecast"
        forecast = OpenMeteo().forecast(enschede)
    finally:
        server.shutdown()
        server.server_close()
    assert forecast.temperature == 17.7
    assert seen and seen[0].startswith("/v1/forecast?latitude=52.2208")
