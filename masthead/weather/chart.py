"""The weather page's temperature chart, drawn on the server as plain SVG numbers (no script,
no library): the template only places what this computes."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.defaultfilters import floatformat

from masthead.weather.providers import Hour

WIDTH, HEIGHT = 720, 220
# Room for the labels: hours under the plot, temperatures above each marked point.
LEFT, RIGHT, TOP, BOTTOM = 24, 24, 36, 36


def degrees(value: float) -> str:
    """Whole degrees as the templates print them (floatformat:0): -0.3 reads "0", not "-0"."""
    return floatformat(value, 0)


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label_y: float  # the temperature sits just above its point
    temperature: str
    hour: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    line: str  # polyline points
    area: str  # closed path under the line
    baseline: float
    hour_y: float  # the hours run under the plot
    marks: list[Mark]
    summary: str  # what the picture shows, for readers who cannot see it


def temperature_chart(hours: list[Hour], *, unit: str = "°C", every: int = 3) -> Chart | None:
    """A line of the hourly temperatures with every ``every``-th hour labelled; None with
    fewer than two temperatures (no line to draw)."""
    known = [(h, h.temperature) for h in hours if h.temperature is not None]
    if len(known) < 2:
        return None
    values = [t for _, t in known]
    low, high = min(values), max(values)
    span = max(high - low, 4.0)  # a flat day still reads as a gentle line, not noise blown up
    floor = low - (span - (high - low)) / 2
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / (len(known) - 1)

    def y_of(t: float) -> float:
        return round(TOP + plot_h - (t - floor) / span * plot_h, 1)

    points = [(round(LEFT + i * step, 1), y_of(t)) for i, (_, t) in enumerate(known)]
    line = " ".join(f"{x},{y}" for x, y in points)
    baseline = TOP + plot_h
    area = f"M{points[0][0]},{baseline} L" + " L".join(f"{x},{y}" for x, y in points)
    area += f" L{points[-1][0]},{baseline} Z"
    marks = [
        Mark(
            x=x,
            y=y,
            label_y=round(y - 10, 1),
            temperature=f"{degrees(t)}{unit}",
            hour=h.time[11:16],
        )
        for i, ((h, t), (x, y)) in enumerate(zip(known, points, strict=True))
        if i % every == 0
    ]
    hottest = max(known, key=lambda pair: pair[1])
    coldest = min(known, key=lambda pair: pair[1])
    summary = (
        f"Temperature from {known[0][0].time[11:16]} to {known[-1][0].time[11:16]}: "
        f"highest {degrees(hottest[1])}{unit} at {hottest[0].time[11:16]}, "
        f"lowest {degrees(coldest[1])}{unit} at {coldest[0].time[11:16]}."
    )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        line=line,
        area=area,
        baseline=baseline,
        hour_y=HEIGHT - 12,
        marks=marks,
        summary=summary,
    )
