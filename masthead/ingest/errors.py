"""The one error every ingest parser and fetch may raise: bad input, reported per item."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class IngestError(ValidationError):
    """Input we cannot turn into a story; the message says why in words an editor understands."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message, code=code)

    @property
    def reason(self) -> str:
        return self.messages[0]


class TooLargeError(IngestError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="too_large")


class UnknownFormatError(IngestError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="unknown_format")


class EncodingError(IngestError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="encoding")


class FetchError(IngestError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="fetch")


class EmptyInputError(IngestError):
    """A readable input that holds nothing to import (a feed with no items): not a failure."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="empty")
