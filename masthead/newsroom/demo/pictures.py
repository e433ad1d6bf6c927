"""Draws demo pictures with Pillow: landscapes and skylines from a seed, no photographs."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def draw(rng: random.Random, width: int = 1600, height: int = 900) -> bytes:
    sky_top = (rng.randint(20, 90), rng.randint(60, 140), rng.randint(140, 230))
    sky_bottom = (rng.randint(200, 255), rng.randint(150, 220), rng.randint(120, 200))
    image = Image.new("RGB", (width, height))
    pixels = ImageDraw.Draw(image)
    for y in range(height):
        pixels.line([(0, y), (width, y)], fill=_mix(sky_top, sky_bottom, y / height))
    sun_x, sun_y, r = (
        rng.randint(100, width - 100),
        rng.randint(80, height // 2),
        rng.randint(40, 110),
    )
    pixels.ellipse([sun_x - r, sun_y - r, sun_x + r, sun_y + r], fill=(255, 236, 170))
    for layer in range(3):
        base = height * (0.55 + 0.12 * layer)
        shade = _mix((40, 70, 60), (10, 20, 25), layer / 2)
        if rng.random() < 0.5:
            points = [(0, height)]
            points.extend((x, base - rng.randint(0, 140)) for x in range(0, width + 80, 80))
            points.append((width, height))
            pixels.polygon(points, fill=shade)
        else:
            x = 0
            while x < width:
                w, h = rng.randint(40, 120), rng.randint(60, 320)
                pixels.rectangle([x, base - h, x + w, height], fill=shade)
                for wy in range(int(base - h) + 10, int(base), 24):
                    for wx in range(x + 8, x + w - 8, 18):
                        if rng.random() < 0.35:
                            pixels.rectangle([wx, wy, wx + 6, wy + 10], fill=(250, 220, 140))
                x += w + rng.randint(0, 12)
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()
