"""The public API, version 1: one NinjaAPI mounting each app's router (docs/api.md)."""

from __future__ import annotations

from masthead.api.auth import READ_AUTH
from masthead.api.openapi import DocumentedAPI
from masthead.core.api import errors
from masthead.core.api.throttle import ApiRateThrottle

api = DocumentedAPI(
    title="Masthead API",
    version="1",
    description=(
        "Read the network's sites, sections, stories, galleries, tags, authors, profiles, "
        "search and new stories. Anonymous reads are limited per address; send "
        "`Authorization: Bearer <token>` with a personal token (create one at /api/tokens/) "
        'for a higher limit. Errors are always `{"error": {"code", "message", '
        '"details"}}`. Lists answer `{"items": [...], "next": <key or null>}`; pass '
        "`next` back to get the following page."
    ),
    urls_namespace="api-v1",
    auth=READ_AUTH,
    throttle=[ApiRateThrottle()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)


def _mount() -> None:
    # Each app owns its router; this module only mounts them.
    from masthead.api.profiles import router as profiles
    from masthead.api.tokens import router as tokens
    from masthead.comments.api import router as comments
    from masthead.live.api import router as live
    from masthead.newsroom.api import router as newsroom
    from masthead.search.api import router as search

    for router in (newsroom, live, search, profiles, tokens, comments):
        api.add_router("/", router)


_mount()
