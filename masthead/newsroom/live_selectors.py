"""Reads of live blogs: the reader's page, the changes a poll asks for, teasers' live state.

A page's queries are fixed however many updates the blog holds: the stream pages by key
(posted time, id) on the ``newsroom_liveupdate_stream`` index, a poll reads one range of the
``newsroom_liveupdate_changes`` index."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from masthead.core import cursors, prepared, surrogate
from masthead.core.localcopies import LocalCache
from masthead.newsroom.models import LiveBlogPage, LiveUpdate, NewsImage, NewsRendition
from masthead.newsroom.reading.stories import stored_embeds
from masthead.newsroom.reading.teasers import BODY_SPEC

STREAM_PAGE_SIZE = 20
KEY_EVENTS_LIMIT = 30
# A poll from a reader far behind gets at most this many changes and reloads the rest by
# following the stream (the script shows "new updates" and a reload link).
CHANGES_LIMIT = 100
ORDER_OLDEST = "oldest"


@dataclass
class LiveStream:
    updates: list[LiveUpdate]
    next_cursor: str | None
    order: str


def with_pictures(updates: list[LiveUpdate]) -> None:
    """Every update's picture and its rendition in one query, and their surrogate keys."""
    images: list[NewsImage] = [u.image for u in updates if u.image is not None]
    if not images:
        return
    surrogate.add_all(surrogate.image(i.id) for i in images)
    renditions = list(
        NewsRendition.objects.filter(
            image_id__in=sorted({i.id for i in images}), filter_spec=BODY_SPEC
        )
    )
    by_image: dict[int, list[NewsRendition]] = {}
    for rendition in renditions:
        by_image.setdefault(rendition.image_id, []).append(rendition)
    for image in images:
        image.prefetched_renditions = by_image.get(image.id, [])


def _shown(blog_id: int) -> QuerySet[LiveUpdate]:
    return LiveUpdate.objects.filter(page_id=blog_id).shown().select_related("image")


def live_update_stream(*, blog_id: int, order: str = "", cursor: str = "") -> LiveStream:
    """One page of the stream, newest first (or oldest first), from ``cursor`` on."""
    oldest = order == ORDER_OLDEST
    queryset = _shown(blog_id)
    decoded = cursors.decode_or_none(cursor) if cursor else None
    if decoded is not None:
        when, ident = decoded.at, decoded.id
        if oldest:
            queryset = queryset.filter(Q(posted_at__gt=when) | Q(posted_at=when, id__gt=ident))
        else:
            queryset = queryset.filter(Q(posted_at__lt=when) | Q(posted_at=when, id__lt=ident))
    queryset = queryset.order_by(*(("posted_at", "id") if oldest else ("-posted_at", "-id")))
    updates = list(queryset[: STREAM_PAGE_SIZE + 1])
    next_cursor = None
    if len(updates) > STREAM_PAGE_SIZE:
        updates = updates[:STREAM_PAGE_SIZE]
        next_cursor = cursors.encode(updates[-1].posted_at, updates[-1].id)
    return LiveStream(updates, next_cursor, ORDER_OLDEST if oldest else "")


def _key_event_rows(blog_id: int) -> list[LiveUpdate]:
    return list(
        LiveUpdate.objects.filter(page_id=blog_id, key_event=True)
        .shown()
        .order_by("-posted_at", "-id")
        .only("id", "posted_at", "headline", "body")[:KEY_EVENTS_LIMIT]
    )


# The key events summary and the pinned post change only when the blog's version does: kept per
# process under (blog, version), and dropped by the blog's key like the page, so rendering the
# page or a poll answer reads neither while nothing changed (the article's query budget).
_furniture: LocalCache[tuple[list[LiveUpdate], LiveUpdate | None]] = LocalCache(
    "newsroom:live-furniture", max_entries=256
)


def _key_events_and_pinned(blog: LiveBlogPage) -> tuple[list[LiveUpdate], LiveUpdate | None]:
    return _furniture.get_or_set(
        (blog.id, blog.version),
        lambda: (_key_event_rows(blog.id), live_pinned(blog_id=blog.id)),
        keys=[surrogate.page(blog.id)],
    )


