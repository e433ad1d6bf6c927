"""Who is calling: a personal token (``Authorization: Bearer mh_…``), the browser session
(with its CSRF token on writes), or, for reads, nobody in particular."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from masthead.api.selectors import api_token_for_key


class InvalidToken(AuthenticationError):
    """A token was presented and is wrong or revoked: say so instead of reading anonymously."""


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest):
        if not request.headers.get("Authorization"):
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        found = api_token_for_key(raw=token)
        if found is None:
            raise InvalidToken()
        request.api_token = found
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


token_auth = TokenAuth()
session_auth = SessionAuth(csrf=True)
# Reads: a token (so its own rate limit applies) or nobody; a bad token is refused.
READ_AUTH = [token_auth, anonymous]
# Writes as a reader: a token, or the signed-in session with its CSRF token.
READER_AUTH = [token_auth, session_auth]
