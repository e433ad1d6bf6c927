"""Reads of the API app: a reader's tokens, and the reader behind a presented token."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from masthead.api.models import ApiToken
from masthead.api.services import TOKEN_PREFIX, token_hash

# Recording every use would turn each API read into a write; once per few minutes is enough
# for a reader to see which token is in use.
LAST_USED_PRECISION = timedelta(minutes=5)


def api_tokens_for_user(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).only(
        "id",
        "name",
        "prefix",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
        "user_id",
    )


def api_token_for_key(*, raw: str) -> ApiToken | None:
    """The active token with this secret whose owner may still sign in, or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(key_hash=token_hash(raw), user__is_active=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(id=token.id).update(last_used_at=now)
            token.last_used_at = now
    return token
