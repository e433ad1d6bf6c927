"""Keys for pages of API results ordered newest first (the cursors of masthead.core.cursors):
a key the API did not write is a 400, never a 500."""

from __future__ import annotations

from datetime import datetime

from ninja.errors import HttpError

from masthead.core import cursors


def encode_key(moment: datetime, item_id: int) -> str:
    return cursors.encode(moment, item_id)


def decode_key(value: str) -> tuple[datetime, int]:
    try:
        cursor = cursors.decode(value)
    except cursors.CursorError as error:
        raise HttpError(
            400, "That page key is not valid; use the `next` of a previous answer."
        ) from error
    return cursor.at, cursor.id
