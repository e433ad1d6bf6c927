"""A corpus of hostile upload files, made here from code (nothing is downloaded or copied).

Each entry: a name (what the browser would send as the file name), the bytes, and what must
happen: ``"refused"`` (a clear ImageRejected message) or ``"clean"`` (re-encoded as a plain
JPEG or PNG with no metadata and nothing of the original file's extra payload).
Used by test_hostile_uploads.py and by its memory-bound subprocess.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, TiffImagePlugin

MB = 1024 * 1024
# What must never survive re-encoding.
PAYLOAD_MARKERS = (b"<script", b"<?php", b"PK\x03\x04", b"<html", b"GPS", b"Exif", b"secret-")


@dataclass(frozen=True)
class Hostile:
    key: str
    name: str
    make: Callable[[], bytes]
    expect: str  # "refused" | "clean" | "either"

    def data(self) -> bytes:
        """The file's bytes, made once per process (the bomb and the GIF take a moment)."""
        if self.key not in _MADE:
            _MADE[self.key] = self.make()
        return _MADE[self.key]


_MADE: dict[str, bytes] = {}


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _photo(size=(64, 48), mode="RGB") -> Image.Image:
    image = Image.new(mode, size)
    for x in range(size[0]):
        image.putpixel((x, x % size[1]), (200, 30, 30) if mode == "RGB" else 128)
    return image


def jpeg(**options) -> bytes:
    return _encode(_photo(), "JPEG", **options)


def _gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "secret-camera-maker"
    gps = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 40.0)}
    exif[0x8825] = gps
    return exif


def jpeg_with_gps() -> bytes:
    return jpeg(exif=_gps_exif().tobytes())


def jpeg_rotated_by_exif() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° on display
    return jpeg(exif=exif.tobytes())


def jpeg_with_corrupt_exif() -> bytes:
    good = jpeg()
    # An APP1 Exif segment whose IFD offset points far outside it.
    body = b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 0x7FFFFFF0) + b"\x00" * 16
    segment = b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
    return good[:2] + segment + good[2:]


def _png_with_size(width: int, height: int) -> bytes:
    """A valid small PNG whose header claims ``width`` x ``height`` (a pixel flood)."""
    raw = zlib.compress(b"\x00" * 64)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def png_bomb() -> bytes:
    """A real image: 8,000 x 8,000 of one colour, a few tens of kilobytes compressed."""
    return _encode(Image.new("L", (8000, 8000)), "PNG", optimize=True)


def jpeg_huge_declared() -> bytes:
    data = bytearray(jpeg())
    sof = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, 65500, 65500)
    return bytes(data)


def gif_many_frames(count: int = 10_000) -> bytes:
    frames = [Image.new("P", (2, 2), color=i % 256) for i in range(count)]
    return _encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=10)


def polyglot_html() -> bytes:
    return jpeg() + b"<html><script>alert(document.cookie)</script></html>"


def polyglot_zip() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("shell.php", "<?php system($_GET['c']); ?>")
    return jpeg() + archive.getvalue()


def polyglot_php_comment() -> bytes:
    good = jpeg()
    body = b"<?php system($_GET['c']); ?>"
    segment = b"\xff\xfe" + struct.pack(">H", len(body) + 2) + body
    return good[:2] + segment + good[2:]


def png_with_text() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    info.add_text("secret-author", "reader@example.test")
    return _encode(_photo(), "PNG", pnginfo=info)


SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">
<script>alert(document.domain)</script><rect width="10" height="10"/></svg>"""


def truncated_jpeg() -> bytes:
    data = _encode(Image.effect_noise((400, 300), 80).convert("RGB"), "JPEG", quality=95)
    return data[: len(data) // 3]


def cmyk_jpeg() -> bytes:
    return _encode(_photo().convert("CMYK"), "JPEG")


def png_16bit() -> bytes:
    return _encode(Image.new("I;16", (40, 30), 4000), "PNG")


def png_alpha() -> bytes:
    return _encode(Image.new("RGBA", (40, 30), (10, 20, 30, 100)), "PNG")


def gif_transparent() -> bytes:
    image = Image.new("P", (20, 20), 0)
    return _encode(image, "GIF", transparency=0)


def tiff() -> bytes:
    TiffImagePlugin.WRITE_LIBTIFF = False
    return _encode(_photo(), "TIFF")


def heic_header() -> bytes:
    # An ISO-BMFF "ftyp heic" box and nothing Pillow can decode (pillow-heif is not installed).
    return struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic" + b"\x00" * 64


def svgz_bomb() -> bytes:
    import gzip

    return gzip.compress(b"<svg>" + b" " * (20 * MB) + b"</svg>")


CORPUS: list[Hostile] = [
    Hostile("plain-jpeg", "photo.jpg", jpeg, "clean"),
    Hostile("gps-exif", "holiday.jpg", jpeg_with_gps, "clean"),
    Hostile("exif-rotated", "sideways.jpg", jpeg_rotated_by_exif, "clean"),
    Hostile("corrupt-exif", "broken-exif.jpg", jpeg_with_corrupt_exif, "either"),
    Hostile("pixel-flood-png", "flood.png", lambda: _png_with_size(100_000, 100_000), "refused"),
    Hostile("pixel-flood-wide", "wide.png", lambda: _png_with_size(2**31 - 1, 1), "refused"),
    Hostile("decompression-bomb", "bomb.png", png_bomb, "refused"),
    Hostile("jpeg-huge-declared", "huge.jpg", jpeg_huge_declared, "refused"),
    Hostile("gif-10000-frames", "frames.gif", gif_many_frames, "clean"),
    Hostile("polyglot-jpeg-html", "page.jpg", polyglot_html, "clean"),
    Hostile("polyglot-jpeg-zip", "archive.jpg", polyglot_zip, "clean"),
    Hostile("polyglot-jpeg-php", "shell.jpg", polyglot_php_comment, "clean"),
    Hostile("png-text-chunks", "notes.png", png_with_text, "clean"),
    Hostile("svg-with-script", "logo.svg", lambda: SVG, "refused"),
    Hostile("svg-named-jpg", "logo.jpg", lambda: SVG, "refused"),
    Hostile("html-named-jpg", "index.jpg", lambda: b"<html><script>alert(1)</script>", "refused"),
    Hostile("php-named-jpg-php", "avatar.jpg.php", jpeg, "clean"),
    Hostile("php-source", "avatar.php", lambda: b"<?php echo 1; ?>", "refused"),
    Hostile("nul-in-name", "avatar\x00.php.jpg", jpeg, "clean"),
    Hostile("300-char-name", "a" * 296 + ".jpg", jpeg, "clean"),
    Hostile("traversal-name", "../../../etc/passwd.jpg", jpeg, "clean"),
    Hostile("truncated-jpeg", "cut.jpg", truncated_jpeg, "refused"),
    Hostile("cmyk-jpeg", "print.jpg", cmyk_jpeg, "clean"),
    Hostile("16-bit-png", "deep.png", png_16bit, "either"),
    Hostile("alpha-png", "alpha.png", png_alpha, "clean"),
    Hostile("transparent-gif", "clear.gif", gif_transparent, "clean"),
    Hostile("webp", "photo.webp", lambda: _encode(_photo(), "WEBP"), "clean"),
    Hostile("tiff", "scan.tif", tiff, "refused"),
    Hostile("bmp", "paint.bmp", lambda: _encode(_photo(), "BMP"), "refused"),
    Hostile("ico", "favicon.ico", lambda: _encode(_photo((32, 32)), "ICO"), "refused"),
    Hostile("heic", "iphone.heic", heic_header, "refused"),
    Hostile(
        "pdf", "doc.jpg", lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "refused"
    ),
    Hostile("svgz-bomb", "logo.svgz", svgz_bomb, "refused"),
    Hostile("zero-bytes", "empty.jpg", lambda: b"", "refused"),
    Hostile("random-bytes", "noise.jpg", lambda: bytes(range(256)) * 64, "refused"),
    Hostile("jpeg-magic-only", "magic.jpg", lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 100, "refused"),
    Hostile("50-megabytes", "big.jpg", lambda: jpeg() + b"\x00" * (50 * MB), "refused"),
]


def CASES_FOR_FUZZING() -> list[bytes]:
    """Small valid pictures of every accepted format, as seeds for byte mutation."""
    return [jpeg(), jpeg_with_gps(), png_with_text(), png_alpha(), gif_transparent(),
            _encode(_photo(), "WEBP"), cmyk_jpeg()]  # fmt: skip
