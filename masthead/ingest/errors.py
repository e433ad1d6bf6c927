"""The one error every ingest parser and fetch may raise: bad input, reported per item.

The base and the fetch errors are ``masthead.core.fetching``'s (the fetcher is shared with
``listings``); the names here are ingest's, so its parsers and callers read as before."""

from __future__ import annotations

from masthead.core.fetching import FetchError, InputError, TooLargeError

# Input we cannot turn into a story; the message says why in words an editor understands.
IngestError = InputError

__all__ = [
    "EmptyInputError",
    "EncodingError",
    "FetchError",
    "IngestError",
    "TooLargeError",
    "UnknownFormatError",
]


class UnknownFormatError(IngestError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="unknown_format")


class EncodingError(IngestError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="encoding")


class EmptyInputError(IngestError):
    """A readable input that holds nothing to import (a feed with no items): not a failure."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="empty")
