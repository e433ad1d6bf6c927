"""The callers the public API accepts, with this app's personal tokens (the kinds of caller
are in ``masthead.core.api.auth``)."""

from __future__ import annotations

from masthead.api.selectors import api_token_for_key
from masthead.core.api.auth import TokenAuth, anonymous, register_token_lookup, session_auth

token_auth = TokenAuth(lookup=api_token_for_key)
# The features' scoped writes (core.api.auth.ScopedTokenAuth) find tokens the same way.
register_token_lookup(api_token_for_key)
# Reads: a token (so its own rate limit applies) or nobody; a bad token is refused.
READ_AUTH = [token_auth, anonymous]
# Writes as a reader: a token, or the signed-in session with its CSRF token.
READER_AUTH = [token_auth, session_auth]
