"""Weather providers behind one small interface; Open-Meteo is the first (HTTPS, no key)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import requests
from django.conf import settings

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

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Forecast:
        days = [Day(**d) for d in data.get("days", [])]
        return cls(**{**data, "days": days})

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
            "daily": self.DAILY,
            "forecast_days": 3,
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
        forecast = Forecast(
            observed_at=str(current.get("time") or ""),
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
        )
        if not forecast.has_figures:
            raise WeatherError("Open-Meteo response has no temperatures")
        return forecast


def default_provider() -> WeatherProvider:
    return OpenMeteo()
