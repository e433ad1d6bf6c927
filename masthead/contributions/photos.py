"""Checking a reader's photo before anything is kept: by content, size and pixels, and for
other files hidden inside it; then the re-encoded copy without metadata is made."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings

from masthead.contributions.joined import file_kind_at_start, joined_file
from masthead.core import images

# GIF too (issue #13: a valid animated GIF was refused as "cut short or damaged"). Like every
# photo it is re-encoded: its first frame becomes the still JPEG or PNG we keep and publish
# (a news photo is a still; the animation is not kept, and neither is anything in it but
# pixels). The original is kept privately as sent.
ACCEPTED = frozenset({"JPEG", "PNG", "GIF", "WEBP", "HEIF"})
FORMATS_TEXT = "JPEG, PNG, GIF, WebP or HEIC"


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
    kind = file_kind_at_start(data)
    if kind is not None:
        # Not a picture at all (a PDF sent as a photo): say what it is, not "joined".
        raise images.ImageRejected(
            f"That file is {kind}, not a photo. Upload a {FORMATS_TEXT} photo.", code="format"
        )
    joined = joined_file(data)
    if joined is not None:
        raise images.ImageRejected(
            f"That file holds something besides a picture: {joined} is joined to it. "
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
        if exc.code == "format":
            raise images.ImageRejected(
                f"That kind of file is not accepted. Upload a {FORMATS_TEXT} photo.",
                code=exc.code,
            ) from exc
        if exc.code == "unreadable":
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
