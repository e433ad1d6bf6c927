"""A short demo video, drawn by our code and encoded as WebM (VP8) with PyAV.

A few seconds of a generated landscape with the sun crossing the sky: enough for the video
page's player to have something real to play, small (well under 1 MB), and made once per
checkout: the file is kept in ``VAR_DIR/demo-cache`` and reused by later builds.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 640, 360
FPS = 24
SECONDS = 4
BIT_RATE = 600_000
VERSION = 1  # bump when the drawing changes, so cached files are made again


def cached(directory: Path, *, seed: int) -> Path:
    """The demo video for ``seed``, encoded on first use and kept in ``directory``."""
    path = directory / f"demo-video-{seed}-v{VERSION}.webm"
    if not path.exists() or path.stat().st_size == 0:
        directory.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        encode(partial, seed=seed)
        partial.replace(path)  # a build stopped half-way never leaves a broken file
    return path


def encode(path: Path, *, seed: int) -> None:
    import av  # heavy: only the demo build needs it

    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    backdrop = _backdrop(rng)
    with av.open(str(path), mode="w", format="webm") as container:
        stream = container.add_stream("libvpx", rate=FPS)
        stream.width, stream.height = WIDTH, HEIGHT
        stream.pix_fmt = "yuv420p"
        stream.bit_rate = BIT_RATE
        stream.time_base = Fraction(1, FPS)
        for index in range(FPS * SECONDS):
            frame = av.VideoFrame.from_image(_frame(backdrop, index / (FPS * SECONDS)))
            frame.pts = index
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def _backdrop(rng: random.Random) -> dict:
    ridge = [(x, HEIGHT * 0.62 - rng.randint(0, 60)) for x in range(0, WIDTH + 40, 40)]
    towers = []
    x = 0
    while x < WIDTH:
        w, h = rng.randint(24, 60), rng.randint(30, 140)
        towers.append((x, w, h))
        x += w + rng.randint(0, 8)
    return {"ridge": ridge, "towers": towers}


def _frame(backdrop: dict, t: float) -> Image.Image:
    """Dusk falling over a city: the sky darkens, the sun sets, windows light up."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    top = _mix((40, 110, 200), (20, 24, 70), t)
    bottom = _mix((250, 200, 140), (200, 90, 70), t)
    for y in range(HEIGHT):
        draw.line([(0, y), (WIDTH, y)], fill=_mix(top, bottom, y / HEIGHT))
    sun_x = WIDTH * (0.2 + 0.6 * t)
    sun_y = HEIGHT * (0.25 + 0.45 * math.sin(t * math.pi / 2))
    draw.ellipse([sun_x - 34, sun_y - 34, sun_x + 34, sun_y + 34], fill=(255, 226, 150))
    draw.polygon([(0, HEIGHT), *backdrop["ridge"], (WIDTH, HEIGHT)], fill=(34, 60, 52))
    base = HEIGHT * 0.86
    lit = int(t * 10)
    for n, (x, w, h) in enumerate(backdrop["towers"]):
        draw.rectangle([x, base - h, x + w, HEIGHT], fill=(16, 22, 30))
        for wy in range(int(base - h) + 8, int(base), 16):
            for wx in range(x + 6, x + w - 6, 12):
                if (wx * 7 + wy * 3 + n) % 10 < lit:
                    draw.rectangle([wx, wy, wx + 4, wy + 7], fill=(250, 220, 140))
    return image


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]
