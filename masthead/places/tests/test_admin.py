"""Editors tag stories with places in the page editor and manage places as snippets."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from masthead.newsroom.tests import factories as f
from masthead.newsroom.tests.admin_forms import add_article_url, article_form, edit_url
from masthead.places.models import Place, StoryPlace

pytestmark = pytest.mark.django_db


def test_the_story_editor_has_a_places_panel_that_tags_the_story(
    admin_client, client, network, south_africa
):
    assert "Places" in admin_client.get(add_article_url(network["world"])).content.decode()
    data = article_form("Cape Town harbour reopens")
    data.update(
        nested_form_data({"place_tags": inline_formset([{"place": south_africa["cape_town"].pk}])})
    )
    response = admin_client.post(add_article_url(network["world"]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    story = f.ArticlePage.objects.get(title="Cape Town harbour reopens")
    assert list(StoryPlace.objects.filter(story=story).values_list("place__slug", flat=True)) == [
        "cape-town"
    ]
    assert (
        "Cape Town harbour reopens" in client.get("/fragments/news/western-cape/").content.decode()
    )


def test_a_form_without_places_data_leaves_the_places_alone(admin_client, network, south_africa):
    story = f.make_article(network["world"], title="Already tagged")
    StoryPlace.objects.create(story=story, place=south_africa["durban"])
    response = admin_client.post(edit_url(story), article_form("Already tagged"))
    assert response.status_code == 302
    assert StoryPlace.objects.filter(story=story, place=south_africa["durban"]).exists()


def test_editors_add_an_area_with_member_places(admin_client, south_africa):
    url = reverse("wagtailsnippets_places_place:add")
    response = admin_client.post(
        url,
        {
            "name": "Cape Winelands",
            "slug": "cape-winelands",
            "kind": "area",
            "parent": south_africa["western_cape"].pk,
            "members": [south_africa["stellenbosch"].pk],
            "country_code": "ZA",
            "latitude": "",
            "longitude": "",
            "time_zone": "",
            "population": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    area = Place.objects.get(slug="cape-winelands")
    assert area.search_name == "cape winelands"
    assert list(area.members.all()) == [south_africa["stellenbosch"]]


def test_the_place_chooser_searches_the_catalogue_by_name(admin_client, south_africa):
    url = reverse("wagtailsnippetchoosers_places_place:choose_results")
    html = admin_client.get(url, {"q": "stell"}).content.decode()
    assert "Stellenbosch" in html
    assert "Durban" not in html
