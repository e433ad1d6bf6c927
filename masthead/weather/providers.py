"""Weather providers behind one small interface: Open-Meteo (HTTPS, no key) in production,
DemoWeather (offline, made-up figures) for the demo and development."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from masthead.places.models import Place

# WMO weather interpretation codes, as Open-Meteo documents them, in our words.
CONDITIONS = {
    0: "Clear sky",
    1: "Mainly clear",
    2: "Partly cloudy",
    3: "Overcast",
    45: "Fog",
    48: "Freezing fog",
    51: "Light drizzle",
    53: "Drizzle",
    55: "Heavy drizzle",
    56: "Freezing drizzle",
    57: "Heavy freezing drizzle",
    61: "Light rain",
    63: "Rain",
    65: "Heavy rain",
    66: "Freezing rain",
    67: "Heavy freezing rain",
    71: "Light snow",
    73: "Snow",
    75: "Heavy snow",
    77: "Snow grains",
    80: "Light showers",
    81: "Showers",
    82: "Violent showers",
    85: "Snow showers",
    86: "Heavy snow showers",
    95: "Thunderstorm",
    96: "Thunderstorm with hail",
    99: "Thunderstorm with heavy hail",
}


class WeatherError(Exception):
    """The provider could not give a forecast (network, status, or a response we cannot read)."""


@dataclass(frozen=True)
class Day:
    date: str
    condition: str
    high: float | None
    low: float | None
    precipitation_mm: float | None
    precipitation_chance: int | None

    @property
    def as_date(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.date)
        except ValueError:
            return None


@dataclass(frozen=True)
class Hour:
    """One hour ahead, in the place's local time ("2026-12-06T14:00")."""

    time: str
    temperature: float | None
    condition: str
    precipitation_chance: int | None

    @property
    def clock(self) -> str:
        return self.time[11:16]


# The hourly view and chart cover the day ahead.
HOURS_AHEAD = 24


@dataclass(frozen=True)
class Forecast:
    """Only figures the provider gave: a missing value stays None and is not shown."""

    observed_at: str
    temperature: float | None
    apparent_temperature: float | None
    condition: str
    wind_speed: float | None
    temperature_unit: str
    wind_unit: str
    time_zone: str
    days: list[Day] = field(default_factory=list)
    provider: str = "Open-Meteo"
    # Figures our own code made up (DemoWeather): the page says so, never passes them as a forecast.
    demo: bool = False
    # The hours from now on (none in reports stored before hourly figures were asked for).
    hours: list[Hour] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Forecast:
        days = [Day(**d) for d in data.get("days", [])]
        hours = [Hour(**h) for h in data.get("hours", [])]
        return cls(**{**data, "days": days, "hours": hours})

    @property
    def has_figures(self) -> bool:
        return self.temperature is not None or any(d.high is not None for d in self.days)


class WeatherProvider(Protocol):
    def forecast(self, place: Place) -> Forecast: ...


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _unit(units: dict, key: str, fallback: str) -> str:
    unit = units.get(key)
    # Open-Meteo says "undefined" or "" for a variable it has no unit for.
    return unit if isinstance(unit, str) and unit and unit != "undefined" else fallback


def _condition(code: Any) -> str:
    return CONDITIONS.get(int(code), "") if _number(code) is not None else ""


