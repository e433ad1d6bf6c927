"""Demo network step: the catalogue, each site's default place, and stories tagged with the
place their dateline names (so "Local news: Cape Town" lists stories datelined Cape Town)."""

from __future__ import annotations

from django.db import transaction

from masthead.newsroom.demo import text
from masthead.places.models import Place, PlacesSettings, StoryPlace
from masthead.places.tasks import places_load_rest

# Each site's default place: the first city of its home area (the stories' dateline mostly).
DEMO_DEFAULTS = {key: next(iter(text.AREAS[area])) for key, area in text.SITE_AREAS.items()}


def dateline_places(datelines) -> dict[str, Place]:
    """Dateline -> the catalogue's city of that name in the country the demo meant."""
    found: dict[str, Place] = {}
    rows = Place.objects.filter(name__in=set(datelines), kind=Place.Kind.CITY).order_by(
        "-population"
    )
    for place in rows:
        if text.COUNTRY_OF.get(place.name) in (None, place.country_code):
            found.setdefault(place.name, place)
    return found


def build_places(*, homes, rng, console) -> None:
    from wagtail.models import Site

    from masthead.newsroom.models import StoryPage
    from masthead.places.services import places_load

    # Only the countries the stories are about: the rest of the catalogue (some 30,000 places)
    # loads in the background once the demo is committed, so a first `make run` serves sooner.
    countries = sorted(set(text.COUNTRY_OF.values()))
    with console.status("Loading the demo's countries from the places catalogue…"):
        report = places_load(countries=countries)
    console.print(f"Places: {report.created} loaded; the rest of the world loads in the background")
    transaction.on_commit(lambda: places_load_rest.enqueue())
    stories = list(StoryPage.objects.exclude(dateline="").values_list("id", "dateline", "path"))
    by_name = dateline_places({d for _, d, _ in stories} | set(DEMO_DEFAULTS.values()))
    in_order = list(DEMO_DEFAULTS.values())  # the network's sites, in NETWORK's order
    for index, home in enumerate(homes):
        default = by_name.get(DEMO_DEFAULTS.get(home.slug) or in_order[index % len(in_order)])
        if default is None:
            continue
        for site in Site.objects.filter(root_page=home):
            setting = PlacesSettings.for_site(site)
            setting.default_place = default
            setting.save()
    tags = [
        StoryPlace(story_id=story_id, place=by_name[dateline], sort_order=0)
        for story_id, dateline, _path in stories
        if dateline in by_name
    ]
    StoryPlace.objects.bulk_create(tags, ignore_conflicts=True)
    console.print(f"Places: {len(tags)} stories tagged with their dateline's place")
