"""Who may do what: the registry of reader-owned objects and of every route that takes an id
or a slug under the reader-facing prefixes.

Each app adds, in one place here, either an ``Owned`` entry (how to make an object owned by
reader A, which URLs read or change it, and a snapshot that must not change when reader B or
an anonymous visitor tries them) or a ``PUBLIC`` line saying why the route is public by design.
test_who_may_do_what.py walks the URL configuration: a route with a parameter under one of
``GUARDED_PREFIXES`` that is in neither makes the test fail until it is classified.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

GUARDED_PREFIXES = ("accounts/", "api/", "fragments/", "u/", "live/", "search/", "comments/",
                    "contributions/", "places/", "traffic/", "listings/")  # fmt: skip


@dataclass(frozen=True)
class Try:
    """One request reader B or a visitor makes at reader A's object."""

    method: str
    url: Callable[[Any], str]
    data: dict | None = None
    json: bool = False
    # What an outsider may get: refusals, or a form post's redirect back (nothing done).
    allowed: tuple[int, ...] = (403, 404)
    allowed_anonymous: tuple[int, ...] = (302, 401, 403, 404)


@dataclass(frozen=True)
class Owned:
    name: str
    routes: tuple[str, ...]  # the URL patterns (as walked) these tries cover
    make: Callable[[Any], Any]  # reader A -> the object
    snapshot: Callable[[Any], Any]  # object -> what must stay the same
    tries: tuple[Try, ...] = field(default_factory=tuple)


def _token(reader):
    from masthead.api.services import api_token_create

    token, _ = api_token_create(user=reader, name="reader A's app")
    return token


def _token_state(token):
    from masthead.api.models import ApiToken

    row = ApiToken.objects.filter(pk=token.pk).values("user_id", "name", "revoked_at").first()
    return row


REGISTRY: list[Owned] = [
    Owned(
        name="API token",
        routes=("api/v1/tokens/<token_id>", "api/tokens/<int:token_id>/revoke/"),
        make=_token,
        snapshot=_token_state,
        tries=(
            Try("DELETE", lambda t: f"/api/v1/tokens/{t.pk}"),
            Try(
                "GET",
                lambda t: f"/api/v1/tokens/{t.pk}",
                allowed=(403, 404, 405),
                allowed_anonymous=(401, 403, 404, 405),
            ),
            # The HTML form answers with a redirect back to one's own list and a message.
            Try("POST", lambda t: f"/api/tokens/{t.pk}/revoke/", {}, allowed=(302, 403, 404)),
        ),
    ),
]

# Routes with a parameter that are public by design, and why.
PUBLIC: dict[str, str] = {
    "u/<str:username>/": "the public profile page (username is public by design)",
    "api/v1/profiles/<username>": "the public profile, as on /u/<username>/",
    "api/v1/stories/<story_id>": "published stories",
    "api/v1/galleries/<story_id>": "published galleries",
    "api/v1/tags/<slug>": "tag pages",
    "api/v1/authors/<slug>": "author pages",
    "api/^v1/(?P<rest>.*)$": "the API's JSON 404 for unknown addresses",
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": "allauth: the secret key is the credential",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "allauth: the signed key is the credential"
    ),
    "accounts/oidc/^(?P<provider_id>[^/]+)/login/": "allauth: starts sign-in with a provider",
    "accounts/oidc/^(?P<provider_id>[^/]+)/login/callback/": "allauth: provider callback",
    "accounts/^facebook/login/token/$": "allauth: Facebook sign-in",
    "fragments/news/<slug:slug>/": "keyed by place, the same for every reader",
    "fragments/weather/<slug:slug>/": "keyed by place, the same for every reader",
    "fragments/traffic/ribbon/<str:slug>/": "keyed by place, the same for every reader",
    "fragments/traffic/<str:slug>/": "keyed by place, the same for every reader",
    "fragments/listings/<str:slug>/": "keyed by place, the same for every reader",
    "traffic/<str:slug>/": "a region's public traffic alerts",
    "^traffic/(?P<slug>[-\\w]+)/feed/(?P<kind>rss|atom|json)/$": "a region's public alert feed",
    "listings/<str:slug>/": "public listings of a place",
    "listings/<str:slug>/<str:day>/": "public listings of a place for one day",
}

# Routes being built right now whose app will move them into REGISTRY or PUBLIC (issue #9):
# listed by name so nothing else slips through meanwhile.
PENDING: dict[str, str] = {
    "api/v1/stories/<story_id>/comments": "comments",
    "fragments/comments/<int:page_id>/": "comments",
    "fragments/comments/<int:page_id>/me/": "comments",
    "fragments/comments/replies/<int:root_id>/": "comments",
    "comments/<int:comment_id>/delete/": "comments",
    "comments/<int:comment_id>/edit/": "comments",
    "comments/<int:comment_id>/reply/": "comments",
    "comments/<int:comment_id>/report/": "comments",
    "comments/<int:page_id>/post/": "comments",
}
