"""Writes of the API app: creating and revoking a reader's personal tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from masthead.api.models import ApiToken, Scope
from masthead.core import text

TOKEN_PREFIX = "mh_"  # noqa: S105 (a public marker, not a secret)
MAX_ACTIVE_TOKENS = 20


class ApiTokenError(ValidationError):
    pass


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def may_have_scope(*, user, scope: str) -> bool:
    """Who may ask for a scope: writing to live blogs is for newsroom accounts (the blog's own
    page permissions still decide each write)."""
    if scope == Scope.LIVE_WRITE:
        return user.has_perm("wagtailadmin.access_admin")
    return False


@transaction.atomic
def api_token_create(*, user, name: str, scopes: Sequence[str] = ()) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the secret, which is never shown again."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied("Sign in to create an API token.")
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise ApiTokenError(f"No such scope: {', '.join(unknown)}.")
    for scope in scopes:
        if not may_have_scope(user=user, scope=scope):
            raise ApiTokenError(f"Your account may not have a token with the {scope} scope.")
    # A JSON body can carry what a form cannot: PostgreSQL refuses NUL in text and any text
    # that is not UTF-8 (a lone surrogate), which was a 500 on one engine only; U+FFFD is what
    # the form's decoding left of bytes that were not UTF-8.
    problem = text.problem(name)
    if problem is not None:
        raise ApiTokenError(f"The token name {problem}.")
    name = " ".join(name.split())
    if not name:
        raise ApiTokenError("Give the token a name, e.g. “My app”.")
    if ApiToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
        raise ApiTokenError(
            f"You already have {MAX_ACTIVE_TOKENS} tokens; revoke one before creating another."
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=raw[:10],
        key_hash=token_hash(raw),
        scopes=sorted(set(scopes)),
    )
    token.full_clean()
    token.save()
    return token, raw


def api_token_revoke(*, user, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s tokens. Another reader's token is reported as missing."""
    token = (
        ApiToken.objects.filter(user=user, id=token_id).first() if user.is_authenticated else None
    )
    if token is None:
        raise ApiToken.DoesNotExist("No such token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
