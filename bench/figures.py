"""The summary figures the benches report, computed one way for all of them."""

from __future__ import annotations

from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank ``q`` quantile (0 < q <= 1) of ``values``; None when there are none.
    No interpolation: the figure is a time some request or reader really saw."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- SVG charts, drawn by hand (no plotting library) --------------------------------------------
def svg_start(width: int, height: int, title: str, subtitle: str) -> list[str]:
    """The opening of a chart: canvas, white ground, a bold title and a grey line under it."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="#fff"/>',
        f'<text x="10" y="22" font-size="15" font-weight="bold">{svg_escape(title)}</text>',
        f'<text x="10" y="42" fill="#444">{svg_escape(subtitle)}</text>',
    ]


def gridlines(
    ticks: Sequence[tuple[float, str]], *, vertical: bool, start: float, end: float, label_at: float
) -> list[str]:
    """A light line and a grey label per (position, label): vertical lines run from ``start`` to
    ``end`` down the chart with labels at y = ``label_at``; horizontal ones run from x =
    ``start`` to ``end`` with labels right-aligned at x = ``label_at``."""
    parts = []
    for at, label in ticks:
        if vertical:
            line = f'x1="{at:.1f}" y1="{start}" x2="{at:.1f}" y2="{end}"'
            text = f'x="{at:.1f}" y="{label_at}" text-anchor="middle"'
        else:
            line = f'x1="{start}" y1="{at:.1f}" x2="{end}" y2="{at:.1f}"'
            text = f'x="{label_at}" y="{at + 4:.1f}" text-anchor="end"'
        parts.append(f'<line {line} stroke="#ddd"/>')
        parts.append(f'<text {text} fill="#666">{label}</text>')
    return parts


def decades(max_log: float, position) -> list[tuple[float, str]]:
    """The gridline ticks of a log axis: 1, 10, 100 … up to 10**max_log, at ``position(value)``."""
    return [(position(10**power), f"{10**power:,}") for power in range(0, int(max_log) + 1)]


def svg_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