class OpenMeteo:
    """``GET {WEATHER_OPEN_METEO_URL}?latitude=…&longitude=…&current=…&daily=…``."""

    CURRENT = "temperature_2m,apparent_temperature,weather_code,wind_speed_10m"
    HOURLY = "temperature_2m,weather_code,precipitation_probability"
    DAILY = (
        "weather_code,temperature_2m_max,temperature_2m_min,precipitation_sum,"
        "precipitation_probability_max"
    )

    def __init__(self, *, base_url: str | None = None, timeout: float | None = None) -> None:
        self.base_url = base_url or settings.WEATHER_OPEN_METEO_URL
        self.timeout = timeout or settings.WEATHER_TIMEOUT_SECONDS

    def forecast(self, place: Place) -> Forecast:
        if place.latitude is None or place.longitude is None:
            raise WeatherError(f"{place.name} has no coordinates.")
        params = {
            "latitude": f"{float(place.latitude):.4f}",
            "longitude": f"{float(place.longitude):.4f}",
            "timezone": place.time_zone or "auto",
            "current": self.CURRENT,
            "hourly": self.HOURLY,
            "daily": self.DAILY,
            "forecast_days": 5,
        }
        try:
            response = requests.get(
                self.base_url,
                params=params,
                timeout=(self.timeout, self.timeout),
                headers={"Accept": "application/json", "User-Agent": "Masthead weather"},
            )
        except requests.RequestException as error:
            raise WeatherError(f"Open-Meteo unreachable: {type(error).__name__}") from error
        if response.status_code != 200:
            raise WeatherError(f"Open-Meteo answered {response.status_code}")
        try:
            data = response.json()
        except ValueError as error:
            raise WeatherError("Open-Meteo sent something that is not JSON") from error
        return self.parse(data)

    @staticmethod
    def parse(data: Any) -> Forecast:
        if not isinstance(data, dict) or data.get("error"):
            raise WeatherError("Open-Meteo answered with an error")
        current = data.get("current") or {}
        current_units = data.get("current_units") or {}
        daily = data.get("daily") or {}
        daily_units = data.get("daily_units") or {}
        if not isinstance(current, dict) or not isinstance(daily, dict):
            raise WeatherError("Open-Meteo response has an unexpected shape")

        def column(name: str) -> list:
            values = daily.get(name)
            return values if isinstance(values, list) else []

        dates = column("time")
        highs, lows = column("temperature_2m_max"), column("temperature_2m_min")
        codes, rain = column("weather_code"), column("precipitation_sum")
        chance = column("precipitation_probability_max")

        def at(values: list, i: int) -> Any:
            return values[i] if i < len(values) else None

        days = [
            Day(
                date=str(date),
                condition=_condition(at(codes, i)),
                high=_number(at(highs, i)),
                low=_number(at(lows, i)),
                precipitation_mm=_number(at(rain, i)),
                precipitation_chance=(
                    int(_number(at(chance, i))) if _number(at(chance, i)) is not None else None
                ),
            )
            for i, date in enumerate(dates)
            if isinstance(date, str)
        ]
        observed_at = str(current.get("time") or "")
        forecast = Forecast(
            observed_at=observed_at,
            temperature=_number(current.get("temperature_2m")),
            apparent_temperature=_number(current.get("apparent_temperature")),
            condition=_condition(current.get("weather_code")),
            wind_speed=_number(current.get("wind_speed_10m")),
            temperature_unit=_unit(
                current_units, "temperature_2m", _unit(daily_units, "temperature_2m_max", "°C")
            ),
            wind_unit=_unit(current_units, "wind_speed_10m", "km/h"),
            time_zone=str(data.get("timezone") or ""),
            days=days,
            hours=OpenMeteo._hours(data.get("hourly"), since=observed_at[:13]),
        )
        if not forecast.has_figures:
            raise WeatherError("Open-Meteo response has no temperatures")
        return forecast

    @staticmethod
    def _hours(hourly: Any, *, since: str) -> list[Hour]:
        """The hours from the current one on ("2026-12-06T14" <= "2026-12-06T14:00"): the
        response starts at midnight, and past hours are not a forecast."""
        if not isinstance(hourly, dict):
            return []

        def column(name: str) -> list:
            values = hourly.get(name)
            return values if isinstance(values, list) else []

        times = column("time")
        temperatures, codes = column("temperature_2m"), column("weather_code")
        chances = column("precipitation_probability")
        hours = []
        for i, time in enumerate(times):
            if not isinstance(time, str) or (since and time < since):
                continue
            chance = _number(chances[i]) if i < len(chances) else None
            hours.append(
                Hour(
                    time=time,
                    temperature=_number(temperatures[i]) if i < len(temperatures) else None,
                    condition=_condition(codes[i]) if i < len(codes) else "",
                    precipitation_chance=int(chance) if chance is not None else None,
                )
            )
            if len(hours) == HOURS_AHEAD:
                break
        return hours


