"""Local news fragment: keyed by place, a region shows its towns' stories, bounded queries."""

from __future__ import annotations

import pytest

from masthead.newsroom.tests import factories as f
from masthead.newsroom.tests.test_query_budgets import add_stories_in_bulk
from masthead.places.models import PlacesSettings, StoryPlace
from masthead.places.services import story_places_set
from masthead.places.views import NEWS_LIMIT

pytestmark = pytest.mark.django_db


def test_a_regions_news_includes_its_towns_stories_but_not_the_reverse(
    client, network, south_africa
):
    town_story = f.make_article(network["world"], title="Harbour reopens in Cape Town")
    region_story = f.make_article(network["world"], title="Province-wide water plan")
    elsewhere = f.make_article(network["world"], title="Durban beach festival")
    untagged = f.make_article(network["world"], title="A story about nowhere")
    story_places_set(story=town_story, places=[south_africa["cape_town"]])
    story_places_set(story=region_story, places=[south_africa["western_cape"]])
    story_places_set(story=elsewhere, places=[south_africa["durban"]])

    region = client.get("/fragments/news/western-cape/").content.decode()
    assert "Harbour reopens in Cape Town" in region
    assert "Province-wide water plan" in region
    assert "Durban beach festival" not in region
    assert untagged.title not in region

    town = client.get("/fragments/news/cape-town/").content.decode()
    assert "Harbour reopens in Cape Town" in town
    assert "Province-wide water plan" not in town
    assert "Local news: Cape Town" in town
    # Where to change the place is said once by the panel around the cards, not per card.
    assert 'href="/location/"' not in town


def test_unpublished_stories_stay_out(client, network, south_africa):
    draft = f.make_article(network["world"], title="Not yet", live=False)
    story_places_set(story=draft, places=[south_africa["cape_town"]])
    html = client.get("/fragments/news/cape-town/").content.decode()
    assert "Not yet" not in html
    assert "No local stories for Cape Town yet." in html


def test_fragment_is_shared_and_unknown_places_are_404(client, network, south_africa):
    response = client.get("/fragments/news/cape-town/")
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    assert client.get("/fragments/news/atlantis/").status_code == 404


def test_site_placeholder_serves_the_sites_default_place(client, network, south_africa):
    from wagtail.models import Site

    setting = PlacesSettings.for_site(Site.objects.get(hostname="money.localhost"))
    setting.default_place = south_africa["durban"]
    setting.save()
    html = client.get("/fragments/news/_site/", HTTP_HOST="money.localhost").content.decode()
    assert "Local news: Durban" in html


@pytest.mark.parametrize("stories", [10, 1000])
def test_news_fragment_runs_the_same_queries_for_10_or_1000_stories(
    client, settings, network, south_africa, django_assert_num_queries, stories
):
    settings.PAGE_CACHE_ENABLED = False
    ids = add_stories_in_bulk(network["world"], count=stories, tag="Local", image=f.make_image())
    places = [south_africa["cape_town"], south_africa["stellenbosch"]]
    StoryPlace.objects.bulk_create(
        StoryPlace(story_id=pk, place=places[i % 2], sort_order=0) for i, pk in enumerate(ids)
    )
    url = "/fragments/news/western-cape/"
    assert client.get(url).status_code == 200
    # place (with its parents), two levels of places within (children and members each),
    # the newest stories.
    with django_assert_num_queries(6):
        html = client.get(url).content.decode()
    assert html.count("<li>") == NEWS_LIMIT
