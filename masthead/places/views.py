"""Location Settings, the catalogue's JSON look-ups, the reader's prompt and the news fragment."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masthead.core.pagecache import cacheable
from masthead.places import cookies, selectors, services
from masthead.places.choosing import Choice, read_form
from masthead.places.models import COMPONENT_LABELS, COMPONENTS, Place

OFFER_KEY = "places_offer"
NEWS_LIMIT = 4  # a compact card in the My area panel


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _member(request: HttpRequest) -> bool:
    return bool(getattr(request, "user", None) and request.user.is_authenticated)


def _place_json(place: Place) -> dict:
    return {"slug": place.slug, "name": place.name, "label": place.label, "kind": place.kind}


def _offer(request: HttpRequest) -> dict[str, Place]:
    """Choices this browser made before the member signed in, waiting for Keep or Discard."""
    if not _member(request):
        return {}
    slugs = selectors.parse_places_cookie(request.session.get(OFFER_KEY, ""))
    places = {p.slug: p for p in Place.objects.filter(slug__in=list(slugs.values()))}
    return {c: places[s] for c, s in slugs.items() if s in places}


@require_http_methods(["GET", "POST"])
def location_settings(request: HttpRequest) -> HttpResponse:
    """One form for every component; works as a plain form, places.js adds type-ahead."""
    site_default = _site_default_or_none(request)
    current = selectors.reader_place_slugs(request=request)
    current_places = {p.slug: p for p in Place.objects.filter(slug__in=list(current.values()))}
    status = 200
    errors: list[str] = []
    saved = request.GET.get("saved") == "1"
    choices = {
        c: Choice(
            component=c,
            place=current_places.get(current.get(c, "")),
        )
        for c in COMPONENTS
    }
    if request.method == "POST":
        outcome = read_form(request.POST)
        chosen = outcome.chosen
        if chosen:
            slugs = {**current, **{c: p.slug for c, p in chosen.items()}}
            if _member(request):
                services.reader_places_set(user=request.user, choices=chosen)
                slugs = selectors.member_place_slugs(user=request.user)
        else:
            slugs = current
        if outcome.ok:
            response = redirect(f"{request.path}?saved=1")
            cookies.write(response, request, slugs)
            return _private(response)
        # Keep what was good, show what was not.
        for c, choice in outcome.choices.items():
            if choice.place is None:
                choice.place = current_places.get(current.get(c, ""))
            choices[c] = choice
        errors = outcome.errors
        status = 400
        response = render(
            request,
            "places/location_settings.html",
            _settings_context(request, choices, errors, site_default, saved=bool(chosen)),
            status=status,
        )
        cookies.write(response, request, slugs)
        return _private(response)
    response = render(
        request,
        "places/location_settings.html",
        _settings_context(request, choices, errors, site_default, saved=saved),
    )
    return _private(response)


def _site_default_or_none(request: HttpRequest) -> Place | None:
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        return None
    try:
        return selectors.site_default_place(site=site)
    except Place.DoesNotExist:
        return None


def _settings_context(request, choices, errors, site_default, *, saved: bool) -> dict:
    return {
        "choices": [choices[c] for c in COMPONENTS],
        "errors": errors,
        "site_default": site_default,
        "saved": saved,
        "offer": _offer(request),
        "offer_labels": COMPONENT_LABELS,
        "member": _member(request),
    }


@require_POST
def location_offer(request: HttpRequest) -> HttpResponse:
    """Keep (save to the profile) or Discard the choices made before signing in."""
    if not _member(request):
        return redirect("places:settings")
    offer = _offer(request)
    if request.POST.get("action") == "keep" and offer:
        services.reader_places_set(user=request.user, choices=offer)
    request.session.pop(OFFER_KEY, None)
    response = redirect(f"{reverse('places:settings')}?saved=1")
    cookies.write(response, request, selectors.member_place_slugs(user=request.user))
    return _private(response)


@require_GET
def location_search(request: HttpRequest) -> JsonResponse:
    """Type-ahead: the same answer for everyone, so shared caches may keep it."""
    q = (request.GET.get("q") or "").strip()[:100]
    places = selectors.place_search(q=q, limit=10) if len(q) >= 2 else []
    return cacheable(JsonResponse({"q": q, "places": [_place_json(p) for p in places]}))


@require_GET
def location_nearest(request: HttpRequest) -> JsonResponse:
    """The nearest town to a point; the browser rounds to 0.1° and so do we, so the answer
    is shared by everyone in that square and says little about where a reader is."""
    try:
        latitude = round(float(request.GET["lat"]), 1)
        longitude = round(float(request.GET["lon"]), 1)
    except (KeyError, ValueError):
        return JsonResponse({"error": "Give lat and lon as numbers."}, status=400)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return JsonResponse({"error": "lat or lon is out of range."}, status=400)
    place = selectors.place_nearest(latitude=latitude, longitude=longitude)
    if place is None:
        return cacheable(JsonResponse({"place": None}, status=404))
    return cacheable(JsonResponse({"place": _place_json(place)}))


@require_GET
def reader_fragment(request: HttpRequest) -> HttpResponse:
    """Per reader: the sign-in prompt for anonymous readers; for members the Keep/Discard
    offer, and the cookie brought in line with the profile so places.js shows their places."""
    member = _member(request)
    offer = _offer(request)
    profile: dict[str, str] = {}
    changed = False
    if member and not offer:
        profile = selectors.member_place_slugs(user=request.user)
        changed = cookies.read(request) != profile
    response = render(
        request,
        "places/fragment_reader.html",
        {"member": member, "offer": offer, "changed": changed, "labels": COMPONENT_LABELS},
    )
    if changed:
        cookies.write(response, request, profile)
    return _private(response)


@require_GET
def news_fragment(request: HttpRequest, slug: str) -> HttpResponse:
    """Newest stories tagged with the place or any place within it (a region's readers see
    its towns' stories; a town's readers do not get the whole region's)."""
    try:
        place = selectors.place_for_fragment(request=request, slug=slug)
    except Place.DoesNotExist as error:
        raise Http404("No such place.") from error
    stories = selectors.news_for_place(place=place, limit=NEWS_LIMIT)
    response = render(request, "places/fragment_news.html", {"place": place, "stories": stories})
    return cacheable(response)
