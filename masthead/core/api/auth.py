"""Who is calling: a personal token (``Authorization: Bearer mh_…``), the browser session
(with its CSRF token on writes), or, for reads, nobody in particular.

The tokens are the ``masthead.api`` app's own rows; ``TokenAuth`` is given the function that
finds one, so the callers' kinds live here and the token table stays with its app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth


class InvalidToken(AuthenticationError):
    """A token was presented and is wrong or revoked: say so instead of reading anonymously."""


class TokenAuth(HttpBearer):
    def __init__(self, *, lookup: Callable[..., Any]) -> None:
        super().__init__()
        # lookup(raw=<the bearer token>) -> a token row with ``.user``, or None.
        self.lookup = lookup

    def __call__(self, request: HttpRequest):
        if not request.headers.get("Authorization"):
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        found = self.lookup(raw=token)
        if found is None:
            raise InvalidToken()
        request.api_token = found  # type: ignore[attr-defined]
        request.user = found.user
        return found.user


class Anonymous:
    """The caller of a read endpoint without a token: truthy, so the read goes on."""

    is_authenticated = False

    def __bool__(self) -> bool:
        return True


ANONYMOUS = Anonymous()


def anonymous(request: HttpRequest) -> Anonymous:
    return ANONYMOUS


session_auth = SessionAuth(csrf=True)