def _with_hrefs(rows: list[LiveUpdate], on_page: set[int] | None) -> list[LiveUpdate]:
    """Each event gets an ``href``: its anchor when the page shows it (``on_page``), else the
    page of the stream that starts with it. Copies: the rows are shared between requests."""
    # Any: ``href`` is the template's attribute, not a field of the model.
    events: list[Any] = [copy.copy(row) for row in rows]
    for event in events:
        if on_page is not None and event.id in on_page:
            event.href = f"#{event.anchor}"
        else:
            # "before" is exclusive: one id past the event starts the page with it.
            start = cursors.encode(event.posted_at, event.id + 1)
            event.href = f"?before={start}#{event.anchor}"
    return events


def live_key_events(*, blog_id: int, on_page: set[int] | None = None) -> list[LiveUpdate]:
    """The summary of key events, newest first: only what the summary shows."""
    return _with_hrefs(_key_event_rows(blog_id), on_page)


def live_pinned(*, blog_id: int) -> LiveUpdate | None:
    return _shown(blog_id).filter(pinned=True).first()


def live_blog_page(*, blog: LiveBlogPage, order: str = "", cursor: str = "") -> dict:
    """What a live blog page shows beyond the story's own parts."""
    stream = live_update_stream(blog_id=blog.id, order=order, cursor=cursor)
    key_events, pinned = _key_events_and_pinned(blog)
    if cursor:
        pinned = None
    shown = [*stream.updates, *([pinned] if pinned else [])]
    with_pictures(shown)
    return {
        "stream": stream,
        "pinned": pinned,
        "key_events": _with_hrefs(key_events, {u.id for u in shown} if not order else set()),
        "update_embeds": stored_embeds(urls=[u.embed_url for u in shown if u.embed_url]),
    }


@dataclass
class LiveChanges:
    version: int
    status: str
    updates: list[LiveUpdate]
    key_events: list[LiveUpdate]
    pinned: LiveUpdate | None
    embeds: dict[str, str]
    complete: bool


def live_changes(*, blog: LiveBlogPage, since: int) -> LiveChanges:
    """The updates posted, edited, pinned or deleted after version ``since``, oldest change
    first. Key events and the pinned post come along when anything changed (a handful of rows):
    the script replaces both."""
    if since >= blog.version:
        return LiveChanges(blog.version, blog.status, [], [], None, {}, True)
    changed = list(
        LiveUpdate.objects.filter(page_id=blog.id, version__gt=since)
        .select_related("image")
        .order_by("version")[: CHANGES_LIMIT + 1]
    )
    complete = len(changed) <= CHANGES_LIMIT
    changed = changed[:CHANGES_LIMIT]
    version = changed[-1].version if changed and not complete else blog.version
    key_events, pinned = _key_events_and_pinned(blog)
    shown = [u for u in changed if u.deleted_at is None] + ([pinned] if pinned else [])
    with_pictures(shown)
    return LiveChanges(
        version=version,
        status=blog.status,
        updates=changed,
        key_events=_with_hrefs(key_events, None),
        pinned=pinned,
        embeds=stored_embeds(urls=[u.embed_url for u in shown if u.embed_url]),
        complete=complete,
    )


@dataclass(frozen=True)
class LiveState:
    """What a teaser of a live blog adds: "Live" while it runs, and its latest update time."""

    is_live: bool
    last_update_at: datetime | None


def live_states(ids: list[int]) -> dict[int, LiveState]:
    """The live state of the live blogs among ``ids`` in one query (none asked: no query)."""
    if not ids:
        return {}
    rows = prepared.fetch(
        "newsroom:live-states",
        lambda wanted: LiveBlogPage.objects.filter(id__in=wanted).values_list(
            "id", "status", "last_update_at"
        ),
        sorted(ids),
    )
    return {pk: LiveState(status == LiveBlogPage.Status.LIVE, last) for pk, status, last in rows}
