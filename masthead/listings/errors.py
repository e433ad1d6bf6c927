"""The listings app's one error: input or a request that cannot become a listing."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class ListingsError(ValidationError):
    """The message says why, in words an editor understands."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message, code=code)

    @property
    def reason(self) -> str:
        return self.messages[0]
