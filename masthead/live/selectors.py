"""Reads for the live front page: stories newer than what a page shows, and showing banners.

Both answers are the same for every reader of a site, so they are computed once per site,
page-cache generation (or banner version) and quantised ``since``, and kept in the shared
cache: any number of processes and any cache backend share the work.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from masthead.core import cursors
from masthead.core.pagecache import current_generation
from masthead.core.sites import NetworkSite, network_sites, site_owning
from masthead.live.models import BreakingNewsBanner
from masthead.newsroom.models import StoryPage

NEW_STORIES_SHOWN = 5
# Counting stops here: "99+" new stories tells the reader as much as an exact count would.
NEW_STORIES_COUNTED = 99
BANNER_VERSION_KEY = "live:banners:version"
# The longest a computed banner list is trusted; expiry and start times shorten it.
BANNER_CACHE_SECONDS = 60


class SinceError(ValueError):
    """``since`` is neither a story cursor nor an ISO 8601 time."""


@dataclass(frozen=True)
class Since:
    """A point in the site's timeline: strictly newer stories count as new.

    ``story_id`` is set for a cursor (exact), unset for a time (quantised to the second).
    """

    at: datetime
    story_id: int | None = None

    def key(self) -> str:
        micros = cursors.micros_from(self.at)
        return f"{micros}.{self.story_id}" if self.story_id is not None else f"{micros}"


def since_parse(value: str) -> Since | None:
    """``""`` → None (no point yet); a cursor ``<micros>.<id>``; or an ISO time, floored to the
    whole second so that clients sending slightly different times share one cached answer
    (flooring can recount a story of that same second, never miss one)."""
    value = value.strip()
    if not value:
        return None
    if "." in value and value.replace(".", "", 1).isdigit():
        try:
            cursor = cursors.decode(value)
        except cursors.CursorError as error:
            raise SinceError("since: not a valid cursor") from error
        return Since(at=cursor.at, story_id=cursor.id)
    try:
        parsed = parse_datetime(value.replace(" ", "+"))
    except ValueError:
        parsed = None
    if parsed is None:
        raise SinceError(
            "since: give a cursor from a previous answer or an ISO 8601 time, "
            "e.g. 2026-11-25T16:00:00Z"
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    try:
        floored = datetime.fromtimestamp(math.floor(parsed.timestamp()), tz=UTC)
    except (OverflowError, OSError, ValueError) as error:
        raise SinceError("since: that time is out of range") from error
    return Since(at=floored)


def _story_row(site: NetworkSite, row: dict) -> dict:
    return {
        "id": row["id"],
        "title": row["title"],
        "url": site.path_of(row["url_path"]),
        "published_at": row["first_published_at"].astimezone(UTC).isoformat(),
    }


def new_stories_compute(*, site: NetworkSite, since: Since | None) -> dict:
    """Live stories of the site newer than ``since``: how many, the newest few, and the cursor
    of the newest story (the next ``since``). Three small indexed queries at most."""
    stories = StoryPage.objects.live().listable().filter(path__startswith=site.root_path)
    if since is not None:
        newer = Q(first_published_at__gt=since.at)
        if since.story_id is not None:
            newer |= Q(first_published_at=since.at, id__gt=since.story_id)
        stories = stories.filter(newer)
    ordered = stories.order_by("-first_published_at", "-id")
    rows = list(ordered.values("id", "title", "url_path", "first_published_at")[:NEW_STORIES_SHOWN])
    if since is None:
        count = 0
    elif len(rows) < NEW_STORIES_SHOWN:
        count = len(rows)
    else:
        count = len(ordered.values_list("id", flat=True)[:NEW_STORIES_COUNTED])
    newest = None
    if rows:
        newest = cursors.encode(rows[0]["first_published_at"], rows[0]["id"])
    elif since is not None and since.story_id is not None:
        newest = cursors.encode(since.at, since.story_id)
    return {
        "count": count,
        "more": count >= NEW_STORIES_COUNTED,
        "stories": [_story_row(site, row) for row in rows] if since is not None else [],
        "newest": newest,
    }


def new_stories(*, site: NetworkSite, since: Since | None) -> dict:
    """``new_stories_compute`` through the shared cache; a publish moves the generation on."""
    key = f"live:new:{current_generation()}:{site.id}:{since.key() if since else '-'}"
    answer = cache.get(key)
    if answer is None:
        answer = new_stories_compute(site=site, since=since)
        cache.set(key, answer, timeout=settings.PAGE_CACHE_SECONDS)
    return answer


def banner_version() -> int:
    version = cache.get(BANNER_VERSION_KEY)
    if version is None:
        version = int(timezone.now().timestamp() * 1000)
        cache.add(BANNER_VERSION_KEY, version, timeout=None)
        version = cache.get(BANNER_VERSION_KEY, version)
    return version


def banners_forget() -> None:
    """Every cached banner list goes stale (called when an editor changes a banner)."""
    try:
        cache.incr(BANNER_VERSION_KEY)
    except ValueError:
        cache.set(BANNER_VERSION_KEY, int(timezone.now().timestamp() * 1000), timeout=None)


def _banner_row(banner: BreakingNewsBanner, sites: dict[int, NetworkSite]) -> dict:
    url = banner.link_url
    page = banner.link_page
    if page is not None and page.live:
        site = site_owning(page.url_path, list(sites.values()))
        if site is not None:
            url = site.url_of(page.url_path)
    return {
        "id": banner.id,
        "text": banner.text,
        "url": url or None,
        "scope": "network" if banner.site_id is None else "site",
        "expires_at": banner.expires_at.astimezone(UTC).isoformat(),
    }


def banners_compute(*, site_id: int | None, at: datetime | None = None) -> tuple[list[dict], int]:
    """Banners showing on a site now, newest first, and how many seconds that answer holds:
    until the next banner starts or the first one expires, at most a minute."""
    now = at or timezone.now()
    relevant = BreakingNewsBanner.objects.for_site(site_id).filter(expires_at__gt=now)
    showing = [
        b
        for b in relevant.select_related("link_page").order_by("-starts_at", "-id")[:20]
        if b.starts_at <= now
    ]
    next_start = (
        relevant.filter(starts_at__gt=now).order_by("starts_at").values_list("starts_at", flat=True)
    ).first()
    moments = [b.expires_at for b in showing] + ([next_start] if next_start else [])
    holds = BANNER_CACHE_SECONDS
    if moments:
        holds = max(1, min(holds, math.ceil((min(moments) - now).total_seconds())))
    sites = {s.id: s for s in network_sites()}
    return [_banner_row(b, sites) for b in showing], holds


def banners_for_site(*, site_id: int | None) -> tuple[list[dict], int]:
    """Showing banners through the shared cache; returns (banners, seconds the answer holds)."""
    key = f"live:banners:{banner_version()}:{site_id}"
    stored = cache.get(key)
    now = timezone.now().timestamp()
    if stored is not None:
        banners, until = stored
        if until > now:
            return banners, max(1, math.ceil(until - now))
    banners, holds = banners_compute(site_id=site_id)
    cache.set(key, (banners, now + holds), timeout=holds)
    return banners, holds
