"""Whether a picture file carries another file (a "polyglot"): found by walking the picture's
own structure, never by searching its compressed pixels.

Compressed picture data is noise, so any short byte string turns up in it sooner or later
(an ordinary 6 MB JPEG holds "pk" followed by two control bytes about once in a few hundred
photos, case-folded): searching the whole file refused real photos as "another file is joined
to it". A second file has to sit where a program opening it would look: after the picture's
end marker (ZIP, RAR and PDF readers, browsers sniffing a page), at the start of a metadata
segment, or as text in a comment field. Those places are checked; the pixels are not.
"""

from __future__ import annotations

from collections.abc import Iterator

# Files that begin with a signature: found at the start of what follows the picture's end, or
# of a metadata segment.
_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x7fELF", "a program"),
)
# Short signatures: only where a file really starts (the upload itself, or right after the
# picture's end), never at the start of a metadata field, where two bytes mean little.
_SHORT_SIGNATURES = ((b"\x1f\x8b\x08", "a compressed (gzip) file"), (b"MZ", "a Windows program"))
# Text a browser or a server reads as a page or a script wherever it sits in text: searched,
# case-folded, in what follows the picture and in its text fields (never in its pixels).
_WEB_MARKERS = (
    (b"<script", "a web page"),
    (b"<html", "a web page"),
    (b"<!doctype", "a web page"),
    (b"<?php", "a PHP script"),
    (b"<svg", "an SVG drawing"),
)
# A ZIP reader finds an archive by its end record, read from the end of the file.
_ARCHIVE_TAILS = ((b"PK\x05\x06", "a ZIP archive"), (b"Rar!\x1a\x07", "a RAR archive"))
# Some encoders pad a file after the picture's end: padding is not a file.
_PADDING = b"\x00\x20\t\r\n"


class _Damaged(Exception):
    """The structure ends early or contradicts itself: the image decoder says why."""


def file_kind_at_start(data: bytes, *, short: bool = True) -> str | None:
    """What kind of (non-picture) file ``data`` starts with, if we can name it; ``short``:
    two- and three-byte signatures count too."""
    head = data[:64].lstrip(_PADDING)
    for signature, kind in (*_SIGNATURES, *(_SHORT_SIGNATURES if short else ())):
        if head.startswith(signature):
            return kind
    folded = head.lower()
    for marker, kind in _WEB_MARKERS:
        if folded.startswith(marker):
            return kind
    return None


def _in_text(text: bytes) -> str | None:
    folded = text.lower()
    for marker, kind in _WEB_MARKERS:
        if marker in folded:
            return kind
    return None


def _in_segments(segments: Iterator[tuple[str, bytes]]) -> str | None:
    for kind, payload in segments:
        found = file_kind_at_start(payload, short=False)
        if found is None and kind == "text":
            found = _in_text(payload)
        if found:
            return found
    return None


def _in_trailer(trailer: bytes) -> str | None:
    # Phones join more JPEGs after the first (depth maps, HDR gain maps, the MPF standard):
    # pictures too, walked like the first, so their pixels are never searched either.
    # Motion photos join the clip as an MP4 (ISO boxes): a camera's own, walked, not searched.
    while trailer.startswith(b"\xff\xd8\xff") or trailer[4:8] == b"ftyp":
        try:
            end, segments = (_jpeg if trailer[:1] == b"\xff" else _iso_boxes)(trailer)
        except (_Damaged, IndexError):
            break
        found = _in_segments(segments)
        if found:
            return found
        if end == 0:
            break
        trailer = trailer[end:]
    if not trailer.strip(_PADDING):
        return None
    found = file_kind_at_start(trailer) or _in_text(trailer)
    if found:
        return found
    for signature, kind in _ARCHIVE_TAILS:
        if signature in trailer:
            return kind
    return None


