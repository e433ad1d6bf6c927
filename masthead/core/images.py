"""Image safety for reader uploads: decode by content, bound bytes and pixels, re-encode clean.

Readers' files are never stored as sent. An upload is decoded with Pillow (its name and
declared type are ignored), refused if it is too large, too many pixels or a decompression
bomb, turned upright from its EXIF orientation and re-encoded from pixels, so EXIF, GPS, XMP,
ICC comments and anything appended to the file are gone. Avatars and reader pictures use it.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
logger = logging.getLogger(__name__)


class ImageRejected(ValidationError):
    """The upload is not an image we accept; the message says why in reader's words."""


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[self.format]


def clean_image(
    upload: IO[bytes],
    *,
    max_bytes: int,
    max_pixels: int,
    fit_within: tuple[int, int] | None = None,
    accepted_formats: frozenset[str] = ACCEPTED_FORMATS,
) -> CleanImage:
    """Decode ``upload``, check it and return a freshly encoded copy without metadata."""
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRejected(
            f"The file is larger than {max_bytes // (1024 * 1024) or 1} MB.", code="too_large"
        )
    if not data:
        raise ImageRejected("The file is empty.", code="empty")
    try:
        with warnings.catch_warnings():
            # Pillow only *warns* between its own limit and twice it: treat that as refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                width, height = probe.size
                if kind not in accepted_formats:
                    raise ImageRejected("Upload a JPEG, PNG, GIF or WebP picture.", code="format")
                # Checked from the header, before a single pixel is decoded.
                if width * height > max_pixels:
                    raise ImageRejected(
                        f"The picture is {width} by {height} pixels; the limit is "
                        f"{max_pixels:,} pixels in all.",
                        code="too_many_pixels",
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image = ImageOps.exif_transpose(image)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(
            "The picture expands to too many pixels to be safe.", code="bomb"
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected(
            "That file is not a picture we can read. Upload a JPEG, PNG, GIF or WebP.",
            code="unreadable",
        ) from exc
    except Exception as exc:
        # Pillow's parsers can raise almost anything on a hostile file (struct.error,
        # IndexError, EOFError, ZeroDivisionError...): a reader gets a refusal, never a 500.
        logger.warning("clean_image: unexpected %s refusing an upload", type(exc).__name__)
        raise ImageRejected(
            "That file is not a picture we can read. Upload a JPEG, PNG, GIF or WebP.",
            code="unreadable",
        ) from exc

    if fit_within:
        image.thumbnail(fit_within, Image.Resampling.LANCZOS)
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    out = io.BytesIO()
    if has_alpha:
        # A fresh image from the pixels alone: no info dict, no text chunks, no ICC profile.
        image = image.convert("RGBA")
        clean = Image.new("RGBA", image.size)
        clean.paste(image)
        clean.save(out, format="PNG", optimize=True)
        fmt = "PNG"
    else:
        image = image.convert("RGB")
        clean = Image.new("RGB", image.size)
        clean.paste(image)
        clean.save(out, format="JPEG", quality=85, optimize=True)
        fmt = "JPEG"
    return CleanImage(content=out.getvalue(), format=fmt, width=clean.width, height=clean.height)
