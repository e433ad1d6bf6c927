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
                    "contribute/", "my-contributions/", "location/", "traffic/",
                    "listings/")  # fmt: skip


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


def _live_update(reader):
    from masthead.newsroom.models import LiveUpdate, SectionPage
    from masthead.newsroom.tests import factories

    blog = factories.make_live_blog(SectionPage.objects.live().first(), title="Live: owned")
    return LiveUpdate.objects.create(
        page=blog, author=reader, posted_at=blog.first_published_at, body="<p>Mine.</p>"
    )


def _live_update_state(update):
    from masthead.newsroom.models import LiveUpdate

    return LiveUpdate.objects.filter(pk=update.pk).values("body", "deleted_at", "version").first()


def _story():
    from masthead.newsroom.models import SectionPage
    from masthead.newsroom.tests import factories

    section = SectionPage.objects.get(slug="world")
    return factories.make_article(section, title="A story readers talk about")


def _comment(reader):
    from masthead.comments.services import comment_create

    return comment_create(page=_story(), author=reader, body="Reader A's own words on this.")


def _comment_state(comment):
    from masthead.comments.models import Comment

    return Comment.objects.filter(pk=comment.pk).values("body", "status", "author_id").first()


def _contribution(reader):
    import io

    from PIL import Image
    from wagtail.models import Site

    from masthead.contributions.services import PhotoUpload, contribution_save, photo_add

    draft = contribution_save(
        user=reader,
        site=Site.objects.get(is_default_site=True),
        kind="story",
        title="Reader A's draft",
        body="A draft in progress " * 10,
    )
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 80, 40)).save(picture, "JPEG")
    picture.seek(0)
    picture.name = "a.jpg"
    photo_add(
        user=reader, contribution=draft, upload=PhotoUpload(file=picture, caption="A's photo")
    )
    return draft


def _contribution_state(contribution):
    from masthead.contributions.models import Contribution

    row = (
        Contribution.objects.filter(pk=contribution.pk)
        .values("title", "body", "status", "contributor_id")
        .first()
    )
    return row, sorted(contribution.photos.values_list("pk", flat=True))


REGISTRY: list[Owned] = [
    Owned(
        name="comment",
        routes=(
            "comments/<id:comment_id>/edit/",
            "comments/<id:comment_id>/delete/",
            "fragments/comments/<id:page_id>/me/",
        ),
        make=_comment,
        snapshot=_comment_state,
        tries=(
            # A refused form post redirects back to the story with a message: nothing done.
            Try(
                "POST",
                lambda c: f"/comments/{c.pk}/edit/",
                {"body": "B was here"},
                allowed=(302, 403, 404),
            ),
            Try("POST", lambda c: f"/comments/{c.pk}/delete/", {}, allowed=(302, 403, 404)),
            # B's own part of the thread: B's comments only, never A's.
            Try(
                "GET",
                lambda c: f"/fragments/comments/{c.page_id}/me/",
                allowed=(200,),
                allowed_anonymous=(200,),
            ),
        ),
    ),
    Owned(
        name="contribution",
        routes=(
            "my-contributions/<str:reference>/",
            "my-contributions/<str:reference>/edit/",
            "my-contributions/<str:reference>/photos/<id:pk>/remove/",
            "contribute/photos/<id:pk>/<str:variant>/",
        ),
        make=_contribution,
        snapshot=_contribution_state,
        tries=(
            Try("GET", lambda c: f"/my-contributions/{c.reference}/"),
            Try("GET", lambda c: f"/my-contributions/{c.reference}/edit/"),
            Try(
                "POST",
                lambda c: f"/my-contributions/{c.reference}/edit/",
                {"title": "B's title", "body": "B " * 300, "action": "save"},
            ),
            Try(
                "POST",
                lambda c: f"/my-contributions/{c.reference}/photos/{c.photos.first().pk}/remove/",
                {},
            ),
            Try("GET", lambda c: f"/contribute/photos/{c.photos.first().pk}/clean/"),
            Try("GET", lambda c: f"/contribute/photos/{c.photos.first().pk}/original/"),
        ),
    ),
    Owned(
        name="API token",
        routes=("api/v1/tokens/<token_id>", "api/tokens/<id:token_id>/revoke/"),
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
    Owned(
        name="live blog update (writes need a live:write token and the page permission)",
        routes=("api/v1/stories/<story_id>/updates/<update_id>",),
        make=_live_update,
        snapshot=_live_update_state,
        tries=(
            Try(
                "DELETE",
                lambda u: f"/api/v1/stories/{u.page_id}/updates/{u.pk}",
                allowed=(401, 403, 404),
            ),
        ),
    ),
]

# Routes with a parameter that are public by design, and why.
PUBLIC: dict[str, str] = {
    "api/v1/stories/<story_id>/updates": "a published live blog's updates (its POST needs a "
    "live:write token: masthead/newsroom/tests/test_live_api.py)",
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
    "fragments/related/<id:tag_id>/": (
        "a topic's related list (or one story's, ?story=): public, listable stories only"
    ),
    "traffic/<str:slug>/": "a region's public traffic alerts",
    "^traffic/(?P<slug>[-\\w]+)/feed/(?P<kind>rss|atom|json)/$": "a region's public alert feed",
    "listings/<str:slug>/": "public listings of a place",
    "listings/<str:slug>/<str:day>/": "public listings of a place for one day",
}

PUBLIC.update(
    {
        "api/v1/stories/<story_id>/comments": "a story's published comments",
        "fragments/comments/<id:page_id>/": "a story's published thread, the same for everyone",
        "fragments/comments/replies/<id:root_id>/": "published replies, the same for everyone",
        "comments/<id:page_id>/post/": "any member may comment on an open story (rules apply)",
        "comments/<id:comment_id>/reply/": "any member may reply to a published comment",
        "comments/<id:comment_id>/report/": (
            "any member may report a comment; counted once per reader, hiding needs several"
        ),
    }
)

# Routes being built whose app has not yet classified them (none now): listed by name so
# nothing else slips through meanwhile.
PENDING: dict[str, str] = {}
