"""What every local component (traffic, listings) builds its place-keyed fragments and forms
with: the place a fragment is for, the Location Settings link, the fragment renderer and the
admin's place chooser. They live here, under the components, so no component imports another."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from masthead.places.models import Place
from masthead.places.selectors import SITE_DEFAULT, place_for_fragment


def location_settings_url() -> str:
    for name in ("places:settings", "places:location-settings", "places:location"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/location/"


def fragment_response(template: str, context: dict) -> HttpResponse:
    """A fragment is rendered without the request's context processors: it needs neither the
    site chrome nor the reader, and so costs only its own queries."""
    return HttpResponse(render_to_string(template, context))


def resolve_place(request: HttpRequest, slug: str) -> Place:
    """The place a fragment is for: its slug, or the site's default for ``_site`` (the slug a
    page's slot falls back to when the reader chose no place, so a page render needs no query
    for that default)."""
    try:
        return place_for_fragment(request=request, slug=slug)
    except Place.DoesNotExist:
        raise Http404("No such place (or no site for this host).") from None


def place_chooser():
    # The places catalogue is tens of thousands of towns: a searchable chooser, not a <select>.
    # Set explicitly because a form class built before the Place snippet is registered would
    # otherwise get a plain select.
    from wagtail.snippets.widgets import AdminSnippetChooser

    return AdminSnippetChooser(Place)


def home_place_redirect(request: HttpRequest, view_name: str) -> HttpResponse:
    """``/weather/``, ``/traffic/``, ``/listings/``: a reader who types the component's
    address lands on the page for the site's home area (the My area panel links straight to
    the reader's own place). The same answer for every reader of the host: shared caches keep it."""
    from django.shortcuts import redirect
    from django.utils.cache import patch_cache_control

    place = resolve_place(request, SITE_DEFAULT)
    response = redirect(view_name, slug=place.slug)
    patch_cache_control(response, public=True, max_age=0, s_maxage=300)
    return response
