"""Avatar uploads through core.images: decoded by content, bounded, re-encoded, metadata gone."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from masthead.accounts.tests.factories import make_member
from masthead.core import images


def _jpeg_with_gps(size=(800, 600)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # camera make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPS IFD
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_clean_image_strips_exif_and_gps_and_re_encodes():
    raw = _jpeg_with_gps()
    assert b"SpyCam" in raw
    clean = images.clean_image(io.BytesIO(raw), max_bytes=10**7, max_pixels=10**7)
    assert b"SpyCam" not in clean.content
    with Image.open(io.BytesIO(clean.content)) as result:
        assert not result.getexif()
        assert result.size == (800, 600)


def test_clean_image_fits_within_the_asked_box():
    clean = images.clean_image(
        io.BytesIO(_jpeg_with_gps((2000, 1000))),
        max_bytes=10**7,
        max_pixels=10**7,
        fit_within=(512, 512),
    )
    assert (clean.width, clean.height) == (512, 256)


def test_a_file_named_like_a_picture_but_not_one_is_refused():
    with pytest.raises(images.ImageRejected, match="not a picture"):
        images.clean_image(io.BytesIO(b"<?php echo 1; ?>" * 10), max_bytes=10**6, max_pixels=10**6)


def test_too_many_bytes_are_refused_before_decoding():
    with pytest.raises(images.ImageRejected, match="larger than"):
        images.clean_image(io.BytesIO(_jpeg_with_gps()), max_bytes=1000, max_pixels=10**7)


def test_a_decompression_bomb_is_refused_from_its_header():
    # A tiny PNG that declares 20000 by 20000 pixels (compresses to a few hundred kilobytes).
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, format="PNG", optimize=True)
    data = buffer.getvalue()
    assert len(data) < 2_000_000
    with pytest.raises(images.ImageRejected) as refused:
        images.clean_image(io.BytesIO(data), max_bytes=5_000_000, max_pixels=25_000_000)
    assert refused.value.code in {"too_many_pixels", "bomb"}


def test_a_format_we_do_not_accept_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="BMP")
    with pytest.raises(images.ImageRejected, match="JPEG, PNG"):
        images.clean_image(io.BytesIO(buffer.getvalue()), max_bytes=10**6, max_pixels=10**6)


def test_transparency_is_kept_as_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 40), (0, 0, 0, 0)).save(buffer, format="PNG")
    clean = images.clean_image(io.BytesIO(buffer.getvalue()), max_bytes=10**6, max_pixels=10**6)
    assert clean.format == "PNG"


@pytest.mark.django_db
def test_avatar_upload_stores_a_clean_copy_and_shows_it_on_the_profile(
    client, network, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    member = make_member("painter")
    client.force_login(member)
    upload = SimpleUploadedFile("holiday.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/profile/avatar/", {"avatar": upload})
    assert response.status_code == 302
    member.refresh_from_db()
    stored = member.avatar.read()
    assert b"SpyCam" not in stored
    with Image.open(io.BytesIO(stored)) as result:
        assert max(result.size) == 512
    assert member.avatar.url in client.get("/u/painter/").content.decode()


@pytest.mark.django_db
def test_avatar_upload_of_a_non_image_is_refused_with_the_reason(client, network):
    member = make_member("trickster")
    client.force_login(member)
    upload = SimpleUploadedFile("face.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post("/accounts/profile/avatar/", {"avatar": upload})
    assert response.status_code == 400
    assert "not a picture we can read" in response.content.decode()
    member.refresh_from_db()
    assert not member.avatar
