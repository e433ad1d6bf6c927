"""Picture bytes that come with an item: inline ``data:`` URIs and files beside it on disk.

Nothing here touches the network; a remote picture is fetched (if at all) by the service
through the HTTP interface in ``fetching.py``, under the same byte limit.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings

from masthead.ingest.errors import IngestError, TooLargeError

_DATA_URI = re.compile(r"^data:(image/[\w.+-]+)?(;[\w=.-]+)*;base64,(.*)$", re.S | re.I)


def max_image_bytes() -> int:
    return getattr(settings, "INGEST_MAX_IMAGE_BYTES", 15 * 1024 * 1024)


def inline_picture_bytes(reference: str) -> bytes | None:
    """Bytes of a base64 ``data:`` URI, None when ``reference`` is not one."""
    match = _DATA_URI.match(reference.strip())
    if not match:
        return None
    payload = match.group(3)
    if len(payload) * 3 // 4 > max_image_bytes():
        raise TooLargeError(f"the inline picture is larger than {max_image_bytes()} bytes")
    try:
        return base64.b64decode(payload, validate=False)
    except (binascii.Error, ValueError) as error:
        raise IngestError(f"the inline picture is not valid base64: {error}") from None


def local_picture_bytes(reference: str, *, base_dir: Path | None) -> tuple[bytes, str] | None:
    """(bytes, file name) of a relative reference found inside ``base_dir``, else None.

    Only plain relative paths (or a bare file name from a remote URL) are looked up, and only
    inside ``base_dir``: an item cannot make us read ``../../etc/passwd``.
    """
    if base_dir is None or not reference:
        return None
    parsed = urlparse(reference)
    candidates = []
    if not parsed.scheme and not parsed.netloc:
        candidates.append(unquote(parsed.path))
    name = Path(unquote(parsed.path)).name
    if name:
        candidates.append(name)
    root = base_dir.resolve()
    for candidate in candidates:
        path = (root / candidate).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            continue
        if path.stat().st_size > max_image_bytes():
            raise TooLargeError(f"the picture {path.name} is larger than {max_image_bytes()} bytes")
        return path.read_bytes(), path.name
    return None
