"""Errors of the contributions domain, in words a reader or editor can act on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError

if TYPE_CHECKING:
    from masthead.contributions.models import Contribution


class ContributionError(ValidationError):
    """The contribution cannot be sent or changed as it is; ``contribution`` is the draft that
    was kept (so the reader's text and photos are not lost)."""

    def __init__(
        self, message, *, code: str | None = None, contribution: Contribution | None = None
    ):
        super().__init__(message, code=code)
        self.contribution = contribution


class ContributionPermissionError(PermissionDenied):
    """The actor may not do this to this contribution."""
