"""Reads that pages show. Each declares what it loads, so the number of queries a page runs
does not grow with its stories, tags or pictures; listings page by key, never by OFFSET."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from taggit.models import Tag

from masthead.newsroom.models import (
    ArticlePage,
    Author,
    GalleryPage,
    GalleryPhoto,
    HomePage,
    NewsImage,
    NewsRendition,
    SectionPage,
    StoryPage,
    VideoPage,
)

PAGE_SIZE = 20
FRONT_SECTION_LIMIT = 8
FRONT_SECTION_STORIES = 4
RELATED_LIMIT = 4

# Rendition specs the templates ask for; prefetching exactly these keeps one query per listing.
TEASER_SPEC = "fill-480x270-c100"
LEAD_SPEC = "width-1200"
BODY_SPEC = "width-960"
THUMB_SPEC = "fill-160x90-c100"
TEASER_SPECS = (TEASER_SPEC, THUMB_SPEC)


def _renditions(*specs: str) -> Prefetch:
    return Prefetch(
        "renditions",
        queryset=NewsRendition.objects.filter(filter_spec__in=specs),
        to_attr="prefetched_renditions",
    )


def teasers(queryset: QuerySet) -> QuerySet:
    """What a story teaser needs: one query, plus one for all its pictures' renditions."""
    return (
        queryset.live()
        .select_related("lead_image")
        .prefetch_related(
            Prefetch(
                "lead_image__renditions",
                queryset=NewsRendition.objects.filter(filter_spec__in=TEASER_SPECS),
                to_attr="prefetched_renditions",
            )
        )
        .order_by("-first_published_at", "-id")
    )


def stories_under(root_path: str) -> QuerySet[StoryPage]:
    return StoryPage.objects.filter(path__startswith=root_path)


@dataclass(frozen=True)
class Cursor:
    published_at: datetime
    id: int

    def encode(self) -> str:
        return f"{int(self.published_at.timestamp() * 1_000_000)}.{self.id}"

    @classmethod
    def decode(cls, value: str) -> Cursor | None:
        try:
            micros, _, ident = value.partition(".")
            return cls(datetime.fromtimestamp(int(micros) / 1_000_000, tz=UTC), int(ident))
        except (ValueError, OverflowError, OSError):
            return None


@dataclass
class KeyPage:
    items: list
    next_cursor: str | None


def page_by_key(queryset: QuerySet, *, cursor: str = "", size: int = PAGE_SIZE) -> KeyPage:
    """Newest first; ``cursor`` is the last item of the previous page."""
    decoded = Cursor.decode(cursor) if cursor else None
    if decoded is not None:
        queryset = queryset.filter(
            Q(first_published_at__lt=decoded.published_at)
            | Q(first_published_at=decoded.published_at, id__lt=decoded.id)
        )
    items = list(queryset[: size + 1])
    next_cursor = None
    if len(items) > size:
        items = items[:size]
        last = items[-1]
        next_cursor = Cursor(last.first_published_at, last.id).encode()
    return KeyPage(items=items, next_cursor=next_cursor)


def latest_stories(*, root_path: str, limit: int = 10) -> list[StoryPage]:
    return list(teasers(stories_under(root_path))[:limit])


