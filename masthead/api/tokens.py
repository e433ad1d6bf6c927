"""The reader's own personal API tokens: list, create (signed-in session only), revoke."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status

from masthead.api import selectors, services
from masthead.api.auth import READER_AUTH
from masthead.core.api.auth import session_auth
from masthead.core.api.errors import COMMON_ERRORS, FORBIDDEN, NOT_FOUND
from masthead.core.text import STORABLE_PATTERN

router = Router(tags=["tokens"])


class TokenIn(Schema):
    name: str = Field(
        ...,
        min_length=1,
        max_length=100,
        # The storable-text rule (core.text), declared: no control character, no U+FFFD.
        pattern=STORABLE_PATTERN,
        description="What the token is for.",
        examples=["Feed reader"],
    )
    scopes: list[Literal["live:write"]] = Field(
        default_factory=list,
        max_length=1,
        description=(
            "What the token may do beyond reading. `live:write`: post, edit and delete live "
            "blog updates (newsroom accounts only; each write still needs the page permission)."
        ),
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The secret: shown this once, store it now.")


class TokenList(Schema):
    items: list[TokenOut]
    next: str | None = None


def _row(token) -> dict:
    return {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "scopes": list(token.scopes or []),
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }


@router.get(
    "/tokens",
    auth=READER_AUTH,
    response={200: TokenList, **COMMON_ERRORS},
    summary="Your API tokens",
    openapi_extra={
        "responses": {
            200: {
                "links": {
                    "RevokeFirstToken": {
                        "operationId": "masthead_api_tokens_token_revoke",
                        "parameters": {"token_id": "$response.body#/items/0/id"},
                    }
                }
            }
        }
    },
)
def token_list(request: HttpRequest):
    tokens = selectors.api_tokens_for_user(user=request.auth)[:100]
    return {"items": [_row(t) for t in tokens], "next": None}


@router.post(
    "/tokens",
    auth=[session_auth],
    response={201: TokenCreatedOut, **COMMON_ERRORS, **FORBIDDEN},
    summary="Create a token (signed-in session with CSRF; a token cannot mint tokens)",
    # The token just made can be revoked by its id: a real chain, walked by the stateful fuzz.
    openapi_extra={
        "responses": {
            201: {
                "links": {
                    "RevokeToken": {
                        "operationId": "masthead_api_tokens_token_revoke",
                        "parameters": {"token_id": "$response.body#/id"},
                    }
                }
            }
        }
    },
)
def token_create(request: HttpRequest, payload: TokenIn):
    token, raw = services.api_token_create(
        user=request.auth, name=payload.name, scopes=payload.scopes
    )
    return Status(201, {**_row(token), "token": raw})


@router.delete(
    "/tokens/{token_id}",
    auth=READER_AUTH,
    response={200: TokenOut, **COMMON_ERRORS, **NOT_FOUND, **FORBIDDEN},
    summary="Revoke one of your tokens",
)
def token_revoke(request: HttpRequest, token_id: int = Path(..., ge=1, le=2**53 - 1)):
    return _row(services.api_token_revoke(user=request.auth, token_id=token_id))
