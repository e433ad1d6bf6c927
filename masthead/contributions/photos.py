"""Checking a reader's photo before anything is kept: by content, size and pixels, and for
other files hidden inside it; then the re-encoded copy without metadata is made."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings

from masthead.core import images

ACCEPTED = frozenset({"JPEG", "PNG", "WEBP", "HEIF"})
FORMATS_TEXT = "JPEG, PNG, WebP or HEIC"

# Markers of a second file joined to a picture (a "polyglot"): web pages, scripts, PHP,
# ZIP/JAR/Office archives, PDF. Compressed picture data practically never contains them.
_POLYGLOT_MARKERS = (b"<script", b"<html", b"<?php", b"<svg", b"<!doctype", b"pk\x03\x04", b"%pdf-")


def max_bytes() -> int:
    return int(getattr(settings, "MASTHEAD_CONTRIBUTION_PHOTO_MAX_BYTES", 8 * 1024 * 1024))


def max_pixels() -> int:
    return int(getattr(settings, "MASTHEAD_CONTRIBUTION_PHOTO_MAX_PIXELS", 40_000_000))


@dataclass(frozen=True)
class CheckedPhoto:
    original: bytes
    original_format: str
    clean: images.CleanImage


def check_photo(upload: IO[bytes]) -> CheckedPhoto:
    """Raise ``images.ImageRejected`` with the reason, or return the original and clean copy."""
    limit = max_bytes()
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise images.ImageRejected(
            f"The file is larger than {limit // (1024 * 1024)} MB.", code="too_large"
        )
    lowered = data.lower()
    if any(marker in lowered for marker in _POLYGLOT_MARKERS):
        raise images.ImageRejected(
            "That file holds something besides a picture (another file is joined to it). "
            f"Save the photo again as a plain {FORMATS_TEXT} and upload that.",
            code="polyglot",
        )
    try:
        clean = images.clean_image(
            io.BytesIO(data),
            max_bytes=limit,
            max_pixels=max_pixels(),
            fit_within=(3000, 3000),
            accepted_formats=ACCEPTED,
        )
    except images.ImageRejected as exc:
        if exc.code in ("format", "unreadable"):
            # Our own wording: the shared check names the formats avatars accept.
            raise images.ImageRejected(
                "That file is not a complete picture we can read (it may be cut short or "
                f"damaged, or another kind of file). Upload a {FORMATS_TEXT} photo.",
                code=exc.code,
            ) from exc
        raise
    from PIL import Image

    with Image.open(io.BytesIO(data)) as probe:
        original_format = probe.format or ""
    return CheckedPhoto(original=data, original_format=original_format, clean=clean)
