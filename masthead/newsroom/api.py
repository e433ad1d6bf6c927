"""The newsroom's part of the public API: sites, sections, stories with their body blocks,
galleries, tags and authors. Only live, public pages and their public fields ever leave."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from ninja import Field, Path, Query, Router, Schema
from taggit.models import Tag
from wagtail.blocks import StreamValue
from wagtail.models import Page

from masthead.core.api.errors import COMMON_ERRORS, NOT_FOUND
from masthead.core.api.keys import decode_key, encode_key
from masthead.core.sites import NetworkSite, network_sites, site_for_request, site_holding
from masthead.newsroom.models import (
    Author,
    GalleryPage,
    LiveBlogPage,
    NewsImage,
    NewsRendition,
    SectionPage,
    StoryNote,
    StoryPage,
    StoryTag,
    VideoPage,
)
from masthead.newsroom.reading.listings import authors_in_public
from masthead.newsroom.reading.teasers import (
    OTHER_KIND,
    SUMMARY_KINDS,
    TEASER_SPEC,
    story_summaries,
    summaries_json,
    with_renditions,
)

router = Router(tags=["newsroom"])
# Ids beyond this are refused as invalid input instead of overflowing a database integer.
MAX_ID = 2**53 - 1

FULL_SPEC = "width-1200"
# A story's kind as the answers name it (reading.teasers.summary_kind).
KINDS = SUMMARY_KINDS


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
    url: str = Field(
        description="Absolute URL of a rendition sized for the web; originals are never exposed."
    )
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
    url: str = Field(description="Absolute URL of the author's page on the story's site.")


class AuthorOut(Schema):
    name: str
    slug: str
    role: str
    bio: str
    url: str = Field(description="Absolute URL of the author's page on the site asked.")
    photo: ImageOut | None


class AuthorList(Schema):
    items: list[AuthorOut]
    next: str | None


class AgencyOut(Schema):
    short_name: str
    name: str


class StoryOut(Schema):
    id: int
    kind: Literal["article", "gallery", "video", "live", "story"]
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


class LiveOut(Schema):
    status: Literal["live", "ended"]
    ended_at: datetime | None
    last_update_at: datetime | None
    updates_url: str = Field(description="The blog's updates, newest first, 20 a page.")


class StoryNoteOut(Schema):
    id: int
    kind: Literal["correction", "update"] = Field(
        description="correction: something published was wrong; update: something was added."
    )
    text: str
    noted_at: datetime


class StoryDetailOut(StoryOut):
    body: list[dict[str, Any]] = Field(
        description="Body blocks in order, each {type, id, …}: paragraph {html}, subheading "
        "{text}, image {image, caption}, pull_quote {quote, attribution}, video {url, caption}, "
        "related_links {heading, links: [{title, url}]}."
    )
    photos: list[PhotoOut] = Field(description="A gallery's photos in order (user galleries too).")
    video: VideoOut | None
    live: LiveOut | None = Field(description="A live blog's state; null for other kinds.")
    notes: list[StoryNoteOut] = Field(
        description="Corrections and updates the newsroom added after publishing, newest first."
    )


# --- Reads -----------------------------------------------------------------------------------
def _sites_by_path() -> list[NetworkSite]:
    return network_sites()


def _page_url(url_path: str, site: NetworkSite | None) -> str:
    return url_path if site is None else site.url_of(url_path)


def _request_site(request: HttpRequest) -> NetworkSite:
    """The site asked (by host name), for URLs that exist on every site (authors, profiles)."""
    site = site_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host.")
    return site


def _image(image: NewsImage | None, spec: str, *, site: NetworkSite, alt: str = "") -> dict | None:
    if image is None or not image.is_publishable:
        return None
    rendition = image.get_rendition(spec)
    return {
        "url": site.absolute(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt or image.default_alt_text,
        "credit": image.credit,
    }


def public_stories() -> QuerySet[StoryPage]:
    """Stories any reader may see: live, outside view restrictions, inside a site."""
    return StoryPage.objects.live().public()


def _live_page_url(page: Page | None, sites: list[NetworkSite]) -> str | None:
    if page is None or not page.live:
        return None
    return _page_url(page.url_path, site_holding(page.path, sites))


def body_blocks(story: StoryPage, *, site: NetworkSite) -> list[dict]:
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
            item["image"] = _image(
                value["image"], FULL_SPEC, site=site, alt=value.get("alt_text") or ""
            )
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


def _photos(story: StoryPage, site: NetworkSite) -> list[dict]:
    """A gallery's photos. Any kind of story with ``photos`` (orderable rows with an image,
    a caption and an alt text: newsroom galleries, readers' user galleries) has them."""
    related = getattr(story, "photos", None)
    if related is None:
        return []
    photos = (
        related.model.objects.filter(page_id=story.pk)
        .select_related("image")
        .prefetch_related(
            Prefetch(
                "image__renditions",
                queryset=NewsRendition.objects.filter(filter_spec=FULL_SPEC),
                to_attr="prefetched_renditions",
            )
        )
    )
    return [
        {
            "image": _image(p.image, FULL_SPEC, site=site, alt=getattr(p, "alt_text", "")),
            "caption": p.caption,
        }
        for p in photos.order_by("sort_order")
    ]


