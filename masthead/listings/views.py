"""Listings pages (a place's day) and the listings component fragment (what is on next)."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from masthead.core import surrogate
from masthead.core.pagecache import cacheable
from masthead.listings import selectors
from masthead.places.components import (
    fragment_response,
    home_place_redirect,
    location_settings_url,
    resolve_place,
)
from masthead.places.models import Place
from masthead.places.selectors import place_get

# "What is on next" changes as programmes end: the app and shared caches keep it one minute.
NEXT_SECONDS = 60


def _place(request: HttpRequest, slug: str) -> Place:
    try:
        return place_get(slug=slug)
    except Place.DoesNotExist:
        raise Http404("No such place.") from None


@require_GET
def today(request: HttpRequest, slug: str) -> HttpResponse:
    place = _place(request, slug)
    day = timezone.now().astimezone(selectors.place_zone(place)).date()
    response = redirect("listings:day", slug=place.slug, day=day.isoformat())
    response["Cache-Control"] = "public, max-age=0, s-maxage=60"
    return response


# The day switcher: the days either side of the one shown.
DAYS_BEFORE, DAYS_AFTER = 1, 5


@require_GET
def day_page(request: HttpRequest, slug: str, day: str) -> HttpResponse:
    place = _place(request, slug)
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        raise Http404("Not a date.") from None
    category = request.GET.get("category", "")[:100]
    page = selectors.listings_for_day(
        place=place, day=chosen, category=category, after=request.GET.get("after", "")[:60]
    )
    zone = selectors.place_zone(place)
    now = timezone.now()
    today = now.astimezone(zone).date()
    guide = selectors.listings_guide(items=page.items, now=now if chosen == today else None)
    days = [today + timedelta(days=n) for n in range(-DAYS_BEFORE, DAYS_AFTER + 1)]
    if chosen not in days:
        days = [chosen + timedelta(days=n) for n in range(-3, 4)]

    response = TemplateResponse(
        request,
        "listings/day_page.html",
        {
            "place": place,
            "day": chosen,
            "today": today,
            "days": days,
            "previous_day": chosen - timedelta(days=1),
            "next_day": chosen + timedelta(days=1),
            "category": category,
            "listing_page": page,
            "guide": guide,
            "now": now,
            "zone": zone,
            "location_settings_url": location_settings_url(),
        },
    )
    # Around today the page says what is on now and which day is "Today": kept a minute.
    near = abs((chosen - today).days) <= DAYS_AFTER
    return cacheable(response, seconds=NEXT_SECONDS if near else None, keys=(surrogate.listings(),))


@require_GET
def fragment(request: HttpRequest, slug: str) -> HttpResponse:
    place = resolve_place(request, slug)
    now = timezone.now()
    response = fragment_response(
        "listings/fragment.html",
        {
            "place": place,
            "items": selectors.listings_next(place=place, now=now, limit=4),
            "now": now,
            "zone": selectors.place_zone(place),
            "today": now.astimezone(selectors.place_zone(place)).date(),
        },
    )
    return cacheable(response, seconds=NEXT_SECONDS, keys=(surrogate.listings(),))


@require_GET
def home_area(request: HttpRequest) -> HttpResponse:
    return home_place_redirect(request, "listings:today")
