"""Readers' live blog endpoints: the changes an open page polls for, and the updates' feed.

Both are the same for every reader and carry the blog's surrogate key, so a proxy answers
every poll but the first after each change (``live_services`` purges the key)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.views.decorators.http import require_GET
from wagtail.rich_text import expand_db_html

from masthead.core import surrogate
from masthead.core.pagecache import cacheable
from masthead.core.sites import NetworkSite, site_for_request
from masthead.newsroom import live_selectors
from masthead.newsroom.models import LiveBlogPage, LiveUpdate


def live_blog_for_request(request: HttpRequest, page_id: int) -> tuple[LiveBlogPage, NetworkSite]:
    """The live, unrestricted live blog ``page_id`` of the request's site, or 404. A blog
    behind a sign-in or password has no public poll or feed (its page is per reader)."""
    site = site_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host.")
    blog = (
        LiveBlogPage.objects.live()
        .filter(id=page_id, path__startswith=site.root_path)
        .listable()
        .filter(premium_teaser=False)
        .first()
    )
    if blog is None:
        raise Http404("No such live blog on this site.")
    return blog, site


def _render(template: str, context: dict, request: HttpRequest) -> str:
    return render_to_string(template, context, request=request).strip()


@require_GET
def live_changes(request: HttpRequest, page_id: int) -> HttpResponse:
    """``?since=<version>``: what changed after it. Every reader at the same version asks the
    same address, so one rendering serves them all until the next change."""
    blog, site = live_blog_for_request(request, page_id)
    try:
        since = max(0, int(request.GET.get("since", "0")))
    except ValueError:
        return JsonResponse(
            {"error": {"code": "invalid", "message": "since must be a version number"}},
            status=400,
        )
    changes = live_selectors.live_changes(blog=blog, since=since)
    base = {"current_site": site, "update_embeds": changes.embeds, "page": blog}
    payload: dict = {
        "version": changes.version,
        "status": changes.status,
        "complete": changes.complete,
        "last_update_at": blog.last_update_at.isoformat() if blog.last_update_at else None,
        "updates": [
            {
                "id": update.id,
                "deleted": update.deleted_at is not None,
                "posted_at": update.posted_at.isoformat(),
                "html": ""
                if update.deleted_at is not None
                else _render("newsroom/live/update.html", {**base, "update": update}, request),
            }
            for update in changes.updates
        ],
    }
    if changes.updates:
        payload["key_events_html"] = _render(
            "newsroom/live/key_events.html", {**base, "key_events": changes.key_events}, request
        )
        payload["key_events"] = len(changes.key_events)
        payload["pinned_html"] = (
            _render("newsroom/live/pinned.html", {**base, "update": changes.pinned}, request)
            if changes.pinned
            else ""
        )
    response = JsonResponse(payload)
    return cacheable(response, keys=(surrogate.page(blog.id),), exact=True)


FEED_ITEMS = 50


@dataclass(frozen=True)
class FeedItem:
    update: LiveUpdate
    url: str


class LiveUpdatesFeed(Feed):
    """The newest updates of one live blog as Atom, for feed readers and partners."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        blog, site = live_blog_for_request(request, kwargs["page_id"])
        # Carried on the objects, not the feed: one feed instance serves every request.
        blog.public_url = f"{site.root_url}/{blog.url_path[len(site.root_url_path) :]}"
        feedgen = self.get_feed(blog, request)
        response = HttpResponse(feedgen.writeString("utf-8"), content_type=Atom1Feed.content_type)
        return cacheable(response, keys=(surrogate.page(blog.id),), exact=True)

    def title(self, obj: LiveBlogPage) -> str:
        return obj.title

    def subtitle(self, obj: LiveBlogPage) -> str:
        return obj.standfirst

    def link(self, obj: LiveBlogPage) -> str:
        return obj.public_url

    def items(self, obj: LiveBlogPage) -> list[FeedItem]:
        updates = (
            LiveUpdate.objects.filter(page_id=obj.id)
            .shown()
            .order_by("-posted_at", "-id")[:FEED_ITEMS]
        )
        return [FeedItem(u, f"{obj.public_url}#{u.anchor}") for u in updates]

    def item_title(self, entry: FeedItem) -> str:
        item = entry.update
        if item.headline:
            return item.headline
        words = strip_tags(str(item.body)).split()
        return " ".join(words[:14]) + ("…" if len(words) > 14 else "") or "Update"

    def item_description(self, item: FeedItem) -> str:
        return expand_db_html(str(item.update.body))

    def item_link(self, item: FeedItem) -> str:
        return item.url

    def item_guid(self, item: FeedItem) -> str:
        return item.url

    def item_author_name(self, item: FeedItem) -> str:
        return item.update.author_name

    def item_pubdate(self, item: FeedItem):
        return item.update.posted_at

    def item_updateddate(self, item: FeedItem):
        return item.update.edited_at or item.update.posted_at


live_updates_feed = require_GET(LiveUpdatesFeed())
