"""Real picture files made by the tests: a JPEG carrying GPS EXIF, PNG, WebP, HEIC, and the
broken kinds (truncated, corrupt, polyglot)."""

from __future__ import annotations

import io
import random
import zipfile

from PIL import Image

GPS_TAG = 0x8825
MAKE_TAG = 0x010F


def _picture(size=(640, 480), mode="RGB"):
    image = Image.new(mode, size)
    for x in range(0, size[0], 8):
        for y in range(0, size[1], 8):
            image.putpixel((x, y), ((x * 3) % 256, (y * 5) % 256, (x + y) % 256)[: len(mode)])
    return image


def jpeg_with_gps(size=(640, 480)) -> bytes:
    image = _picture(size)
    exif = Image.Exif()
    exif[MAKE_TAG] = "SpyCam 3000"
    # GPS IFD: latitude -29.85 (Durban), as degrees/minutes/seconds rationals.
    exif.get_ifd(GPS_TAG).update({1: "S", 2: (29.0, 51.0, 0.0), 3: "E", 4: (31.0, 1.0, 0.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=90)
    data = out.getvalue()
    assert has_gps(data), "the test file must really carry GPS data"
    return data


def has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return bool(exif.get_ifd(GPS_TAG)) or GPS_TAG in exif


def has_exif(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return bool(image.getexif()) or "exif" in image.info


def png(size=(320, 240)) -> bytes:
    out = io.BytesIO()
    _picture(size).save(out, format="PNG")
    return out.getvalue()


def webp(size=(320, 240)) -> bytes:
    out = io.BytesIO()
    _picture(size).save(out, format="WEBP")
    return out.getvalue()


def heic(size=(320, 240)) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    _picture(size).save(out, format="HEIF")
    return out.getvalue()


def truncated() -> bytes:
    data = jpeg_with_gps()
    return data[: len(data) // 2]


def corrupt() -> bytes:
    data = bytearray(png())
    # Keep the signature and header, scramble the compressed pixel data.
    for i in range(60, len(data) - 20):
        data[i] = (data[i] * 7 + 13) % 256
    return bytes(data)


def polyglot() -> bytes:
    """A real PNG with a web page joined to its end (browsers sniffing it would run it)."""
    return png() + b"<html><script>alert(document.cookie)</script></html>"


def huge_pixels() -> bytes:
    """A small file that claims 12,000 by 12,000 pixels (a decompression bomb's shape)."""
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _exif_with_maker_note(note: bytes) -> bytes:
    exif = Image.Exif()
    exif[MAKE_TAG] = "Pocket Camera"
    exif.get_ifd(0x8769)[0x927C] = note  # MakerNote: the camera maker's own binary data
    return exif.tobytes()


def photo_with_marker_bytes() -> bytes:
    """A real photo whose camera data happens to hold "PK\\x03\\x04", "Rar!\\x1a\\x07" and
    "<SVG" among other bytes, as compressed data and makers' binary notes do by chance."""
    rng = random.Random(19)
    noise = bytes(rng.randrange(256) for _ in range(400))
    note = (
        noise[:100] + b"PK\x03\x04" + noise[100:200] + b"Rar!\x1a\x07\x00" + noise[200:] + b"<SVG"
    )
    out = io.BytesIO()
    _picture().save(out, format="JPEG", quality=88, exif=_exif_with_maker_note(note))
    data = out.getvalue()
    folded = data.lower()
    assert b"pk\x03\x04" in folded and b"rar!" in folded and b"<svg" in folded
    return data


def jpeg_with_zip() -> bytes:
    """A JPEG with a ZIP archive joined after its end (a classic polyglot: image viewers show
    the picture, archive tools open the ZIP)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", "<html><script>alert(1)</script></html>")
    out = io.BytesIO()
    _picture().save(out, format="JPEG")
    return out.getvalue() + archive.getvalue()


def jpeg_with_script_comment() -> bytes:
    """A JPEG whose comment segment is a script (a JPEG/JavaScript polyglot's shape)."""
    out = io.BytesIO()
    _picture().save(out, format="JPEG", comment=b"*/=1;<script>alert(document.domain)</script>")
    return out.getvalue()


def multi_picture_jpeg() -> bytes:
    """What phones write: a second JPEG (a depth or gain map) joined after the first."""
    first, second = io.BytesIO(), io.BytesIO()
    _picture().save(first, format="JPEG")
    _picture((160, 120)).save(second, format="JPEG")
    return first.getvalue() + second.getvalue()


def pdf() -> bytes:
    """A small real PDF document (one empty page), as a reader might send by mistake."""
    out = io.BytesIO()
    _picture((200, 100)).save(out, format="PDF")
    return out.getvalue()
