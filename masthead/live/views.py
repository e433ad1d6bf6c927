"""The two tiny JSON answers every open page asks for: new stories and breaking news."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from masthead.core import surrogate
from masthead.core.pagecache import cacheable
from masthead.core.sites import site_for_request
from masthead.live import selectors

# Browsers and shared caches may keep the new-stories answer this long; pages poll every
# ~45 s, so a reader learns of a story within a minute while a CDN absorbs the polls.
NEW_STORIES_MAX_AGE = 15
# The banner list is revalidated by browsers on every page load (new pages see a banner at
# once); a CDN may keep it a few seconds.
BANNER_SHARED_MAX_AGE = 5


def _error(message: str, *, status: int, code: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)


@require_GET
def new_stories(request: HttpRequest) -> JsonResponse:
    site = site_for_request(request)
    if site is None:
        return _error("No site is configured for this host.", status=404, code="not_found")
    try:
        since = selectors.since_parse(request.GET.get("since", ""))
    except selectors.SinceError as error:
        return _error(str(error), status=400, code="invalid")
    response = JsonResponse(selectors.new_stories(site=site, since=since))
    # Stored whole by the page cache under the current generation: the next request with the
    # same ``since`` never reaches this view until something is published.
    cacheable(response, keys=(surrogate.live(site.id),), exact=True)
    response["Cache-Control"] = (
        f"public, max-age={NEW_STORIES_MAX_AGE}, s-maxage={NEW_STORIES_MAX_AGE}"
    )
    return response


@require_GET
def banners(request: HttpRequest) -> JsonResponse:
    site = site_for_request(request)
    showing, holds = selectors.banners_for_site(site_id=site.id if site else None)
    response = JsonResponse({"banners": showing})
    response["Cache-Control"] = (
        f"public, max-age=0, s-maxage={min(BANNER_SHARED_MAX_AGE, holds)}, must-revalidate"
    )
    return response
