"""Reads for feeds and sitemaps: what a site, section or tag publishes, in a fixed number of
queries however many stories there are, and sitemap chunks keyed by publication date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html import unescape

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Prefetch, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from taggit.models import Tag
from wagtail.models import Page

from masthead.core import surrogate
from masthead.core.sites import NetworkSite
from masthead.newsroom.models import (
    ArticlePage,
    Author,
    GalleryPage,
    GalleryPhoto,
    HomePage,
    NewsRendition,
    SectionPage,
    StandardPage,
    StoryPage,
    StoryTag,
    VideoPage,
)
from masthead.newsroom.reading.teasers import LEAD_SPEC, stories_under

FEED_SIZE = 50
# Google accepts 50,000 URLs per sitemap; smaller files are quicker to build and to fetch.
SITEMAP_CHUNK = 10_000
NEWS_SITEMAP_DAYS = 2
# Google News reads at most 1,000 URLs from one news sitemap.
NEWS_SITEMAP_LIMIT = 1_000


def public_stories(*, root_path: str) -> QuerySet[StoryPage]:
    """Live stories under ``root_path`` that anyone may read: drafts, scheduled and unpublished
    stories are not live, and stories in a password- or login-protected section are not public."""
    return stories_under(root_path).live().public()


def feed_stories(stories: QuerySet[StoryPage], *, limit: int = FEED_SIZE) -> list[StoryPage]:
    """The newest ``limit`` stories with everything a feed item shows, in four queries
    (stories with agency and picture, renditions, authors, tags). Authors and tags are read
    as plain rows into ``feed_authors``/``feed_tags``: the tag and parental many-to-many
    managers' prefetching builds several querysets per story, which cost more than the SQL."""
    items = list(
        stories.select_related("agency", "lead_image")
        .prefetch_related(
            Prefetch(
                "lead_image__renditions",
                queryset=NewsRendition.objects.filter(filter_spec=LEAD_SPEC),
                to_attr="prefetched_renditions",
            )
        )
        .order_by("-first_published_at", "-id")[:limit]
    )
    ids = [story.id for story in items]
    authors: dict[int, list[Author]] = {}
    for link in (
        StoryPage.authors.through.objects.filter(storypage_id__in=ids)
        .select_related("author")
        .order_by("author__name", "author_id")
    ):
        authors.setdefault(link.storypage_id, []).append(link.author)
    tags: dict[int, list[str]] = {}
    for story_id, name in (
        StoryTag.objects.filter(content_object_id__in=ids)
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    ):
        tags.setdefault(story_id, []).append(name)
    summaries = _summaries_without_standfirst(items)
    for story in items:
        # Each item names its story, picture, agency and bylines (masthead.core.surrogate).
        surrogate.add(surrogate.page(story.id))
        if story.lead_image_id:
            surrogate.add(surrogate.image(story.lead_image_id))
        if story.agency_id:
            surrogate.add(surrogate.agency(story.agency_id))
        surrogate.add_all(surrogate.author(a.id) for a in authors.get(story.id, []))
        story.feed_authors = authors.get(story.id, [])
        story.feed_tags = tags.get(story.id, [])
        story.feed_summary = (
            story.standfirst or story.search_description or summaries.get(story.id, "")
        )
    return items


SUMMARY_CHARS = 300


def _plain(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())


def _summaries_without_standfirst(items: list[StoryPage]) -> dict[int, str]:
    """A summary for stories that have no standfirst: the body's first paragraph, a gallery's
    first caption, the start of a video's transcript, else the lead picture's caption. One
    query per kind that needs it (none when every story has a standfirst)."""
    lacking = {s.id: s for s in items if not (s.standfirst or s.search_description)}
    if not lacking:
        return {}
    found: dict[int, str] = {}
    kinds = ContentType.objects.get_for_models(ArticlePage, GalleryPage, VideoPage)
    by_type: dict[int, list[int]] = {}
    for story in lacking.values():
        by_type.setdefault(story.content_type_id, []).append(story.id)
    if ids := by_type.get(kinds[ArticlePage].id):
        for story_id, body in ArticlePage.objects.filter(id__in=ids).values_list("id", "body"):
            first = next(
                (b.get("value") for b in body.raw_data if b.get("type") == "paragraph"), ""
            )
            found[story_id] = _plain(str(first or ""))
    if ids := by_type.get(kinds[GalleryPage].id):
        for page_id, caption in (
            GalleryPhoto.objects.filter(page_id__in=ids)
            .exclude(caption="")
            .order_by("page_id", "sort_order")
            .values_list("page_id", "caption")
        ):
            found.setdefault(page_id, caption)
    if ids := by_type.get(kinds[VideoPage].id):
        for story_id, transcript in VideoPage.objects.filter(id__in=ids).values_list(
            "id", "transcript"
        ):
            found[story_id] = _plain(transcript)
    summaries = {}
    for story_id, story in lacking.items():
        text = found.get(story_id) or story.lead_image_caption
        if text:
            summaries[story_id] = Truncator(text).chars(SUMMARY_CHARS)
    return summaries


