"""Writes of live blogs: post, edit, pin, mark and delete updates, without publishing the page.

Every change takes the blog's next ``version`` (one UPDATE that locks the blog's row until
commit, so versions commit in order and a reader's poll "after version N" never skips one)
and, after commit, purges the blog's surrogate key: its page, its poll answers, its feed and
every teaser of it (``invalidation.live_blog_keys``). The live desk, the API and the demo all
call these functions; access is checked here with the page's own Wagtail permissions:
edit = post and change one's own updates, publish = change anyone's.
"""

from __future__ import annotations

from dataclasses import dataclass

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.html import strip_tags

from masthead.core.purging import purge_after_commit
from masthead.newsroom import invalidation
from masthead.newsroom.models import LiveBlogPage, LiveUpdate, NewsImage

# The article paragraph's features (blocks.PARAGRAPH_FEATURES) in Wagtail's stored form.
_BODY_TAGS = {"p", "br", "b", "i", "a", "ol", "ul", "li"}
_BODY_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
_LINK_SCHEMES = {"http", "https", "mailto"}


class LiveUpdateError(ValidationError):
    """An update that cannot be saved as given."""


class LiveDeskDenied(PermissionDenied):
    """The account may not do this on this live blog."""


@dataclass(frozen=True)
class LiveUpdateFields:
    """What a reporter writes; every field optional but not all empty."""

    headline: str = ""
    body: str = ""
    image: NewsImage | None = None
    image_caption: str = ""
    embed_url: str = ""
    quote: str = ""
    quote_attribution: str = ""


def clean_body(markup: str) -> str:
    """Rich text as the article body allows it; anything else (scripts, styles, event
    handlers, other tags) is dropped, the text kept."""
    cleaned = nh3.clean(
        markup or "",
        tags=_BODY_TAGS,
        attributes=_BODY_ATTRIBUTES,
        url_schemes=_LINK_SCHEMES,
        link_rel=None,
    ).strip()
    if cleaned and not cleaned.startswith(("<p", "<ol", "<ul")):
        cleaned = f"<p>{cleaned}</p>"
    return cleaned


def _display_name(user) -> str:
    name = getattr(user, "display_name", "") or user.get_full_name()
    return name or user.get_username()


# --- access -----------------------------------------------------------------------------------


def access_live_blog_for_posting(*, user, blog: LiveBlogPage) -> bool:
    """Whoever may edit the page may post to it (Wagtail's per-page, per-site permissions)."""
    return bool(user.is_authenticated and blog.permissions_for_user(user).can_edit())


def access_live_update_for_changing(*, user, update: LiveUpdate) -> bool:
    """A reporter changes their own updates; an editor (publish permission) anyone's."""
    if not user.is_authenticated:
        return False
    permissions = update.page.permissions_for_user(user)
    if permissions.can_publish():
        return True
    return update.author_id == user.pk and permissions.can_edit()


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise LiveDeskDenied(message)


# --- writes ----------------------------------------------------------------------------------


def _next_version(blog_id: int, **also) -> int:
    """Take the blog's next version number (the UPDATE locks its row until commit)."""
    LiveBlogPage.objects.filter(pk=blog_id).update(version=F("version") + 1, **also)
    return LiveBlogPage.objects.filter(pk=blog_id).values_list("version", flat=True).get()


def _changed(update: LiveUpdate, fields: list[str], *, also: dict | None = None) -> LiveUpdate:
    update.version = _next_version(update.page_id, **(also or {}))
    update.full_clean()
    update.save(update_fields=[*fields, "version"])
    purge_after_commit(
        invalidation.live_blog_keys(update.page_id), reason=f"live blog {update.page_id} update"
    )
    return update


