"""Opaque keys for pages of results ordered newest first: ``<microseconds>.<id>``."""

from __future__ import annotations

from datetime import datetime, timedelta

from ninja.errors import HttpError

from masthead.live.selectors import EPOCH, cursor_encode


def encode_key(moment: datetime, item_id: int) -> str:
    return cursor_encode(moment, item_id)


def decode_key(value: str) -> tuple[datetime, int]:
    micros, _, item_id = value.partition(".")
    try:
        return EPOCH + timedelta(microseconds=int(micros)), int(item_id)
    except (OverflowError, ValueError) as error:
        raise HttpError(
            400, "That page key is not valid; use the `next` of a previous answer."
        ) from error
