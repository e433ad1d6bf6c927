"""The newsroom's part of the public API: sites, sections, stories with their body blocks,
galleries, tags and authors. Only live, public pages and their public fields ever leave."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from taggit.models import Tag
from wagtail.models import Page

from masthead.api.errors import COMMON_ERRORS, NOT_FOUND
from masthead.api.pagination import decode_key, encode_key
from masthead.core.sites import NetworkSite, network_sites
from masthead.newsroom.models import (
    ArticlePage,
    Author,
    GalleryPage,
    GalleryPhoto,
    NewsImage,
    NewsRendition,
    SectionPage,
    StoryPage,
    StoryTag,
    VideoPage,
)

router = Router(tags=["newsroom"])
# Ids beyond this are refused as invalid input instead of overflowing a database integer.
MAX_ID = 2**53 - 1

TEASER_SPEC = "fill-480x270-c100"
FULL_SPEC = "width-1200"
KINDS = {"article": ArticlePage, "gallery": GalleryPage, "video": VideoPage}


# --- Schemas ---------------------------------------------------------------------------------
class SiteOut(Schema):
    id: int
    name: str
    hostname: str
    url: str
    time_zone: str


class SiteList(Schema):
    items: list[SiteOut]
    next: str | None = None


class SectionOut(Schema):
    id: int
    title: str
    slug: str
    url: str
    site_id: int | None
    parent_section_id: int | None


class SectionList(Schema):
    items: list[SectionOut]
    next: str | None


class ImageOut(Schema):
    url: str = Field(description="A rendition sized for the web; originals are never exposed.")
    width: int
    height: int
    alt: str
    credit: str


class TagOut(Schema):
    name: str
    slug: str


class TagList(Schema):
    items: list[TagOut]
    next: str | None


class AuthorRef(Schema):
    name: str
    slug: str


class AuthorOut(Schema):
    name: str
    slug: str
    role: str
    bio: str
    url: str
    photo: ImageOut | None


class AuthorList(Schema):
    items: list[AuthorOut]
    next: str | None


class AgencyOut(Schema):
    short_name: str
    name: str


class StoryOut(Schema):
    id: int
    kind: Literal["article", "gallery", "video", "story"]
    title: str
    standfirst: str
    dateline: str
    url: str
    site_id: int | None
    section_id: int | None
    published_at: datetime
    updated_at: datetime | None
    authors: list[AuthorRef]
    agency: AgencyOut | None
    tags: list[TagOut]
    lead_image: ImageOut | None
    lead_image_caption: str


class StoryList(Schema):
    items: list[StoryOut]
    next: str | None = Field(description="Pass as ?before= for the next (older) page.")


class PhotoOut(Schema):
    image: ImageOut | None
    caption: str


class VideoOut(Schema):
    url: str | None
    duration_seconds: int | None
    transcript: str
    poster: ImageOut | None


class StoryDetailOut(StoryOut):
    body: list[dict[str, Any]] = Field(
        description="Body blocks in order, each {type, id, …}: paragraph {html}, subheading "
        "{text}, image {image, caption}, pull_quote {quote, attribution}, video {url, caption}, "
        "related_links {heading, links: [{title, url}]}."
    )
    photos: list[PhotoOut]
    video: VideoOut | None


# --- Reads -----------------------------------------------------------------------------------
def _sites_by_path() -> list[NetworkSite]:
    return network_sites()


def _site_for(path: str, sites: list[NetworkSite]) -> NetworkSite | None:
    return next((s for s in sites if path.startswith(s.root_path)), None)


def _page_url(url_path: str, site: NetworkSite | None) -> str:
    if site is None:
        return url_path
    return site.root_url + url_path[len(site.root_url_path) - 1 :]


def _image(image: NewsImage | None, spec: str, *, alt: str = "") -> dict | None:
    if image is None or not image.is_publishable:
        return None
    rendition = image.get_rendition(spec)
    return {
        "url": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt or image.default_alt_text,
        "credit": image.credit,
    }


def _renditions(spec: str) -> Prefetch:
    return Prefetch(
        "renditions",
        queryset=NewsRendition.objects.filter(filter_spec=spec),
        to_attr="prefetched_renditions",
    )


def public_stories() -> QuerySet[StoryPage]:
    """Stories any reader may see: live, outside view restrictions, inside a site."""
    return StoryPage.objects.live().public()


def _with_teaser_data(stories: QuerySet[StoryPage], spec: str) -> QuerySet[StoryPage]:
    return stories.select_related("agency", "lead_image").prefetch_related(
        Prefetch(
            "lead_image__renditions",
            queryset=NewsRendition.objects.filter(filter_spec=spec),
            to_attr="prefetched_renditions",
        ),
        "tags",
        Prefetch("authors", queryset=Author.objects.only("id", "name", "slug")),
    )


def _section_ids(stories: list[StoryPage]) -> dict[str, int]:
    parents = {s.path[: -StoryPage.steplen] for s in stories}
    return dict(SectionPage.objects.filter(path__in=parents).values_list("path", "id"))


def _story_row(
    story: StoryPage, sites: list[NetworkSite], sections: dict[str, int], spec: str
) -> dict:
    site = _site_for(story.path, sites)
    kind = (
        story.specific_class._meta.model_name.removesuffix("page")
        if story.specific_class
        else "story"
    )
    return {
        "id": story.id,
        "kind": kind if kind in KINDS else "story",
        "title": story.title,
        "standfirst": story.standfirst,
        "dateline": story.dateline,
        "url": _page_url(story.url_path, site),
        "site_id": site.id if site else None,
        "section_id": sections.get(story.path[: -StoryPage.steplen]),
        "published_at": story.first_published_at,
        "updated_at": story.last_published_at,
        "authors": [{"name": a.name, "slug": a.slug} for a in story.authors.all()],
        "agency": (
            {"short_name": story.agency.short_name, "name": story.agency.name}
            if story.agency
            else None
        ),
        "tags": [
            {"name": t.name, "slug": t.slug} for t in sorted(story.tags.all(), key=lambda t: t.name)
        ],
        "lead_image": _image(story.lead_image, spec, alt=story.lead_image_alt),
        "lead_image_caption": story.lead_image_caption,
    }


def story_rows(stories: list[StoryPage], *, spec: str = TEASER_SPEC) -> list[dict]:
    sites = _sites_by_path()
    sections = _section_ids(stories)
    return [_story_row(s, sites, sections, spec) for s in stories]


def _live_page_url(page: Page | None, sites: list[NetworkSite]) -> str | None:
    if page is None or not page.live:
        return None
    return _page_url(page.url_path, _site_for(page.path, sites))


def body_blocks(story: ArticlePage) -> list[dict]:
    """The story body as structured JSON: one object per block, in order."""
    sites = _sites_by_path()
    blocks: list[dict] = []
    for block in story.body:
        item: dict[str, Any] = {"type": block.block_type, "id": block.id}
        value = block.value
        if block.block_type == "paragraph":
            item["html"] = str(value)  # RichText renders front-end HTML (links expanded)
        elif block.block_type == "subheading":
            item["text"] = str(value)
        elif block.block_type == "image":
            item["image"] = _image(value["image"], FULL_SPEC, alt=value.get("alt_text") or "")
            item["caption"] = value.get("caption") or ""
        elif block.block_type == "pull_quote":
            item["quote"] = value["quote"]
            item["attribution"] = value.get("attribution") or ""
        elif block.block_type == "video":
            video = value.get("video")
            item["url"] = getattr(video, "url", None) or (str(video) if video else None)
            item["caption"] = value.get("caption") or ""
        elif block.block_type == "related_links":
            links = []
            for link in value["links"]:
                url = _live_page_url(link.get("page"), sites) or link.get("url") or None
                if url:
                    links.append({"title": link["title"], "url": url})
            item["heading"] = value.get("heading") or ""
            item["links"] = links
        else:  # a block type added later: its name at least, never its raw data
            continue
        blocks.append(item)
    return blocks


def story_detail(story_id: int) -> dict:
    story = _with_teaser_data(public_stories().filter(id=story_id), FULL_SPEC).first()
    if story is None:
        raise Http404("No published story has that id.")
    row = story_rows([story], spec=FULL_SPEC)[0]
    specific = story.specific
    row["body"] = body_blocks(specific) if isinstance(specific, ArticlePage) else []
    row["photos"] = []
    row["video"] = None
    if isinstance(specific, GalleryPage):
        photos = (
            GalleryPhoto.objects.filter(page=specific)
            .select_related("image")
            .prefetch_related(
                Prefetch(
                    "image__renditions",
                    queryset=NewsRendition.objects.filter(filter_spec=FULL_SPEC),
                    to_attr="prefetched_renditions",
                )
            )
        )
        row["photos"] = [
            {"image": _image(p.image, FULL_SPEC, alt=p.alt_text), "caption": p.caption}
            for p in photos.order_by("sort_order")
        ]
    if isinstance(specific, VideoPage):
        row["video"] = {
            "url": specific.video_url or (specific.video_file.url if specific.video_file else None),
            "duration_seconds": specific.duration_seconds,
            "transcript": specific.transcript,
            "poster": _image(specific.poster, FULL_SPEC),
        }
    return row


def story_list(
    *,
    stories: QuerySet[StoryPage],
    before: str,
    limit: int,
) -> dict:
    key = decode_key(before) if before else None
    if key is not None:
        at, story_id = key
        stories = stories.filter(
            Q(first_published_at__lt=at) | Q(first_published_at=at, id__lt=story_id)
        )
    found = list(
        _with_teaser_data(stories, TEASER_SPEC).order_by("-first_published_at", "-id")[: limit + 1]
    )
    next_key = None
    if len(found) > limit:
        found = found[:limit]
        next_key = encode_key(found[-1].first_published_at, found[-1].id)
    return {"items": story_rows(found), "next": next_key}


def _site_or_404(site_id: int) -> NetworkSite:
    site = next((s for s in network_sites() if s.id == site_id), None)
    if site is None:
        raise Http404("No site has that id.")
    return site


# --- Endpoints -------------------------------------------------------------------------------
@router.get("/sites", response={200: SiteList, **COMMON_ERRORS}, summary="The network's sites")
def sites(request: HttpRequest):
    return {
        "items": [
            {
                "id": s.id,
                "name": s.name,
                "hostname": s.hostname,
                "url": s.root_url,
                "time_zone": s.time_zone,
            }
            for s in network_sites()
        ],
        "next": None,
    }


class SectionFilters(Schema):
    site: int | None = Field(None, ge=1, le=MAX_ID, description="Only sections of this site.")
    after: str = Field("", max_length=300, description="The `next` of the previous page.")
    limit: int = Field(50, ge=1, le=100)


@router.get(
    "/sections", response={200: SectionList, **COMMON_ERRORS, **NOT_FOUND}, summary="Sections"
)
def sections(request: HttpRequest, filters: Query[SectionFilters]):
    queryset = SectionPage.objects.live().public().order_by("path")
    sites = network_sites()
    if filters.site is not None:
        queryset = queryset.filter(path__startswith=_site_or_404(filters.site).root_path)
    else:
        where = Q(pk__in=[])
        for site in sites:
            where |= Q(path__startswith=site.root_path)
        queryset = queryset.filter(where)
    if filters.after:
        queryset = queryset.filter(path__gt=filters.after)
    found = list(
        queryset.only("id", "title", "slug", "path", "url_path", "depth")[: filters.limit + 1]
    )
    next_key = None
    if len(found) > filters.limit:
        found = found[: filters.limit]
        next_key = found[-1].path
    parent_paths = {s.path[: -Page.steplen] for s in found}
    by_path = dict(SectionPage.objects.filter(path__in=parent_paths).values_list("path", "id"))
    items = []
    for section in found:
        site = _site_for(section.path, sites)
        items.append(
            {
                "id": section.id,
                "title": section.title,
                "slug": section.slug,
                "url": _page_url(section.url_path, site),
                "site_id": site.id if site else None,
                "parent_section_id": by_path.get(section.path[: -Page.steplen]),
            }
        )
    return {"items": items, "next": next_key}


class StoryFilters(Schema):
    site: int | None = Field(None, ge=1, le=MAX_ID, description="Only stories of this site.")
    section: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only stories in this section or below it."
    )
    tag: str | None = Field(
        None, max_length=100, description="Only stories with this tag slug.", examples=["weather"]
    )
    author: str | None = Field(
        None, max_length=120, description="Only stories by this author slug."
    )
    kind: Literal["article", "gallery", "video"] | None = None
    before: str = Field("", max_length=60, description="The `next` of the previous page.")
    limit: int = Field(20, ge=1, le=50)


def filtered_stories(filters: StoryFilters) -> QuerySet[StoryPage]:
    stories = public_stories()
    if filters.site is not None:
        stories = stories.filter(path__startswith=_site_or_404(filters.site).root_path)
    if filters.section is not None:
        section = (
            SectionPage.objects.live().public().filter(id=filters.section).only("path").first()
        )
        if section is None:
            raise Http404("No published section has that id.")
        stories = stories.filter(path__startswith=section.path)
    if filters.tag:
        stories = stories.filter(tagged_items__tag__slug=filters.tag)
    if filters.author:
        stories = stories.filter(authors__slug=filters.author)
    if filters.kind:
        model = KINDS[filters.kind]
        stories = stories.filter(id__in=model.objects.values("id"))
    return stories


@router.get(
    "/stories",
    response={200: StoryList, **COMMON_ERRORS, **NOT_FOUND},
    summary="Stories, newest first",
    # A listed story opens by its id, with its comments: chains the stateful fuzz follows.
    openapi_extra={
        "responses": {
            200: {
                "links": {
                    "Story": {
                        "operationId": "masthead_newsroom_api_story",
                        "parameters": {"story_id": "$response.body#/items/0/id"},
                    },
                    "StoryComments": {
                        "operationId": "masthead_comments_api_story_comments",
                        "parameters": {"story_id": "$response.body#/items/0/id"},
                    },
                }
            }
        }
    },
)
def stories(request: HttpRequest, filters: Query[StoryFilters]):
    return story_list(stories=filtered_stories(filters), before=filters.before, limit=filters.limit)


@router.get(
    "/stories/{story_id}",
    response={200: StoryDetailOut, **COMMON_ERRORS, **NOT_FOUND},
    summary="One story with its body blocks",
)
def story(request: HttpRequest, story_id: int = Path(..., ge=1, le=MAX_ID)):
    return story_detail(story_id)


class GalleryFilters(Schema):
    site: int | None = Field(None, ge=1, le=MAX_ID)
    before: str = Field("", max_length=60)
    limit: int = Field(20, ge=1, le=50)


@router.get(
    "/galleries",
    response={200: StoryList, **COMMON_ERRORS, **NOT_FOUND},
    summary="News in Pictures: galleries, newest first",
)
def galleries(request: HttpRequest, filters: Query[GalleryFilters]):
    selected = filtered_stories(StoryFilters(site=filters.site, kind="gallery"))
    return story_list(stories=selected, before=filters.before, limit=filters.limit)


@router.get(
    "/galleries/{story_id}",
    response={200: StoryDetailOut, **COMMON_ERRORS, **NOT_FOUND},
    summary="One gallery with its photos",
)
def gallery(request: HttpRequest, story_id: int = Path(..., ge=1, le=MAX_ID)):
    if not GalleryPage.objects.filter(id=story_id).exists():
        raise Http404("No published gallery has that id.")
    return story_detail(story_id)


class TagFilters(Schema):
    q: str = Field("", max_length=100, description="Tags whose name starts with this.")
    after: str = Field("", max_length=100, description="The `next` of the previous page.")
    limit: int = Field(50, ge=1, le=100)


def _public_tags() -> QuerySet[Tag]:
    # Only tags on published stories: a tag used by a draft alone could tell of the draft.
    return Tag.objects.filter(
        id__in=StoryTag.objects.filter(content_object__live=True).values("tag_id")
    )


@router.get("/tags", response={200: TagList, **COMMON_ERRORS}, summary="Tags on published stories")
def tags(request: HttpRequest, filters: Query[TagFilters]):
    queryset = _public_tags().order_by("slug")
    if filters.q:
        queryset = queryset.filter(name__istartswith=filters.q)
    if filters.after:
        queryset = queryset.filter(slug__gt=filters.after)
    found = list(queryset.values("name", "slug")[: filters.limit + 1])
    next_key = found[filters.limit - 1]["slug"] if len(found) > filters.limit else None
    return {"items": found[: filters.limit], "next": next_key}


@router.get("/tags/{slug}", response={200: TagOut, **COMMON_ERRORS, **NOT_FOUND}, summary="One tag")
def tag(request: HttpRequest, slug: str):
    found = _public_tags().filter(slug=slug).values("name", "slug").first()
    if found is None:
        raise Http404("No published story carries that tag.")
    return found


class AuthorFilters(Schema):
    after: str = Field("", max_length=120, description="The `next` of the previous page.")
    limit: int = Field(50, ge=1, le=100)


def _author_row(author: Author) -> dict:
    return {
        "name": author.name,
        "slug": author.slug,
        "role": author.role,
        "bio": author.bio,
        "url": author.get_absolute_url(),
        "photo": _image(author.photo, TEASER_SPEC),
    }


def _authors() -> QuerySet[Author]:
    return Author.objects.select_related("photo").prefetch_related(
        Prefetch(
            "photo__renditions",
            queryset=NewsRendition.objects.filter(filter_spec=TEASER_SPEC),
            to_attr="prefetched_renditions",
        )
    )


@router.get("/authors", response={200: AuthorList, **COMMON_ERRORS}, summary="Bylines")
def authors(request: HttpRequest, filters: Query[AuthorFilters]):
    queryset = _authors().order_by("slug")
    if filters.after:
        queryset = queryset.filter(slug__gt=filters.after)
    found = list(queryset[: filters.limit + 1])
    next_key = found[filters.limit - 1].slug if len(found) > filters.limit else None
    return {"items": [_author_row(a) for a in found[: filters.limit]], "next": next_key}


@router.get(
    "/authors/{slug}", response={200: AuthorOut, **COMMON_ERRORS, **NOT_FOUND}, summary="One byline"
)
def author(request: HttpRequest, slug: str):
    found = _authors().filter(slug=slug).first()
    if found is None:
        raise Http404("No author has that slug.")
    return _author_row(found)
