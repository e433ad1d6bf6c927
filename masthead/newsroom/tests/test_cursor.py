from datetime import UTC, datetime

import pytest

from masthead.newsroom.selectors import Cursor


@pytest.mark.parametrize("microsecond", [0, 1, 999_999, 123_457, 500_001])
def test_cursor_round_trips_every_microsecond_so_no_story_repeats_across_pages(microsecond):
    when = datetime(2031, 3, 1, 1, 2, 3, microsecond, tzinfo=UTC)
    assert Cursor.decode(Cursor(when, 42).encode()) == Cursor(when, 42)


@pytest.mark.parametrize("garbage", ["", "abc", "1.x", "99999999999999999999999.1", "."])
def test_a_malformed_cursor_is_ignored_rather_than_an_error(garbage):
    assert Cursor.decode(garbage) is None