def front_page(*, home: HomePage) -> dict:
    site_stories = teasers(stories_under(home.path))
    latest = list(site_stories[:12])
    lead = None
    if home.lead_story_id:
        lead = teasers(StoryPage.objects.filter(id=home.lead_story_id)).first()
    lead = lead or (latest[0] if latest else None)
    picked = [
        top.story_id for top in home.top_stories.all().only("story_id", "sort_order", "page_id")
    ]
    top_by_id = {s.id: s for s in teasers(StoryPage.objects.filter(id__in=picked))}
    top = [top_by_id[i] for i in picked if i in top_by_id and (lead is None or i != lead.id)]
    shown = {s.id for s in top} | ({lead.id} if lead else set())
    if len(top) < 4:
        top += [s for s in latest if s.id not in shown][: 4 - len(top)]
    sections = list(
        SectionPage.objects.child_of(home)
        .live()
        .filter(show_on_front_page=True)
        .order_by("path")
        .only("id", "title", "path", "url_path", "depth", "content_type_id", "locale_id")[
            :FRONT_SECTION_LIMIT
        ]
    )
    section_blocks = [
        (section, list(teasers(stories_under(section.path))[:FRONT_SECTION_STORIES]))
        for section in sections
    ]
    return {
        "lead_story": lead,
        "top_stories": top,
        "latest_stories": latest,
        "section_blocks": [(s, stories) for s, stories in section_blocks if stories],
        "pictures": list(teasers(GalleryPage.objects.filter(path__startswith=home.path))[:4]),
        "multimedia": list(teasers(VideoPage.objects.filter(path__startswith=home.path))[:3]),
    }


def section_page(*, section: SectionPage, cursor: str = "") -> dict:
    subsections = list(
        SectionPage.objects.child_of(section)
        .live()
        .order_by("path")
        .only("id", "title", "path", "url_path", "depth", "content_type_id", "locale_id")
    )
    listing = page_by_key(teasers(stories_under(section.path)), cursor=cursor)
    return {"subsections": subsections, "stories": listing}


def tag_get(*, slug: str) -> Tag:
    return get_object_or_404(Tag, slug=slug)


def stories_for_tag(*, root_path: str, tag: Tag) -> QuerySet[StoryPage]:
    return teasers(stories_under(root_path).filter(tagged_items__tag=tag))


def author_get(*, slug: str) -> Author:
    return get_object_or_404(Author.objects.select_related("photo"), slug=slug)


def stories_for_author(*, root_path: str, author: Author) -> QuerySet[StoryPage]:
    return teasers(stories_under(root_path).filter(authors=author))


def _prefetch_body_images(story: StoryPage) -> None:
    body = getattr(story, "body", None)
    if body is None:
        return
    images = [
        block.value["image"]
        for block in body
        if block.block_type == "image" and block.value["image"] is not None
    ]
    if images:


        prefetch_related_objects(images, _renditions(BODY_SPEC))


def related_stories(*, story: StoryPage, tag_ids: list[int]) -> list[StoryPage]:
    picked: list[StoryPage] = []
    if isinstance(story, ArticlePage):
        ids = list(story.related_stories.values_list("story_id", flat=True))
        if ids:
            by_id = {s.id: s for s in teasers(StoryPage.objects.filter(id__in=ids))}
            picked = [by_id[i] for i in ids if i in by_id]
    if len(picked) < RELATED_LIMIT and tag_ids:
        site_root = story.path[: StoryPage.steplen * 2]
        exclude = [story.id, *(s.id for s in picked)]
        shared = (
            teasers(stories_under(site_root).filter(tagged_items__tag_id__in=tag_ids))
            .exclude(id__in=exclude)
            .distinct()
        )
        picked += list(shared[: RELATED_LIMIT - len(picked)])
    return picked


def story_page(*, story: StoryPage) -> dict:
    tags = list(story.tags.all().order_by("name"))
    authors = list(story.authors.all())
    if story.lead_image is not None:


        prefetch_related_objects([story.lead_image], _renditions(LEAD_SPEC, TEASER_SPEC))
    _prefetch_body_images(story)
    photos: list[GalleryPhoto] = []
    if isinstance(story, GalleryPage):
        photos = list(
            story.photos.select_related("image").prefetch_related(
                Prefetch(
                    "image",
                    queryset=NewsImage.objects.prefetch_related(
                        _renditions(BODY_SPEC, THUMB_SPEC)
                    ),
                )
            )
        )
    return {
        "tags": tags,
        "authors": authors,
        "photos": photos,
        "related": related_stories(story=story, tag_ids=[t.id for t in tags]),
    }