def _jpeg(data: bytes) -> tuple[int, Iterator[tuple[str, bytes]]]:
    """End of the JPEG (after its EOI marker) and its metadata segments as (kind, payload)."""
    segments: list[tuple[str, bytes]] = []
    pos, size = 2, len(data)
    while pos + 1 < size:
        if data[pos] != 0xFF:
            raise _Damaged
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte before a marker
            pos += 1
            continue
        if marker == 0xD9:  # end of image
            return pos + 2, iter(segments)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            pos += 2
            continue
        if pos + 4 > size:
            raise _Damaged
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        end = pos + 2 + length
        if length < 2 or end > size:
            raise _Damaged
        if marker == 0xFE:
            segments.append(("text", data[pos + 4 : end]))
        elif 0xE0 <= marker <= 0xEF:
            segments.append(("binary", data[pos + 4 : end]))
        pos = end
        if marker == 0xDA:
            # Entropy-coded data runs to the next marker: 0xFF followed by a byte that is not
            # a stuffed zero, a restart marker or another fill byte.
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= size:
                    raise _Damaged
                following = data[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    pos += 2
                elif following == 0xFF:
                    pos += 1
                else:
                    break
    raise _Damaged


def _png(data: bytes) -> tuple[int, Iterator[tuple[str, bytes]]]:
    segments: list[tuple[str, bytes]] = []
    pos, size = 8, len(data)
    while pos + 8 <= size:
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > size:
            raise _Damaged
        payload = data[pos + 8 : pos + 8 + length]
        if kind in (b"tEXt", b"iTXt"):
            segments.append(("text", payload))
        elif kind[:1].islower():  # ancillary chunks: anything a writer chose to add
            segments.append(("binary", payload))
        if kind == b"IEND":
            return end, iter(segments)
        pos = end
    raise _Damaged


def _sub_blocks(data: bytes, pos: int) -> tuple[int, bytes]:
    parts: list[bytes] = []
    while True:
        if pos >= len(data):
            raise _Damaged
        length = data[pos]
        pos += 1
        if length == 0:
            return pos, b"".join(parts)
        parts.append(data[pos : pos + length])
        pos += length


def _gif(data: bytes) -> tuple[int, Iterator[tuple[str, bytes]]]:
    segments: list[tuple[str, bytes]] = []
    if len(data) < 13:
        raise _Damaged
    flags = data[10]
    pos = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:  # trailer
            return pos + 1, iter(segments)
        if block == 0x21:  # extension: label, then sub-blocks
            if pos + 1 >= len(data):
                raise _Damaged
            label = data[pos + 1]
            pos, payload = _sub_blocks(data, pos + 2)
            segments.append(("text" if label == 0xFE else "binary", payload))
        elif block == 0x2C:  # image: descriptor, local colours, LZW code size, data
            if pos + 10 > len(data):
                raise _Damaged
            flags = data[pos + 9]
            pos += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0) + 1
            pos, _ = _sub_blocks(data, pos)
        else:
            raise _Damaged
    raise _Damaged


def _riff(data: bytes) -> tuple[int, Iterator[tuple[str, bytes]]]:
    size = int.from_bytes(data[4:8], "little")
    end = 8 + size + (size & 1)
    if end > len(data) + 1:  # a writer may leave out the last pad byte
        raise _Damaged
    return min(end, len(data)), iter(())


def _iso_boxes(data: bytes) -> tuple[int, Iterator[tuple[str, bytes]]]:
    """HEIF/AVIF: top-level boxes one after another; the first that is no box ends them."""
    pos, size = 0, len(data)
    while pos + 8 <= size:
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if length == 1 and pos + 16 <= size:
            length = int.from_bytes(data[pos + 8 : pos + 16], "big")
        elif length == 0:
            return size, iter(())
        if length < 8 or pos + length > size or not kind.isalnum():
            break
        pos += length
    return pos, iter(())


def _structure(data: bytes):
    if data.startswith(b"\xff\xd8"):
        return _jpeg
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _riff
    if data[4:8] == b"ftyp":
        return _iso_boxes
    return None


def joined_file(data: bytes) -> str | None:
    """The kind of file joined to the picture in ``data`` ("a ZIP archive", "a web page"), or
    None. A file we cannot walk (damaged, or not a picture we know) is left to the image
    decoder, which names what is wrong with it."""
    walk = _structure(data)
    if walk is None:
        return None
    try:
        end, segments = walk(data)
    except (_Damaged, IndexError):
        return None
    return _in_segments(segments) or _in_trailer(data[end:])
