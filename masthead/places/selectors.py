"""Reads: places by slug, what contains a place and what it contains, search, a reader's places."""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qsl, urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.models import Site

from masthead.core.sites import site_for_request
from masthead.places.models import COMPONENTS, Place, PlacesSettings, ReaderPlace, StoryPlace

COOKIE_NAME = "masthead_places"
_SLUG = re.compile(r"^[-a-z0-9_]{1,220}$")
# Lineage and containment walk the parent chain; real data is city → region → country, and an
# editor's mistake (a cycle) must not loop forever.
MAX_DEPTH = 8


def place_get(*, slug: str) -> Place:
    """The place with this slug (raises ``Place.DoesNotExist``)."""
    return Place.objects.select_related("parent__parent__parent").get(slug=slug)


SITE_DEFAULT = "_site"


def place_for_fragment(*, request: HttpRequest, slug: str) -> Place:
    """The place a fragment URL names; ``_site`` is the requesting site's default place (for
    slots on a cached page that does not know it), found from the network's site list, so it
    costs no query for the site. Raises ``Place.DoesNotExist``."""
    if slug == SITE_DEFAULT:
        network_site = site_for_request(request)
        if network_site is None:
            raise Place.DoesNotExist("No site is configured for this host.")
        return site_default_place(site=Site(id=network_site.id))
    return place_get(slug=slug)


def place_lineage(*, place: Place) -> list[Place]:
    """The place, then each enclosing region up to its country."""
    lineage = [place]
    seen = {place.pk}
    current = place
    while current.parent_id and current.parent_id not in seen and len(lineage) < MAX_DEPTH:
        current = current.parent  # place_get selects three levels, so usually no query
        lineage.append(current)
        seen.add(current.pk)
    return lineage


def place_ids_within(*, place: Place) -> list[int]:
    """The place and every place under it (children of children, and an area's members):
    one query per level of the tree, however many places there are."""
    found = {place.pk}
    frontier = [place.pk]
    for _ in range(MAX_DEPTH):
        if not frontier:
            break
        rows = Place.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        members = Place.members.through.objects.filter(from_place_id__in=frontier).values_list(
            "to_place_id", flat=True
        )
        next_ids = (set(rows) | set(members)) - found
        found |= next_ids
        frontier = list(next_ids)
    return sorted(found)


def place_search(*, q: str, limit: int = 10) -> list[Place]:
    return list(Place.objects.search(q).select_related("parent__parent")[: max(1, min(limit, 50))])


def place_nearest(*, latitude: float, longitude: float) -> Place | None:
    """The nearest city or town: a box around the point, widened until it holds one."""
    for reach in (0.5, 1.5, 5.0, 15.0):
        candidates = list(
            Place.objects.cities()
            .filter(
                latitude__gte=latitude - reach,
                latitude__lte=latitude + reach,
                longitude__gte=longitude - reach,
                longitude__lte=longitude + reach,
            )
            .select_related("parent__parent")[:2000]
        )
        if candidates:
            return min(
                candidates,
                key=lambda p: (
                    _distance_km(latitude, longitude, float(p.latitude), float(p.longitude)),
                    -p.population,
                ),
            )
    return None


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def site_default_place(*, site: Site) -> Place:
    """The site's chosen default (Settings → Places), else the largest city in the catalogue.
    Raises ``Place.DoesNotExist`` only when the catalogue is empty."""
    # Not PlacesSettings.for_site(): that creates a row (and a save purges the page cache)
    # on a read that may happen while rendering a cached page.
    chosen = (
        Place.objects.select_related("parent__parent")
        .filter(pk__in=PlacesSettings.objects.filter(site=site).values("default_place_id"))
        .first()
    )
    if chosen is not None:
        return chosen
    fallback = Place.objects.cities().order_by("-population", "id").first()
    if fallback is None:
        fallback = Place.objects.order_by("-population", "id").first()
    if fallback is None:
        raise Place.DoesNotExist("The places catalogue is empty: run manage.py places_load.")
    return fallback


def parse_places_cookie(value: str) -> dict[str, str]:
    """``news=cape-town&weather=durban`` → {component: slug}; anything else is ignored."""
    value = (value or "").strip().strip('"')
    return {
        component: slug
        for component, slug in parse_qsl(value, keep_blank_values=False)
        if component in COMPONENTS and _SLUG.match(slug)
    }


def places_cookie_value(choices: dict[str, str]) -> str:
    return urlencode([(c, choices[c]) for c in COMPONENTS if c in choices])


def member_place_slugs(*, user) -> dict[str, str]:
    rows = ReaderPlace.objects.filter(user=user).values_list("component", "place__slug")
    return dict(rows)


def reader_place_slugs(*, request: HttpRequest) -> dict[str, str]:
    """The reader's own choices (no defaults): the profile for members, else the cookie."""
    cached = getattr(request, "_masthead_place_slugs", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        slugs = member_place_slugs(user=user)
    else:
        slugs = parse_places_cookie(request.COOKIES.get(COOKIE_NAME, ""))
    request._masthead_place_slugs = slugs
    return slugs


def reader_place(*, request: HttpRequest, component: str) -> Place:
    """The place a component shows this reader: their choice, else the site's default."""
    if component not in COMPONENTS:
        raise ValueError(f"Unknown component {component!r}")
    slug = reader_place_slugs(request=request).get(component)
    if slug:
        try:
            return place_get(slug=slug)
        except Place.DoesNotExist:
            pass  # a place removed from the catalogue: fall back as if none was chosen
    site = Site.find_for_request(request)
    return site_default_place(site=site)


def story_ids_for_place(*, place: Place) -> QuerySet:
    """Ids of stories tagged with the place or any place within it (a subquery)."""
    return StoryPlace.objects.filter(place_id__in=place_ids_within(place=place)).values("story_id")


def news_for_place(*, place: Place, limit: int = 8) -> list:
    """The newest live stories about the place or anywhere within it, as teasers."""
    from masthead.newsroom.models import StoryPage
    from masthead.newsroom.reading.teasers import teasers

    return list(teasers(StoryPage.objects.filter(id__in=story_ids_for_place(place=place)))[:limit])
