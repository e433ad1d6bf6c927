"""Who is calling: a personal token (``Authorization: Bearer mh_…``), the browser session
(with its CSRF token on writes), or, for reads, nobody in particular.

The tokens are the ``masthead.api`` app's own rows; ``TokenAuth`` is given the function that
finds one, so the callers' kinds live here and the token table stays with its app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError
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


class Scope(models.TextChoices):
    """What a personal token may do beyond reading. A token has no scope unless its owner
    chose one when creating it: a leaked reading token changes nothing (decision 0706)."""

    LIVE_WRITE = "live:write", "Post, edit and delete live blog updates"


class MissingScope(AuthorizationError):
    """A good token without the scope this endpoint needs (403, not 401: the caller is known)."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(
            message=f"This token does not have the {scope} scope; create one that has it."
        )


_token_lookup: list[Callable[..., Any]] = []


def register_token_lookup(lookup: Callable[..., Any]) -> None:
    """The ``api`` app hands down how its token rows are found (it is above every router)."""
    _token_lookup[:] = [lookup]


class ScopedTokenAuth(TokenAuth):
    """A personal token that carries ``scope``; the browser session does not do (a script's
    writes are the token's, chosen when it was made). Declared by a feature's router, so the
    token lookup is the one the ``api`` app registered."""

    def __init__(self, scope: str) -> None:
        super().__init__(lookup=lambda raw: _token_lookup[0](raw=raw))
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str):
        user = super().authenticate(request, token)
        if not request.api_token.has_scope(self.scope):  # type: ignore[attr-defined]
            raise MissingScope(self.scope)
        return user


class Anonymous:
    """The caller of a read endpoint without a token: truthy, so the read goes on."""

    is_authenticated = False

    def __bool__(self) -> bool:
        return True


ANONYMOUS = Anonymous()


def anonymous(request: HttpRequest) -> Anonymous:
    return ANONYMOUS


session_auth = SessionAuth(csrf=True)