class DemoWeather:
    """Offline figures for the demo and development: deterministic for a place and an hour
    (the same page shows the same weather all hour), plausible for the place's latitude and
    season, and marked ``demo`` so templates label them. Never used by production settings."""

    def __init__(self, *, now: datetime | None = None) -> None:
        self.now = now

    def forecast(self, place: Place) -> Forecast:
        now = self.now or datetime.now(UTC)
        latitude = float(place.latitude) if place.latitude is not None else 45.0
        # Warmest in the local summer: July in the north, January in the south.
        season = math.cos((now.timetuple().tm_yday - (196 if latitude >= 0 else 15)) / 58.1)
        mean = 27.0 - 0.45 * abs(latitude) + 7.0 * season

        def draw(key: str) -> random.Random:
            digest = hashlib.sha256(f"{place.slug}|{key}".encode()).digest()
            return random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311 - made-up figures

        hour = draw(now.strftime("%Y-%m-%dT%H"))
        codes = [0, 1, 2, 3, 45, 61, 63, 80, 95]
        days = []
        for offset in range(5):
            date = (now + timedelta(days=offset)).date()
            day = draw(date.isoformat())
            high = round(mean + day.uniform(2.0, 6.0), 1)
            code = day.choice(codes)
            wet = code >= 45  # fog, rain, showers, storms
            days.append(
                Day(
                    date=date.isoformat(),
                    condition=CONDITIONS[code],
                    high=high,
                    low=round(high - day.uniform(6.0, 11.0), 1),
                    precipitation_mm=round(day.uniform(0.5, 12.0), 1) if wet else 0.0,
                    precipitation_chance=day.randrange(40, 95, 5)
                    if wet
                    else day.randrange(0, 25, 5),
                )
            )
        today = days[0]
        temperature = round(today.low + (today.high - today.low) * hour.uniform(0.3, 0.9), 1)
        # The day ahead: coolest before dawn, warmest mid-afternoon (local time roughly from
        # the longitude), each hour drawn once so the same hour always reads the same.
        offset_hours = round(float(place.longitude or 0) / 15)
        start = now.replace(minute=0, second=0, microsecond=0)
        hours = []
        wet_chance = today.precipitation_chance or 0
        for ahead in range(HOURS_AHEAD):
            at = start + timedelta(hours=ahead)
            local = at + timedelta(hours=offset_hours)
            warmth = (1 + math.cos((local.hour - 15) / 24 * 2 * math.pi)) / 2
            draw_hour = draw(at.strftime("%Y-%m-%dT%H") + "|hour")
            hours.append(
                Hour(
                    time=local.strftime("%Y-%m-%dT%H:00"),
                    # Today's range throughout: a smooth day, no step at midnight.
                    temperature=round(today.low + (today.high - today.low) * warmth, 1),
                    condition=today.condition,
                    precipitation_chance=max(
                        0, min(100, wet_chance + draw_hour.randrange(-15, 16, 5))
                    ),
                )
            )
        return Forecast(
            observed_at=now.strftime("%Y-%m-%dT%H:00"),
            temperature=temperature,
            apparent_temperature=round(temperature - hour.uniform(0.0, 2.5), 1),
            condition=today.condition,
            wind_speed=round(hour.uniform(3.0, 35.0), 1),
            temperature_unit="°C",
            wind_unit="km/h",
            time_zone=place.time_zone or "UTC",
            days=days,
            hours=hours,
            provider="Masthead demo weather",
            demo=True,
        )


PROVIDERS = {"open-meteo": OpenMeteo, "demo": DemoWeather}


def default_provider() -> WeatherProvider:
    """The provider ``settings.WEATHER_PROVIDER`` names: "open-meteo" (production's) or
    "demo" (development and the demo network: offline, made-up figures)."""
    name = getattr(settings, "WEATHER_PROVIDER", "open-meteo")
    try:
        return PROVIDERS[name]()
    except KeyError:
        raise ImproperlyConfigured(
            f"WEATHER_PROVIDER={name!r}: expected one of {', '.join(PROVIDERS)}."
        ) from None