def story_detail(story_id: int, *, fallback: NetworkSite) -> dict:
    found = story_summaries(public_stories().filter(id=story_id), limit=1)
    if not found:
        raise Http404("No published story has that id.")
    with_renditions(found, specs=(FULL_SPEC,))
    row = summaries_json(found, fallback=fallback, spec=FULL_SPEC)[0]
    # The body, photos and video are the story's own kind's: one read of its own row.
    model = ContentType.objects.get_for_id(found[0].content_type_id).model_class()
    if model is None or not issubclass(model, StoryPage):  # its app was removed
        raise Http404("No published story has that id.")
    try:
        specific = model._default_manager.get(id=story_id)
    except ObjectDoesNotExist as gone:  # deleted since its summary was read
        raise Http404("No published story has that id.") from gone
    site = site_holding(specific.path, _sites_by_path()) or fallback
    # Any kind of story with a StreamField body (articles, readers' community stories).
    body = getattr(specific, "body", None)
    row["body"] = body_blocks(specific, site=site) if isinstance(body, StreamValue) else []
    row["photos"] = _photos(specific, site)
    row["notes"] = list(
        StoryNote.objects.filter(page_id=story_id)
        .order_by("-noted_at", "-id")
        .values("id", "kind", "text", "noted_at")
    )
    row["video"] = None
    if isinstance(specific, VideoPage):
        video_url = specific.video_url or (
            site.absolute(specific.video_file.url) if specific.video_file else None
        )
        row["video"] = {
            "url": video_url,
            "duration_seconds": specific.duration_seconds,
            "transcript": specific.transcript,
            "poster": _image(specific.poster, FULL_SPEC, site=site),
        }
    row["live"] = None
    if isinstance(specific, LiveBlogPage):
        row["live"] = {
            "status": specific.status,
            "ended_at": specific.ended_at,
            "last_update_at": specific.last_update_at,
            "updates_url": site.absolute(
                reverse("api-v1:live_updates", kwargs={"story_id": story_id})
            ),
        }
    return row


def story_list(
    *,
    stories: QuerySet[StoryPage],
    before: str,
    limit: int,
    fallback: NetworkSite,
) -> dict:
    key = decode_key(before) if before else None
    if key is not None:
        at, story_id = key
        stories = stories.filter(
            Q(first_published_at__lt=at) | Q(first_published_at=at, id__lt=story_id)
        )
    found = story_summaries(stories.order_by("-first_published_at", "-id"), limit=limit + 1)
    next_key = None
    if len(found) > limit:
        found = found[:limit]
        last = found[-1]
        # A live story always has its first publication time; the check is for the types.
        if last.first_published_at is not None:
            next_key = encode_key(last.first_published_at, last.id)
    with_renditions(found, specs=(TEASER_SPEC,))
    return {"items": summaries_json(found, fallback=fallback, spec=TEASER_SPEC), "next": next_key}


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
        site = site_holding(section.path, sites)
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
    kind: Literal["article", "gallery", "video", "live", "story"] | None = Field(
        None,
        description="article, gallery, video or live (a live blog); story: every other kind "
        "(readers' community stories and user galleries), as `kind` says in the answers.",
    )
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
    if filters.kind == OTHER_KIND:
        known = ContentType.objects.get_for_models(*KINDS.values()).values()
        stories = stories.exclude(content_type__in=[t.id for t in known])
    elif filters.kind:
        stories = stories.filter(
            content_type=ContentType.objects.get_for_model(KINDS[filters.kind])
        )
    return stories


