"""Search in the public API: the same search as the reader's page, as JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from taggit.models import Tag

from masthead.core.api.errors import COMMON_ERRORS, NOT_FOUND
from masthead.core.sites import network_sites
from masthead.search import selectors

router = Router(tags=["search"])
MAX_ID = 2**53 - 1


class SearchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=selectors.MAX_QUERY_CHARS, examples=["harbour"])
    site: int | None = Field(None, ge=1, le=MAX_ID, description="Empty: the whole network.")
    section: int | None = Field(None, ge=1, le=MAX_ID, description="Needs `site`.")
    tag: str | None = Field(None, max_length=100)
    published_from: date | None = None
    published_to: date | None = None
    kind: (
        Literal["article", "gallery", "video", "live blog", "community story", "user gallery"]
        | None
    ) = None
    author: int | None = Field(None, ge=1, le=MAX_ID, description="An author's id.")
    place: int | None = Field(None, ge=1, le=MAX_ID, description="A place's id (its region's too).")
    order: Literal["relevance", "newest"] = "relevance"
    after: str = Field("", max_length=60, description="The `next` of the previous page.")
    limit: int = Field(20, ge=1, le=50)


class SearchHitOut(Schema):
    id: int
    title: str
    url: str
    site_id: int | None
    published_at: datetime
    kind: str
    snippet: str = Field(description="HTML: an escaped excerpt with the matched words in <mark>.")


class FacetValueOut(Schema):
    key: str
    label: str
    count: int


class SearchOut(Schema):
    items: list[SearchHitOut]
    next: str | None
    suggestion: str | None
    corrected_from: str | None = Field(
        None, description="Nothing matched these words; `suggestion` was searched instead."
    )
    total: int | None = Field(None, description="Matches in all (first page only).")
    facets: dict[str, list[FacetValueOut]] = Field(
        default_factory=dict, description="Counts by site, kind, section, date, author, place."
    )


@router.get(
    "/search",
    response={200: SearchOut, **COMMON_ERRORS, **NOT_FOUND},
    summary="Search stories on a site or the whole network",
)
def search(request: HttpRequest, params: Query[SearchQuery]):
    sites = network_sites()
    site = None
    if params.site is not None:
        site = next((s for s in sites if s.id == params.site), None)
        if site is None:
            raise Http404("No site has that id.")
    section = None
    if params.section is not None:
        if site is None:
            raise HttpError(400, "Filtering by section needs the section's `site`.")
        section = selectors.section_get(site=site, section_id=params.section)
        if section is None:
            raise Http404("No published section of that site has that id.")
    tag = None
    if params.tag:
        tag = Tag.objects.filter(slug=params.tag).first()
        if tag is None:
            return {"items": [], "next": None, "suggestion": None}
    try:
        page = selectors.search_stories(
            query=params.q,
            sites=[site] if site else sites,
            current_site=None,
            filters=selectors.SearchFilters(
                section=section,
                tag=tag,
                published_from=params.published_from,
                published_to=params.published_to,
                kind=params.kind,
                author=params.author,
                place=params.place,
            ),
            order=params.order,
            cursor=params.after,
            size=params.limit,
        )
    except selectors.SearchInputError as error:
        raise HttpError(400, str(error)) from error
    return {
        "items": [
            {
                "id": hit.story_id,
                "title": hit.headline,
                "url": hit.url,
                "site_id": hit.site.id if hit.site else None,
                "published_at": hit.published_at,
                "kind": hit.kind,
                "snippet": str(hit.snippet),
            }
            for hit in page.hits
        ],
        "next": page.next_cursor,
        "suggestion": page.suggestion,
        "corrected_from": page.corrected_from,
        "total": page.total,
        "facets": {
            name: [{"key": v.key, "label": v.label, "count": v.count} for v in values]
            for name, values in page.facets.items()
        },
    }
