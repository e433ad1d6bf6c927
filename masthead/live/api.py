"""The live part of the public API: new stories on a site's front page, breaking news."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from masthead.core.api.errors import COMMON_ERRORS, NOT_FOUND
from masthead.core.sites import network_sites
from masthead.live import selectors

router = Router(tags=["live"])
MAX_ID = 2**53 - 1


class NewStory(Schema):
    id: int
    title: str
    url: str = Field(description="Absolute URL of the story.")
    published_at: str


class NewStoriesOut(Schema):
    count: int = Field(description="New stories since `since` (counting stops at 99).")
    more: bool = Field(description="True when there are 99 or more.")
    stories: list[NewStory]
    newest: str | None = Field(description="Cursor of the newest story: the next `since`.")


class NewStoriesQuery(Schema):
    site: int = Field(..., ge=1, le=MAX_ID)
    since: str = Field(
        "", max_length=60, description="A cursor (`newest` of a previous answer) or ISO 8601 time."
    )


class BannerOut(Schema):
    id: int
    text: str
    url: str | None
    scope: str
    expires_at: str


class BannerList(Schema):
    items: list[BannerOut]
    next: str | None = None


def _site(site_id: int):
    site = next((s for s in network_sites() if s.id == site_id), None)
    if site is None:
        raise Http404("No site has that id.")
    return site


@router.get(
    "/live/new-stories",
    response={200: NewStoriesOut, **COMMON_ERRORS, **NOT_FOUND},
    summary="Stories published on a site since a point",
)
def new_stories(request: HttpRequest, params: Query[NewStoriesQuery]):
    site = _site(params.site)
    try:
        since = selectors.since_parse(params.since)
    except selectors.SinceError as error:
        from ninja.errors import HttpError

        raise HttpError(400, str(error)) from error
    answer = selectors.new_stories(site=site, since=since)
    # The pages' own poll (/live/new-stories/) links within the site; API callers are elsewhere.
    return {**answer, "stories": [{**s, "url": site.absolute(s["url"])} for s in answer["stories"]]}


class BannerQuery(Schema):
    site: int = Field(..., ge=1, le=MAX_ID)


@router.get(
    "/live/banners",
    response={200: BannerList, **COMMON_ERRORS, **NOT_FOUND},
    summary="Breaking-news banners showing on a site now",
)
def banners(request: HttpRequest, params: Query[BannerQuery]):
    showing, _ = selectors.banners_for_site(site_id=_site(params.site).id)
    return {"items": showing, "next": None}
