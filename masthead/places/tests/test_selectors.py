"""Containment, lineage, search and a reader's place per component."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from wagtail.models import Site

from masthead.places import selectors
from masthead.places.models import Place, PlacesSettings, ReaderPlace
from masthead.places.tests.catalogue import make_place


def test_lineage_runs_from_the_city_up_to_its_country(south_africa, django_assert_num_queries):
    with django_assert_num_queries(1):
        place = selectors.place_get(slug="cape-town")
        lineage = selectors.place_lineage(place=place)
    assert [p.name for p in lineage] == ["Cape Town", "Western Cape", "South Africa"]


def test_places_within_a_region_are_its_cities_and_an_area_covers_its_members(south_africa):
    ids = selectors.place_ids_within(place=south_africa["western_cape"])
    assert set(ids) == {
        south_africa["western_cape"].pk,
        south_africa["cape_town"].pk,
        south_africa["stellenbosch"].pk,
    }
    winelands = make_place("Cape Winelands", "area")
    winelands.members.add(south_africa["stellenbosch"])
    assert set(selectors.place_ids_within(place=winelands)) == {
        winelands.pk,
        south_africa["stellenbosch"].pk,
    }
    # The country holds every place of the catalogue, itself included.
    assert set(selectors.place_ids_within(place=south_africa["country"])) == {
        place.pk for place in south_africa.values()
    }


def test_containment_costs_one_query_per_level_not_per_place(
    south_africa, django_assert_num_queries
):
    for n in range(50):
        make_place(f"Town {n}", "city", south_africa["kzn"])
    # country → regions → cities → (nothing below): two queries per level.
    with django_assert_num_queries(6):
        ids = selectors.place_ids_within(place=south_africa["country"])
    assert len(ids) == len(south_africa) + 50


def test_search_is_case_and_accent_blind_and_puts_big_places_first(south_africa):
    make_place("Zürich", "city", population=400_000)
    make_place("Capetown Creek", "city", population=10)
    assert [p.name for p in selectors.place_search(q="zurich")] == ["Zürich"]
    found = [p.name for p in selectors.place_search(q="CAPE")]
    assert found[0] == "Cape Town"
    assert set(found) == {"Cape Town", "Western Cape", "Capetown Creek"}
    assert selectors.place_search(q="town")[0].name == "Cape Town"
    assert selectors.place_search(q="  ") == []


def test_nearest_place_is_the_closest_city(south_africa):
    assert selectors.place_nearest(latitude=-33.9, longitude=18.4).name == "Cape Town"
    assert selectors.place_nearest(latitude=-29.9, longitude=31.0).name == "Durban"
    assert selectors.place_nearest(latitude=60.0, longitude=-150.0) is None


def test_cookie_keeps_known_components_and_well_formed_slugs_only():
    value = '"news=cape-town&weather=durban&evil=x&traffic=<script>"'
    assert selectors.parse_places_cookie(value) == {"news": "cape-town", "weather": "durban"}
    assert (
        selectors.places_cookie_value({"weather": "durban", "news": "cape-town"})
        == "news=cape-town&weather=durban"
    )


@pytest.mark.django_db
def test_reader_place_cookie_then_profile_then_site_default(south_africa, rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    from masthead.accounts.tests.factories import make_member

    site = Site.objects.get(is_default_site=True)
    setting = PlacesSettings.for_site(site)
    setting.default_place = south_africa["durban"]
    setting.save()

    request = rf.get("/", HTTP_HOST=site.hostname)
    request.user = AnonymousUser()
    request.COOKIES[selectors.COOKIE_NAME] = "news=cape-town&weather=no-such-place"
    assert selectors.reader_place(request=request, component="news").name == "Cape Town"
    assert selectors.reader_place(request=request, component="weather").name == "Durban"
    assert selectors.reader_place(request=request, component="traffic").name == "Durban"

    member = make_member()
    ReaderPlace.objects.create(user=member, component="traffic", place=south_africa["cape_town"])
    request = rf.get("/", HTTP_HOST=site.hostname)
    request.user = member
    request.COOKIES[selectors.COOKIE_NAME] = "traffic=durban&news=stellenbosch"
    assert selectors.reader_place(request=request, component="traffic").name == "Cape Town"
    assert selectors.reader_place(request=request, component="news").name == "Durban"
    with pytest.raises(ValueError):
        selectors.reader_place(request=request, component="horoscope")


@pytest.mark.django_db
def test_site_default_falls_back_to_the_largest_city_and_fails_on_an_empty_catalogue():
    site = Site.objects.get(is_default_site=True)
    with pytest.raises(Place.DoesNotExist):
        selectors.site_default_place(site=site)
    make_place("Small", "city", population=5)
    make_place("Big", "city", population=50)
    assert selectors.site_default_place(site=site).name == "Big"
