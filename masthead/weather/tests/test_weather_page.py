"""The weather page per place: now, the next 24 hours with a server-drawn chart, the next
days; the same for every reader (cached like the fragment), a bounded number of queries."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import responses

from masthead.weather import services
from masthead.weather.chart import degrees, temperature_chart
from masthead.weather.providers import DemoWeather, Hour, OpenMeteo

pytestmark = pytest.mark.django_db

URL = "https://api.open-meteo.com/v1/forecast"


@pytest.fixture
def demo_weather(settings):
    settings.WEATHER_PROVIDER = "demo"
    settings.PAGE_CACHE_ENABLED = False


def test_page_shows_now_hours_chart_and_days_from_the_provider(
    client, network, enschede, demo_weather, django_assert_num_queries
):
    services.weather_refresh(place=enschede, provider=DemoWeather())
    forecast = DemoWeather().forecast(enschede)
    client.get("/weather/enschede/")  # a warm process: sites and sections are known
    with django_assert_num_queries(2):  # the place (with its parents), its report
        response = client.get("/weather/enschede/")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    html = response.content.decode()
    assert "<h1>Weather: Enschede</h1>" in html
    assert f"{degrees(forecast.temperature)}°C" in html
    # The day ahead hour by hour, and the chart drawn as inline SVG (no script).
    assert html.count('<li><time datetime="') == 24
    assert '<svg viewBox="0 0 720 220" role="img"' in html
    points = re.search(r'<polyline class="weather-chart__line" points="([^"]+)"', html).group(1)
    assert len(points.split()) == 24
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    # Five days, today first; the figures are labelled as made up.
    assert html.count('class="weather-outlook__day"') == 5
    assert "<h3>Today</h3>" in html
    assert "Demo data: made-up figures, not a forecast." in html


def test_page_for_a_place_without_figures_says_so_and_queues_a_fetch(
    client, network, enschede, demo_weather, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.get("/weather/enschede/")
    assert response.status_code == 200
    assert "Weather is unavailable for Enschede right now." in response.content.decode()
    assert len(callbacks) == 1, "the fetch is queued, never done while the reader waits"


def test_unknown_place_is_404(client, network):
    assert client.get("/weather/atlantis/").status_code == 404


@responses.activate
def test_open_meteo_hours_start_at_the_current_hour(recorded_forecast):
    import json

    data = json.loads(recorded_forecast)
    # The recorded response lists hours from midnight; shift "now" to 01:15 of that day.
    data["current"]["time"] = "2026-10-03T01:15"
    forecast = OpenMeteo.parse(data)
    assert [h.time for h in forecast.hours] == ["2026-10-03T01:00", "2026-10-03T02:00"]
    assert forecast.hours[0].temperature == 11.2
    assert forecast.hours[0].condition == "Mainly clear"
    assert forecast.hours[0].precipitation_chance == 0


def test_chart_scales_the_day_into_the_picture_and_says_what_it_shows():
    hours = [
        Hour(time=f"2026-12-06T{h:02d}:00", temperature=t, condition="", precipitation_chance=0)
        for h, t in zip(range(6, 12), [2.0, 4.0, 9.0, 12.0, 7.0, 3.0], strict=True)
    ]
    chart = temperature_chart(hours, every=2)
    assert chart is not None
    ys = [float(p.split(",")[1]) for p in chart.line.split()]
    # Warmer is higher up the picture; everything stays inside it.
    assert ys.index(min(ys)) == 3 and ys.index(max(ys)) == 0
    assert all(0 < y < chart.height for y in ys)
    assert [m.hour for m in chart.marks] == ["06:00", "08:00", "10:00"]
    assert "highest 12°C at 09:00" in chart.summary
    assert "lowest 2°C at 06:00" in chart.summary
    assert temperature_chart(hours[:1]) is None


def test_a_frost_just_below_zero_reads_zero_not_minus_zero():
    hours = [
        Hour(time=f"2026-12-06T{h:02d}:00", temperature=t, condition="", precipitation_chance=0)
        for h, t in zip(range(6, 9), [-0.3, 1.6, -2.7], strict=True)
    ]
    chart = temperature_chart(hours, every=1)
    assert chart is not None
    assert [m.temperature for m in chart.marks] == ["0°C", "2°C", "-3°C"]
    assert "lowest -3°C at 08:00" in chart.summary
    assert degrees(-0.3) == "0"


def test_demo_hours_follow_the_clock(enschede):
    noon = datetime(2026, 12, 6, 12, tzinfo=UTC)
    hours = DemoWeather(now=noon).forecast(enschede).hours
    assert hours[0].time.startswith("2026-12-06T")
    assert hours == DemoWeather(now=noon).forecast(enschede).hours