def _apply(update: LiveUpdate, fields: LiveUpdateFields) -> list[str]:
    body = clean_body(fields.body)
    if not strip_tags(body).strip():
        body = ""  # an emptied editor leaves an empty paragraph
    if not (body or fields.headline.strip() or fields.image or fields.embed_url or fields.quote):
        raise LiveUpdateError("Write something, or add a picture, an embed or a quote.")
    update.headline = fields.headline.strip()
    update.body = body
    update.image = fields.image
    update.image_caption = fields.image_caption.strip()
    update.embed_url = fields.embed_url.strip()
    update.quote = fields.quote.strip()
    update.quote_attribution = fields.quote_attribution.strip()
    return [
        "headline",
        "body",
        "image",
        "image_caption",
        "embed_url",
        "quote",
        "quote_attribution",
    ]


@transaction.atomic
def live_update_post(
    *,
    blog: LiveBlogPage,
    user,
    fields: LiveUpdateFields,
    pinned: bool = False,
    key_event: bool = False,
    posted_at=None,
) -> LiveUpdate:
    _require(access_live_blog_for_posting(user=user, blog=blog), "You may not post here.")
    update = LiveUpdate(
        page=blog,
        author=user,
        author_name=_display_name(user),
        posted_at=posted_at or timezone.now(),
        key_event=key_event,
    )
    _apply(update, fields)
    if pinned:
        _unpin_others(blog.id)
        update.pinned = True
    # Only forward: an update back-dated (the demo, an import) is not the newest.
    newest = Greatest(
        Coalesce(F("last_update_at"), Value(update.posted_at)), Value(update.posted_at)
    )
    update.version = _next_version(blog.id, last_update_at=newest)
    update.full_clean()
    update.save()
    purge_after_commit(invalidation.live_blog_keys(blog.id), reason=f"live blog {blog.id} post")
    return update


def _unpin_others(blog_id: int) -> None:
    # The unpinned update changes for readers too: it takes a version of its own.
    for other in LiveUpdate.objects.filter(page_id=blog_id, pinned=True, deleted_at__isnull=True):
        other.pinned = False
        other.version = _next_version(blog_id)
        other.save(update_fields=["pinned", "version"])


def _lock(update: LiveUpdate) -> LiveUpdate:
    return LiveUpdate.objects.select_for_update().select_related("page").get(pk=update.pk)


@transaction.atomic
def live_update_edit(*, update: LiveUpdate, user, fields: LiveUpdateFields) -> LiveUpdate:
    _require(access_live_update_for_changing(user=user, update=update), "Not your update.")
    update = _lock(update)
    if update.deleted_at is not None:
        raise LiveUpdateError("This update was deleted.")
    changed = _apply(update, fields)
    update.edited_at = timezone.now()
    return _changed(update, [*changed, "edited_at"])


@transaction.atomic
def live_update_mark(
    *, update: LiveUpdate, user, pinned: bool | None = None, key_event: bool | None = None
) -> LiveUpdate:
    """Pin or unpin, mark or unmark as a key event (no "edited" line: the text is the same)."""
    _require(access_live_update_for_changing(user=user, update=update), "Not your update.")
    update = _lock(update)
    if update.deleted_at is not None:
        raise LiveUpdateError("This update was deleted.")
    fields = []
    if pinned is not None and pinned != update.pinned:
        if pinned:
            _unpin_others(update.page_id)
        update.pinned = pinned
        fields.append("pinned")
    if key_event is not None and key_event != update.key_event:
        update.key_event = key_event
        fields.append("key_event")
    if not fields:
        return update
    return _changed(update, fields)


@transaction.atomic
def live_update_delete(*, update: LiveUpdate, user) -> LiveUpdate:
    """Soft delete: open pages learn of it at their next poll and take the update away."""
    _require(access_live_update_for_changing(user=user, update=update), "Not your update.")
    update = _lock(update)
    if update.deleted_at is not None:
        return update
    update.deleted_at = timezone.now()
    update.pinned = False
    newest = (
        LiveUpdate.objects.filter(page_id=update.page_id, deleted_at__isnull=True)
        .exclude(pk=update.pk)
        .aggregate(newest=Max("posted_at"))["newest"]
    )
    return _changed(update, ["deleted_at", "pinned"], also={"last_update_at": newest})
