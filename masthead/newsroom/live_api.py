"""Live blog updates in the public API: anyone reads a blog's stream; a token with the
``live:write`` scope posts, edits and deletes updates as the live desk does (the same
services, so the same permissions, versions and purges)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry
from wagtail.rich_text import expand_db_html

from masthead.core import text
from masthead.core.api.auth import Scope, ScopedTokenAuth
from masthead.core.api.errors import COMMON_ERRORS, FORBIDDEN, NOT_FOUND
from masthead.core.sites import NetworkSite, site_holding
from masthead.core.text import STORABLE_PATTERN
from masthead.newsroom import live_selectors
from masthead.newsroom import live_services as services
from masthead.newsroom.api import MAX_ID, _image, _page_url, _request_site, _sites_by_path
from masthead.newsroom.models import LiveBlogPage, LiveUpdate, NewsImage
from masthead.newsroom.reading.teasers import BODY_SPEC

router = Router(tags=["live blogs"])
live_write = ScopedTokenAuth(Scope.LIVE_WRITE)
WRITE_ERRORS = {**COMMON_ERRORS, **FORBIDDEN, **NOT_FOUND}
StoryId = Path(..., ge=1, le=MAX_ID, description="The live blog's story id.")
UpdateId = Path(..., ge=1, le=MAX_ID)


class UpdateImageOut(Schema):
    url: str
    width: int
    height: int
    alt: str
    credit: str


class LiveUpdateOut(Schema):
    id: int
    story_id: int
    url: str | None = Field(description="The update on the live page (an anchor).")
    posted_at: datetime
    edited_at: datetime | None
    author_name: str
    headline: str
    html: str = Field(description="The text as front-end HTML (links expanded).")
    image: UpdateImageOut | None
    image_caption: str
    embed_url: str
    quote: str
    quote_attribution: str
    pinned: bool
    key_event: bool
    deleted: bool


class LiveUpdateList(Schema):
    items: list[LiveUpdateOut]
    next: str | None = None


def _text(max_length: int, description: str = "") -> Any:
    # The storable-text rule (core.text), declared: no control character, no U+FFFD.
    return Field(None, max_length=max_length, pattern=STORABLE_PATTERN, description=description)


class LiveUpdatePatch(Schema):
    """Fields left out stay as they are; ``image_id: null`` takes the picture away."""

    headline: str | None = _text(200, "Optional; a key event is listed by it.")
    body: str | None = Field(
        None,
        max_length=20_000,
        description=(
            "Rich text as HTML: <p>, <br>, <b>, <i>, <a href>, <ol>, <ul>, <li>; anything else "
            "is removed and its text kept."
        ),
        examples=["<p>Police have closed the <b>harbour road</b>.</p>"],
    )
    image_id: int | None = Field(None, ge=1, le=MAX_ID, description="A picture from the library.")
    image_caption: str | None = _text(500)
    embed_url: str | None = Field(None, max_length=200, description="A post or video link.")
    quote: str | None = _text(1000)
    quote_attribution: str | None = _text(200)
    key_event: bool | None = Field(None, description="List it in the key events summary.")
    pinned: bool | None = Field(None, description="Pin it above the stream (unpins the other).")


class LiveUpdateIn(LiveUpdatePatch):
    """A new update: at least a text, a headline, a picture, an embed or a quote."""


class StreamFilters(Schema):
    order: Literal["newest", "oldest"] = "newest"
    before: str | None = Field(
        None, max_length=40, pattern=r"^\d+\.\d+$", description="The `next` of the last answer."
    )


# --- adapters ------------------------------------------------------------------------------


def _public_blog(story_id: int) -> LiveBlogPage:
    blog = LiveBlogPage.objects.live().public().filter(id=story_id).first()
    if blog is None:
        raise Http404("No published live blog has that id.")
    return blog


def _blog_for_writing(user, story_id: int) -> LiveBlogPage:
    """The blog, if the caller may post to it. A draft or restricted blog the caller cannot
    post to is "not found", as for a reader; a public one is "forbidden", with the reason."""
    blog = LiveBlogPage.objects.filter(id=story_id).first()
    if blog is None:
        raise Http404("No live blog has that id.")
    if not services.access_live_blog_for_posting(user=user, blog=blog):
        if not LiveBlogPage.objects.live().public().filter(id=story_id).exists():
            raise Http404("No live blog has that id.")
        raise services.LiveDeskDenied("Your account may not post to this live blog.")
    return blog


def _update_for_writing(user, story_id: int, update_id: int) -> LiveUpdate:
    _blog_for_writing(user, story_id)
    update = (
        LiveUpdate.objects.select_related("page")
        .filter(page_id=story_id, id=update_id, deleted_at__isnull=True)
        .first()
    )
    if update is None:
        raise Http404("This live blog has no such update.")
    return update


def _image_for(user, image_id: int | None) -> NewsImage | None:
    if image_id is None:
        return None
    image = NewsImage.objects.filter(id=image_id).first()
    policy = policy_registry.get_by_type(get_image_model())
    if image is None or not policy.user_has_permission_for_instance(user, "choose", image):
        raise ValidationError({"image_id": "No picture you may use has that id."})
    return image


def _check_storable(payload: LiveUpdatePatch) -> None:
    # What a JSON body can carry and a form cannot (a lone surrogate): refused, not a 500.
    for name in payload.model_fields_set:
        value = getattr(payload, name)
        if isinstance(value, str) and (problem := text.problem(value)):
            raise ValidationError({name: f"The {name.replace('_', ' ')} {problem}."})


def _fields(
    user, payload: LiveUpdatePatch, current: LiveUpdate | None
) -> services.LiveUpdateFields:
    given = payload.model_fields_set

    def pick(name: str) -> str:
        value = getattr(payload, name)
        if name in given and value is not None:
            return value
        return getattr(current, name) if current is not None else ""

    if "image_id" in given:
        image = _image_for(user, payload.image_id)
    else:
        image = current.image if current is not None else None
    return services.LiveUpdateFields(
        headline=pick("headline"),
        body=pick("body"),
        image=image,
        image_caption=pick("image_caption"),
        embed_url=pick("embed_url"),
        quote=pick("quote"),
        quote_attribution=pick("quote_attribution"),
    )


_TEXT_FIELDS = {
    "headline",
    "body",
    "image_id",
    "image_caption",
    "embed_url",
    "quote",
    "quote_attribution",
}


def _row(update: LiveUpdate, site: NetworkSite | None) -> dict:
    page_url = _page_url(update.page.url_path, site) if site is not None else None
    return {
        "id": update.id,
        "story_id": update.page_id,
        "url": f"{page_url}#{update.anchor}" if page_url else None,
        "posted_at": update.posted_at,
        "edited_at": update.edited_at,
        "author_name": update.author_name,
        "headline": update.headline,
        "html": "" if update.deleted_at else expand_db_html(str(update.body)),
        "image": None
        if update.deleted_at or site is None
        else _image(update.image, BODY_SPEC, site=site, alt=update.image_caption),
        "image_caption": update.image_caption,
        "embed_url": update.embed_url,
        "quote": update.quote,
        "quote_attribution": update.quote_attribution,
        "pinned": update.pinned,
        "key_event": update.key_event,
        "deleted": update.deleted_at is not None,
    }


def _site_of(blog: LiveBlogPage) -> NetworkSite | None:
    return site_holding(blog.path, _sites_by_path())


# --- endpoints -----------------------------------------------------------------------------


@router.get(
    "/stories/{story_id}/updates",
    response={200: LiveUpdateList, **COMMON_ERRORS, **NOT_FOUND},
    summary="A live blog's updates, newest first (or oldest first)",
)
def live_updates(request: HttpRequest, filters: Query[StreamFilters], story_id: int = StoryId):
    blog = _public_blog(story_id)
    stream = live_selectors.live_update_stream(
        blog_id=blog.id,
        order=live_selectors.ORDER_OLDEST if filters.order == "oldest" else "",
        cursor=filters.before or "",
    )
    live_selectors.with_pictures(stream.updates)
    site = _site_of(blog) or _request_site(request)
    for update in stream.updates:
        update.page = blog
    return {"items": [_row(u, site) for u in stream.updates], "next": stream.next_cursor}


_CHAIN = {
    "links": {
        "EditUpdate": {
            "operationId": "masthead_newsroom_live_api_live_update_edit",
            "parameters": {
                "story_id": "$request.path.story_id",
                "update_id": "$response.body#/id",
            },
        },
        "DeleteUpdate": {
            "operationId": "masthead_newsroom_live_api_live_update_delete",
            "parameters": {
                "story_id": "$request.path.story_id",
                "update_id": "$response.body#/id",
            },
        },
    }
}


@router.post(
    "/stories/{story_id}/updates",
    auth=live_write,
    response={201: LiveUpdateOut, **WRITE_ERRORS},
    summary="Post an update to a live blog (token with the live:write scope)",
    openapi_extra={"responses": {201: _CHAIN}},
)
def live_update_create(request: HttpRequest, payload: LiveUpdateIn, story_id: int = StoryId):
    user = request.user  # the token's owner (ScopedTokenAuth set it)
    blog = _blog_for_writing(user, story_id)
    _check_storable(payload)
    update = services.live_update_post(
        blog=blog,
        user=user,
        fields=_fields(user, payload, None),
        pinned=bool(payload.pinned),
        key_event=bool(payload.key_event),
    )
    return Status(201, _row(update, _site_of(blog)))


@router.patch(
    "/stories/{story_id}/updates/{update_id}",
    auth=live_write,
    response={200: LiveUpdateOut, **WRITE_ERRORS},
    summary="Edit, pin or mark an update (yours; an editor's token: anyone's)",
)
def live_update_edit(
    request: HttpRequest,
    payload: LiveUpdatePatch,
    story_id: int = StoryId,
    update_id: int = UpdateId,
):
    user = request.user  # the token's owner (ScopedTokenAuth set it)
    update = _update_for_writing(user, story_id, update_id)
    _check_storable(payload)
    given = payload.model_fields_set
    with transaction.atomic():  # an edit and a mark in one request: both or neither
        update = _edit_and_mark(user, update, payload, given)
    return _row(update, _site_of(update.page))


def _edit_and_mark(user, update: LiveUpdate, payload: LiveUpdatePatch, given: set[str]):
    if given & _TEXT_FIELDS:
        update = services.live_update_edit(
            update=update, user=user, fields=_fields(user, payload, update)
        )
    if given & {"pinned", "key_event"}:
        update = services.live_update_mark(
            update=update, user=user, pinned=payload.pinned, key_event=payload.key_event
        )
    elif not given & _TEXT_FIELDS and not services.access_live_update_for_changing(
        user=user, update=update
    ):
        # Nothing to change is still a question of access: answer it as a change would.
        raise services.LiveDeskDenied("Not your update.")
    return update


@router.delete(
    "/stories/{story_id}/updates/{update_id}",
    auth=live_write,
    response={200: LiveUpdateOut, **WRITE_ERRORS},
    summary="Delete an update (yours; an editor's token: anyone's)",
)
def live_update_delete(request: HttpRequest, story_id: int = StoryId, update_id: int = UpdateId):
    user = request.user  # the token's owner (ScopedTokenAuth set it)
    update = _update_for_writing(user, story_id, update_id)
    update = services.live_update_delete(update=update, user=user)
    return _row(update, _site_of(update.page))