def last_modified(response: HttpResponse, *moments: datetime | None) -> None:
    """``Last-Modified``: the newest publication time of what the answer shows (the ETag,
    a digest of the body, catches every other change)."""
    known = [m for m in moments if m is not None]
    if known:
        response["Last-Modified"] = http_date(max(known).timestamp())


def _list_modified(response: HttpResponse, answer: dict) -> dict:
    last_modified(response, *(i["updated_at"] or i["published_at"] for i in answer["items"]))
    return answer


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
def stories(request: HttpRequest, response: HttpResponse, filters: Query[StoryFilters]):
    answer = story_list(
        stories=filtered_stories(filters),
        before=filters.before,
        limit=filters.limit,
        fallback=_request_site(request),
    )
    return _list_modified(response, answer)


@router.get(
    "/stories/{story_id}",
    response={200: StoryDetailOut, **COMMON_ERRORS, **NOT_FOUND},
    summary="One story with its body blocks",
)
def story(request: HttpRequest, response: HttpResponse, story_id: int = Path(..., ge=1, le=MAX_ID)):
    answer = story_detail(story_id, fallback=_request_site(request))
    last_modified(response, answer["updated_at"], answer["published_at"])
    return answer


class GalleryFilters(Schema):
    site: int | None = Field(None, ge=1, le=MAX_ID)
    before: str = Field("", max_length=60)
    limit: int = Field(20, ge=1, le=50)


@router.get(
    "/galleries",
    response={200: StoryList, **COMMON_ERRORS, **NOT_FOUND},
    summary="News in Pictures: galleries, newest first",
)
def galleries(request: HttpRequest, response: HttpResponse, filters: Query[GalleryFilters]):
    selected = filtered_stories(StoryFilters(site=filters.site, kind="gallery"))
    answer = story_list(
        stories=selected,
        before=filters.before,
        limit=filters.limit,
        fallback=_request_site(request),
    )
    return _list_modified(response, answer)


@router.get(
    "/galleries/{story_id}",
    response={200: StoryDetailOut, **COMMON_ERRORS, **NOT_FOUND},
    summary="One gallery with its photos",
)
def gallery(
    request: HttpRequest, response: HttpResponse, story_id: int = Path(..., ge=1, le=MAX_ID)
):
    if not GalleryPage.objects.filter(id=story_id).exists():
        raise Http404("No published gallery has that id.")
    answer = story_detail(story_id, fallback=_request_site(request))
    last_modified(response, answer["updated_at"], answer["published_at"])
    return answer


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


def _author_row(author: Author, site: NetworkSite) -> dict:
    return {
        "name": author.name,
        "slug": author.slug,
        "role": author.role,
        "bio": author.bio,
        "url": site.absolute(author.get_absolute_url()),
        "photo": _image(author.photo, TEASER_SPEC, site=site),
    }


def _authors() -> QuerySet[Author]:
    # Only bylines of published stories: an imported draft's author is not public yet.
    return authors_in_public(Author.objects.select_related("photo")).prefetch_related(
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
    site = _request_site(request)
    return {"items": [_author_row(a, site) for a in found[: filters.limit]], "next": next_key}


@router.get(
    "/authors/{slug}", response={200: AuthorOut, **COMMON_ERRORS, **NOT_FOUND}, summary="One byline"
)
def author(request: HttpRequest, slug: str):
    found = _authors().filter(slug=slug).first()
    if found is None:
        raise Http404("No author has that slug.")
    return _author_row(found, _request_site(request))


def _mount_live_blogs() -> None:
    # The live blogs' updates are the newsroom's too: one router goes up to the API.
    from masthead.newsroom.live_api import router as live_blogs

    router.add_router("/", live_blogs)


_mount_live_blogs()