def section_for_url_path(*, site: NetworkSite, path: str) -> SectionPage | None:
    """The live, public section at ``path`` relative to the site root ("news/world/"):
    one indexed query on ``url_path``, plus Wagtail's view-restriction lookup."""
    return (
        SectionPage.objects.live()
        .public()
        .filter(url_path=site.root_url_path + path)
        .only("id", "title", "path", "url_path", "depth", "intro", "locale_id", "content_type_id")
        .first()
    )


def tag_for_slug(*, slug: str) -> Tag | None:
    return Tag.objects.filter(slug=slug).first()


# --- Sitemaps --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SitemapChunk:
    """The stories first published in [start, end) (UTC days), named by that range."""

    start: date
    end: date
    count: int
    lastmod: datetime | None

    @property
    def name(self) -> str:
        if self.end - self.start == timedelta(days=1):
            return self.start.strftime("%Y-%m-%d")
        return self.start.strftime("%Y-%m")


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def sitemap_chunks(*, root_path: str, chunk_size: int = SITEMAP_CHUNK) -> list[SitemapChunk]:
    """One chunk per month of publishing, or per day in a month with more than ``chunk_size``
    stories: each chunk is then a range scan on the publication time, never an OFFSET.
    One grouped query (plus Wagtail's view-restriction lookup)."""
    per_day = (
        public_stories(root_path=root_path)
        .annotate(day=TruncDate("first_published_at", tzinfo=UTC))
        .values("day")
        .annotate(n=Count("id"), lastmod=Max("last_published_at"))
        .order_by("day")
    )
    months: dict[date, list[dict]] = {}
    for row in per_day:
        if row["day"] is None:
            continue
        months.setdefault(row["day"].replace(day=1), []).append(row)
    chunks: list[SitemapChunk] = []
    for month, days in months.items():
        total = sum(d["n"] for d in days)
        if total <= chunk_size:
            chunks.append(
                SitemapChunk(
                    start=month,
                    end=_next_month(month),
                    count=total,
                    lastmod=max(d["lastmod"] for d in days),
                )
            )
        else:
            chunks.extend(
                SitemapChunk(
                    start=d["day"],
                    end=d["day"] + timedelta(days=1),
                    count=d["n"],
                    lastmod=d["lastmod"],
                )
                for d in days
            )
    return chunks


def chunk_from_name(name: str) -> tuple[date, date] | None:
    """The date range a sitemap name ("2026-11" or "2026-11-25") covers, or None."""
    try:
        if len(name) == len("2026-11"):
            start = datetime.strptime(name, "%Y-%m").date()  # noqa: DTZ007 - a calendar name
            return start, _next_month(start)
        if len(name) == len("2026-11-25"):
            start = datetime.strptime(name, "%Y-%m-%d").date()  # noqa: DTZ007 - a calendar name
            return start, start + timedelta(days=1)
    except (ValueError, OverflowError):
        # 9999-12-31 parses, but the day after it does not exist.
        return None
    return None


def _utc_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def sitemap_story_rows(
    *, root_path: str, start: date, end: date, limit: int = 50_000
) -> list[tuple[str, datetime]]:
    """(url_path, last published) of the stories first published in [start, end): plain rows,
    no model instances, so a chunk of 10,000 stays cheap."""
    return list(
        public_stories(root_path=root_path)
        .filter(
            first_published_at__gte=_utc_midnight(start),
            first_published_at__lt=_utc_midnight(end),
        )
        .order_by("first_published_at", "id")
        .values_list("url_path", "last_published_at")[:limit]
    )


def sitemap_other_pages(*, root_path: str) -> list[tuple[str, datetime | None]]:
    """The site's front page, sections and plain pages (not stories): few, listed in one file.
    Picked by page type, which the (content type, published) index finds without reading
    the site's stories."""
    return list(
        Page.objects.type(HomePage, SectionPage, StandardPage)
        .live()
        .public()
        .filter(path__startswith=root_path)
        .order_by("path")
        .values_list("url_path", "last_published_at")[:50_000]
    )


def news_sitemap_stories(*, root_path: str, now: datetime | None = None) -> list[tuple]:
    """(url_path, title, first published, language) of the stories of the last two days,
    newest first."""
    since = (now or timezone.now()) - timedelta(days=NEWS_SITEMAP_DAYS)
    return list(
        public_stories(root_path=root_path)
        .filter(first_published_at__gte=since)
        .order_by("-first_published_at", "-id")
        .values_list("url_path", "title", "first_published_at", "language")[:NEWS_SITEMAP_LIMIT]
    )
