"""One codec for keyset paging: a position in a list ordered by (time, id), newest or oldest
first, written as ``<microseconds since 1970 UTC>.<id>``.

Every list that pages by time uses it (section, tag and author pages, the live poll, the API,
search by date, comment threads). Clients treat a cursor as opaque: they only pass back what
an answer gave them. It is exact (whole microseconds in integer arithmetic: a float time
stamp can lose the last microsecond and repeat or skip an item at a page boundary) and
validated strictly on the way in: anything that is not two runs of ASCII digits within range
is a ``CursorError``, which each caller answers with a clear 400 (the API) or its first page
(a reader's listing), never a 500. It is not signed: a hand-made cursor within range only
moves the reader to another point of a public list, which the list's filters still bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
# ASCII digits only (str.isdigit also accepts "²" and other scripts' digits); the lengths bound
# the work int() does on hostile input before the range checks below.
_SHAPE = re.compile(r"([0-9]{1,18})\.([0-9]{1,19})")
_LATEST = (datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC) - EPOCH) // _MICROSECOND
# The largest primary key a database row can have (a signed 64-bit integer).
_MAX_ID = 2**63 - 1


class CursorError(ValueError):
    """A cursor that this codec did not write (mistyped, truncated, out of range)."""


@dataclass(frozen=True)
class Cursor:
    at: datetime
    id: int


def micros_from(moment: datetime) -> int:
    """Whole microseconds since 1970 UTC, exactly (integer arithmetic, no float)."""
    return (moment - EPOCH) // _MICROSECOND


def encode(at: datetime, item_id: int) -> str:
    if at.tzinfo is None:
        raise ValueError("a cursor's time must be aware (UTC)")
    if not 0 <= item_id <= _MAX_ID:
        raise ValueError(f"a cursor's id must be a database id, not {item_id}")
    micros = micros_from(at)
    if not 0 <= micros <= _LATEST:
        raise ValueError(f"a cursor's time must be after 1970, not {at.isoformat()}")
    return f"{micros}.{item_id}"


def decode(value: str) -> Cursor:
    match = _SHAPE.fullmatch(value)
    if match is None:
        raise CursorError("not a cursor this site wrote")
    micros, item_id = int(match[1]), int(match[2])
    if micros > _LATEST or item_id > _MAX_ID:
        raise CursorError("a cursor out of range")
    return Cursor(at=EPOCH + micros * _MICROSECOND, id=item_id)


def decode_or_none(value: str) -> Cursor | None:
    """For a reader's listing, where a broken cursor shows the first page instead."""
    try:
        return decode(value)
    except CursorError:
        return None
