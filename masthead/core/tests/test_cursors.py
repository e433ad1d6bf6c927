"""The keyset cursor codec (masthead.core.cursors): exact round trips, strict input."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.core import cursors

# Naive bounds are what st.datetimes takes; every value drawn is then made UTC.
MOMENTS = st.datetimes(
    min_value=datetime(1970, 1, 1, tzinfo=UTC).replace(tzinfo=None),
    max_value=datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC).replace(tzinfo=None),
).map(lambda naive: naive.replace(tzinfo=UTC))
# A shared, busy machine draws slowly: generation speed is not what these tests are about.
PATIENT = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
IDS = st.integers(min_value=0, max_value=2**63 - 1)


@PATIENT
@given(MOMENTS, IDS)
def test_every_cursor_decodes_to_the_exact_microsecond_and_id_it_was_made_from(at, item_id):
    decoded = cursors.decode(cursors.encode(at, item_id))
    assert decoded == cursors.Cursor(at=at, id=item_id)


@PATIENT
@given(MOMENTS, MOMENTS, IDS, IDS)
def test_cursors_order_as_their_positions_do(a, b, id_a, id_b):
    # Two cursors a microsecond apart never collapse into one (a float time stamp can).
    first, second = cursors.decode(cursors.encode(a, id_a)), cursors.decode(cursors.encode(b, id_b))
    assert (first.at, first.id) < (second.at, second.id) or (a, id_a) >= (b, id_b)


def test_a_time_in_another_zone_is_the_same_instant():
    instant = datetime(2026, 12, 6, 14, 0, 0, 1, tzinfo=UTC)
    elsewhere = instant.astimezone(ZoneInfo("Africa/Johannesburg"))
    assert cursors.encode(elsewhere, 7) == cursors.encode(instant, 7)
    assert cursors.decode(cursors.encode(elsewhere, 7)).at == instant


def test_the_written_form_is_whole_microseconds_and_the_id():
    at = datetime(2026, 12, 6, 12, 0, 0, 123457, tzinfo=UTC)
    assert cursors.encode(at, 42) == "1796558400123457.42"


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        ".",
        "abc",
        "1.x",
        "1_2",
        "1796558400123457",
        "-1.2",
        "1.-2",
        "+1.2",
        " 1.2",
        "1.2\n",
        "1.2.3",
        "1e5.2",
        "\uff11.\uff12",  # full-width digits: str.isdigit() says yes, the codec says no
        "²³.1",
        "9" * 19 + ".1",  # beyond the year 9999
        "1." + "9" * 20,
        "1." + str(2**63),  # beyond a database id
        "253402300800000000.1",  # the first microsecond of the year 10000
    ],
)
def test_anything_the_codec_did_not_write_is_a_cursor_error(garbage):
    with pytest.raises(cursors.CursorError):
        cursors.decode(garbage)
    assert cursors.decode_or_none(garbage) is None


@PATIENT
@given(st.text(max_size=60))
def test_no_input_raises_anything_but_a_cursor_error(value):
    try:
        decoded = cursors.decode(value)
    except cursors.CursorError:
        return
    assert cursors.decode(cursors.encode(decoded.at, decoded.id)) == decoded


def test_a_naive_time_or_a_negative_id_is_a_programming_error_not_a_cursor():
    with pytest.raises(ValueError):
        cursors.encode(datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None), 1)
    with pytest.raises(ValueError):
        cursors.encode(datetime(2026, 1, 1, tzinfo=UTC), -1)
    with pytest.raises(ValueError):
        cursors.encode(datetime(1969, 12, 31, tzinfo=UTC), 1)
