"""Reads on comments: the thread (by key, with its replies in one query), counts, the queue.

The thread fragment is cached under a per-story *version* kept in the shared cache; every
change that alters what readers see bumps it (``thread_changed``), so the next request renders
afresh and no reader waits for a time-out to see an approved comment.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from masthead.comments import conf
from masthead.comments.models import Comment, CommentCount, Status
from masthead.core import cursors
from masthead.core.replicas import fence
from masthead.newsroom.models import restricted_at_or_above

SORTS = ("newest", "oldest", "picks")


# --- Thread versions -------------------------------------------------------------------------
def _version_key(page_id: int) -> str:
    return f"comments:version:{page_id}"


def thread_version(page_id: int) -> int:
    version = cache.get(_version_key(page_id))
    if version is None:
        # A fresh cache starts from the clock, so no older stored thread can match.
        version = int(time.time() * 1000)
        cache.add(_version_key(page_id), version, timeout=None)
        version = cache.get(_version_key(page_id), version)
    return version


def thread_changed(page_id: int) -> None:
    # A replica renders this thread again only once it has the change (core/replicas.py).
    fence()
    try:
        cache.incr(_version_key(page_id))
    except ValueError:
        cache.set(_version_key(page_id), int(time.time() * 1000), timeout=None)


# --- Keys ------------------------------------------------------------------------------------
def encode_key(comment: Comment) -> str:
    return cursors.encode(comment.created_at, comment.pk)


def decode_key(key: str) -> tuple[datetime, int] | None:
    cursor = cursors.decode_or_none(key)
    return None if cursor is None else (cursor.at, cursor.id)


# --- The thread ------------------------------------------------------------------------------
@dataclass
class ThreadPage:
    comments: list[Comment]
    next_key: str | None
    sort: str
    replies: dict[int, list[Comment]] = field(default_factory=dict)


def _shown_roots(page_id: int) -> QuerySet[Comment]:
    # A deleted top-level comment stays as a placeholder while it has replies.
    return Comment.objects.filter(page_id=page_id, depth=0).filter(
        Q(status=Status.PUBLISHED) | Q(status=Status.DELETED, reply_count__gt=0)
    )


def thread_page(*, page_id: int, sort: str = "newest", after: str = "") -> ThreadPage:
    """One page of top-level comments (or editors' picks) and the first replies of each:
    two queries whatever the size of the thread."""
    sort = sort if sort in SORTS else "newest"
    size = conf.page_size()
    key = decode_key(after) if after else None
    if sort == "picks":
        qs = Comment.objects.filter(page_id=page_id, featured=True, status=Status.PUBLISHED)
    else:
        qs = _shown_roots(page_id)
    if sort == "oldest":
        if key:
            qs = qs.filter(Q(created_at__gt=key[0]) | Q(created_at=key[0], id__gt=key[1]))
        qs = qs.order_by("created_at", "id")
    else:
        if key:
            qs = qs.filter(Q(created_at__lt=key[0]) | Q(created_at=key[0], id__lt=key[1]))
        qs = qs.order_by("-created_at", "-id")
    rows = list(qs.select_related("author")[: size + 1])
    next_key = encode_key(rows[size - 1]) if len(rows) > size else None
    rows = rows[:size]
    result = ThreadPage(comments=rows, next_key=next_key, sort=sort)
    if sort != "picks":
        root_ids = [c.pk for c in rows if c.reply_count]
        if root_ids:
            result.replies = replies_for(root_ids=root_ids)
    return result


def replies_for(*, root_ids: list[int]) -> dict[int, list[Comment]]:
    """The first replies (tree order) of each root, in one query: a window function numbers
    each root's replies, so a root with 5,000 replies still sends only the first few."""
    shown = conf.replies_shown()
    rows = (
        Comment.objects.filter(root_id__in=root_ids, status=Status.PUBLISHED)
        .annotate(
            position=Window(RowNumber(), partition_by=[F("root_id")], order_by=F("path").asc())
        )
        .filter(position__lte=shown)
        .select_related("author", "parent__author")
        .order_by("root_id", "path")
    )
    grouped: dict[int, list[Comment]] = {}
    for reply in rows:
        grouped.setdefault(reply.root_id, []).append(reply)
    return grouped


def replies_after(*, root: Comment, after_path: str = "") -> tuple[list[Comment], str | None]:
    """More replies of one thread, by path key (tree order)."""
    size = conf.page_size()
    qs = Comment.objects.filter(root_id=root.pk, status=Status.PUBLISHED)
    if after_path:
        qs = qs.filter(path__gt=after_path)
    rows = list(qs.select_related("author", "parent__author").order_by("path")[: size + 1])
    next_key = rows[size - 1].path if len(rows) > size else None
    return rows[:size], next_key


# --- Counts, the reader's own, the profile ---------------------------------------------------
def counts_for(*, page_ids: list[int]) -> dict[int, int]:
    """Published comments per story, one query for any number of teasers."""
    return dict(CommentCount.objects.filter(page_id__in=page_ids).values_list("page_id", "count"))


def comments_of_author_on_page(*, author_id: int, page_id: int, limit: int = 20) -> list[Comment]:
    """The reader's own recent comments on a story (pending, rejected and published), newest
    first: shown to them at once, whatever the shared thread's cache holds."""
    return list(
        Comment.objects.filter(author_id=author_id, page_id=page_id)
        .exclude(status=Status.DELETED)
        .order_by("-created_at", "-id")[:limit]
    )


def comments_visible_for_author(*, author, limit: int = 5) -> list[Comment]:
    """For the public profile: never under a story readers cannot open (the story's title
    would name it), even if the restriction came after the comment."""
    return list(
        Comment.objects.published()
        .filter(author=author, page__live=True)
        .exclude(restricted_at_or_above("page__path"))
        .select_related("page")
        .order_by("-created_at", "-id")[:limit]
    )


# --- Moderation queue ------------------------------------------------------------------------
QUEUES = ("pending", "reported", "recent")


def queue_list(
    *,
    queue: str,
    site_id: int | None = None,
    section_id: int | None = None,
    page_id: int | None = None,
    author: str = "",
    before: str = "",
    limit: int = 50,
) -> tuple[list[Comment], str | None]:
    if queue == "pending":
        qs = Comment.objects.filter(status=Status.PENDING)
    elif queue == "reported":
        qs = Comment.objects.filter(Q(reports_open__gt=0) | Q(status=Status.HIDDEN))
    else:
        qs = Comment.objects.exclude(status=Status.DELETED)
    if site_id:
        qs = qs.filter(site_id=site_id)
    if section_id:
        qs = qs.filter(section_id=section_id)
    if page_id:
        qs = qs.filter(page_id=page_id)
    if author:
        qs = qs.filter(author__username__iexact=author)
    key = decode_key(before) if before else None
    if key:
        qs = qs.filter(Q(created_at__lt=key[0]) | Q(created_at=key[0], id__lt=key[1]))
    rows = list(
        qs.select_related("author", "page", "site", "section", "parent").order_by(
            "-created_at", "-id"
        )[: limit + 1]
    )
    next_key = encode_key(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], next_key
