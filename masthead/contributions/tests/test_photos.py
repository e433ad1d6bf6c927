import io

import pytest

from masthead.contributions.photos import check_photo
from masthead.contributions.tests import files
from masthead.core.images import ImageRejected


def test_jpeg_with_gps_is_re_encoded_without_any_exif():
    original = files.jpeg_with_gps()
    checked = check_photo(io.BytesIO(original))
    assert checked.original == original  # kept as sent, privately
    assert checked.original_format == "JPEG"
    assert not files.has_gps(checked.clean.content)
    assert not files.has_exif(checked.clean.content)
    assert b"SpyCam" not in checked.clean.content


@pytest.mark.parametrize(
    ("make", "expected_format"),
    [(files.png, "PNG"), (files.webp, "WEBP"), (files.heic, "HEIF")],
)
def test_png_webp_and_heic_are_accepted_by_content_and_re_encoded(make, expected_format):
    checked = check_photo(io.BytesIO(make()))
    assert checked.original_format == expected_format
    assert checked.clean.format in ("JPEG", "PNG")
    assert (checked.clean.width, checked.clean.height) == (320, 240)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (files.truncated, "cut short or damaged"),
        (files.corrupt, "cut short or damaged"),
        (files.polyglot, "holds something besides a picture"),
        (lambda: b"GIF89a but really a text file", "not a complete picture"),
    ],
)
def test_broken_and_disguised_files_are_refused_with_a_clear_message(make, words):
    with pytest.raises(ImageRejected) as caught:
        check_photo(io.BytesIO(make()))
    assert words in " ".join(caught.value.messages)


def test_too_many_pixels_is_refused_before_decoding(settings):
    settings.MASTHEAD_CONTRIBUTION_PHOTO_MAX_PIXELS = 50_000_000
    with pytest.raises(ImageRejected) as caught:
        check_photo(io.BytesIO(files.huge_pixels()))
    assert caught.value.code in ("too_many_pixels", "bomb")


def test_too_many_bytes_is_refused(settings):
    settings.MASTHEAD_CONTRIBUTION_PHOTO_MAX_BYTES = 1024 * 1024
    with pytest.raises(ImageRejected) as caught:
        check_photo(io.BytesIO(b"\xff\xd8" + b"\0" * (1024 * 1024 + 10)))
    assert "larger than 1 MB" in caught.value.messages[0]


def test_a_real_photo_whose_bytes_happen_to_hold_archive_markers_is_accepted():
    # The old check searched every byte case-folded and refused this as "another file is
    # joined to it" (issue 14).
    original = files.photo_with_marker_bytes()
    checked = check_photo(io.BytesIO(original))
    assert checked.original_format == "JPEG"
    assert (checked.clean.width, checked.clean.height) == (640, 480)


def test_a_phones_multi_picture_jpeg_is_accepted():
    assert check_photo(io.BytesIO(files.multi_picture_jpeg())).original_format == "JPEG"


@pytest.mark.parametrize(
    ("make", "named"),
    [
        (files.polyglot, "a web page is joined to it"),
        (files.jpeg_with_zip, "a ZIP archive is joined to it"),
        (files.jpeg_with_script_comment, "a web page is joined to it"),
    ],
)
def test_a_real_polyglot_is_refused_naming_what_is_joined(make, named):
    with pytest.raises(ImageRejected) as caught:
        check_photo(io.BytesIO(make()))
    assert caught.value.code == "polyglot"
    assert named in caught.value.messages[0]


def test_a_pdf_sent_as_a_photo_is_refused_as_a_pdf_not_as_a_joined_file():
    with pytest.raises(ImageRejected) as caught:
        check_photo(io.BytesIO(files.pdf()))
    message = caught.value.messages[0]
    assert caught.value.code == "format"
    assert "That file is a PDF document, not a photo." in message
    assert "joined" not in message
