"""Comments in the public API: read a story's thread (published comments only), by key."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from masthead.comments import selectors
from masthead.comments.models import Comment, Status
from masthead.core.api.errors import COMMON_ERRORS, NOT_FOUND
from masthead.core.sites import NetworkSite, site_for_request, site_holding
from masthead.newsroom.models import StoryPage

router = Router(tags=["comments"])
MAX_ID = 2**53 - 1


class CommentOut(Schema):
    id: int
    parent_id: int | None
    root_id: int | None
    depth: int
    author: str | None
    author_url: str | None = Field(
        description="Absolute URL of the author's profile on the story's site."
    )
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    editors_pick: bool
    reply_count: int


class CommentList(Schema):
    items: list[CommentOut]
    next: str | None = None


class CommentFilters(Schema):
    sort: Literal["newest", "oldest", "picks"] = "newest"
    after: str | None = None


def _out(comment: Comment, site: NetworkSite) -> dict:
    shown = comment.status == Status.PUBLISHED
    author = comment.author.username if comment.author and shown else None
    return {
        "id": comment.pk,
        "parent_id": comment.parent_id,
        "root_id": comment.root_id,
        "depth": comment.depth,
        "author": author,
        "author_url": site.absolute(f"/u/{author}/") if author else None,
        "body": comment.body if shown else "",
        "body_html": comment.body_html if shown else "",
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "editors_pick": comment.featured,
        "reply_count": comment.reply_count,
    }


@router.get(
    "/stories/{story_id}/comments",
    response={200: CommentList, **COMMON_ERRORS, **NOT_FOUND},
    summary="A story's comments: top-level comments by key, each followed by its first replies",
)
def story_comments(
    request: HttpRequest,
    filters: Query[CommentFilters],
    story_id: int = Path(..., ge=1, le=MAX_ID),
):
    story = StoryPage.objects.live().public().filter(pk=story_id).only("path").first()
    if story is None:
        raise Http404("No such story")
    site = site_holding(story.path)
    site = site or site_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host.")
    if filters.after and selectors.decode_key(filters.after) is None:
        raise HttpError(400, "That page key is not valid; use the `next` of a previous answer.")
    thread = selectors.thread_page(page_id=story_id, sort=filters.sort, after=filters.after or "")
    items = []
    for comment in thread.comments:
        items.append(_out(comment, site))
        items.extend(_out(reply, site) for reply in thread.replies.get(comment.pk, []))
    return {"items": items, "next": thread.next_key}
