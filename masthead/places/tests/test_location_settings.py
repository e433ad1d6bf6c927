"""Location Settings: anonymous readers (cookie), members (profile), bad input, sign-in offer."""

from __future__ import annotations

import pytest

from masthead.accounts.tests.factories import make_member, sign_in
from masthead.places.models import ReaderPlace
from masthead.places.selectors import COOKIE_NAME, parse_places_cookie
from masthead.places.tests.catalogue import make_place

pytestmark = pytest.mark.django_db


def cookie_choices(client) -> dict[str, str]:
    morsel = client.cookies.get(COOKIE_NAME)
    return parse_places_cookie(morsel.value) if morsel else {}


def test_page_lists_every_component_and_is_private(client, network, south_africa):
    response = client.get("/location/")
    html = response.content.decode()
    assert response.status_code == 200
    for label in (
        "Local news location",
        "Weather location",
        "Traffic location",
        "Listings location",
    ):
        assert label in html
    assert "private" in response["Cache-Control"]
    assert "Log in to personalise news, weather and listings" in html


def test_anonymous_choice_by_slug_and_by_name_goes_into_the_cookie(client, network, south_africa):
    response = client.post(
        "/location/",
        {
            "news": "cape-town",
            "news-q": "Cape Town, Western Cape, South Africa",
            "weather-q": "durban",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/location/?saved=1"
    assert cookie_choices(client) == {"news": "cape-town", "weather": "durban"}
    morsel = client.cookies[COOKIE_NAME]
    assert not morsel["httponly"], "places.js must be able to read the cookie"

    page = client.get("/location/?saved=1").content.decode()
    assert "Your location settings are saved." in page
    assert "Now: Durban, KwaZulu-Natal, South Africa" in page

    # A later save of one component keeps the others.
    client.post("/location/", {"traffic-q": "Western Cape"})
    assert cookie_choices(client) == {
        "news": "cape-town",
        "weather": "durban",
        "traffic": "western-cape",
    }


def test_text_that_matches_several_places_asks_which_and_keeps_the_rest(
    client, network, south_africa
):
    make_place("Springfield", "city", south_africa["kzn"], slug="springfield-kzn", population=9)
    make_place("Springfield", "city", south_africa["western_cape"], slug="springfield-wc")
    response = client.post("/location/", {"news-q": "Springfield", "weather-q": "Durban"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Several places match “Springfield”: choose one." in html
    assert 'name="news-pick" value="springfield-kzn"' in html
    assert cookie_choices(client) == {"weather": "durban"}

    response = client.post("/location/", {"news-q": "Springfield", "news-pick": "springfield-wc"})
    assert response.status_code == 302
    assert cookie_choices(client) == {"weather": "durban", "news": "springfield-wc"}


def test_unknown_place_and_forged_component_are_refused_clearly_others_saved(
    client, network, south_africa
):
    response = client.post(
        "/location/",
        {
            "news": "atlantis",
            "weather-q": "Nowhere-at-all",
            "horoscope": "cape-town",
            "traffic-q": "Stellenbosch",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "We do not know a place called “atlantis”" in html
    assert "We could not find a place called “Nowhere-at-all”." in html
    assert "“horoscope” is not a location component; nothing was saved for it." in html
    assert cookie_choices(client) == {"traffic": "stellenbosch"}


def test_a_forged_cookie_is_ignored_not_trusted(client, network, south_africa):
    client.cookies[COOKIE_NAME] = "news=<b>&weather=no-such-place&zodiac=durban"
    response = client.get("/location/")
    assert response.status_code == 200
    assert "&lt;b&gt;" not in response.content.decode()


def test_member_choices_are_kept_in_the_profile_and_mirrored_in_the_cookie(
    client, network, south_africa
):
    member = make_member()
    sign_in(client, member)
    response = client.post("/location/", {"weather-q": "Durban", "news": "cape-town"})
    assert response.status_code == 302
    assert dict(
        ReaderPlace.objects.filter(user=member).values_list("component", "place__slug")
    ) == {"weather": "durban", "news": "cape-town"}
    assert cookie_choices(client) == {"news": "cape-town", "weather": "durban"}


def test_signing_in_with_cookie_choices_offers_keep_and_keep_saves_them(
    client, network, south_africa
):
    member = make_member()
    ReaderPlace.objects.create(user=member, component="news", place=south_africa["durban"])
    client.post("/location/", {"news": "cape-town", "weather": "stellenbosch"})
    sign_in(client, member)

    fragment = client.get("/fragments/places/reader/").content.decode()
    assert "Keep these locations" in fragment
    assert "Discard them" in fragment
    assert "Keep these locations" in client.get("/location/").content.decode()

    response = client.post("/location/offer/", {"action": "keep"})
    assert response.status_code == 302
    assert dict(
        ReaderPlace.objects.filter(user=member).values_list("component", "place__slug")
    ) == {"news": "cape-town", "weather": "stellenbosch"}
    assert "Keep these locations" not in client.get("/location/").content.decode()


def test_discard_keeps_the_profile_and_rewrites_the_cookie(client, network, south_africa):
    member = make_member()
    ReaderPlace.objects.create(user=member, component="news", place=south_africa["durban"])
    client.post("/location/", {"news": "cape-town"})
    sign_in(client, member)
    client.post("/location/offer/", {"action": "discard"})
    assert dict(
        ReaderPlace.objects.filter(user=member).values_list("component", "place__slug")
    ) == {"news": "durban"}
    assert cookie_choices(client) == {"news": "durban"}


def test_member_on_a_new_device_gets_the_cookie_from_the_profile(client, network, south_africa):
    member = make_member()
    ReaderPlace.objects.create(user=member, component="weather", place=south_africa["durban"])
    sign_in(client, member)
    response = client.get("/fragments/places/reader/", HTTP_HOST="money.localhost")
    assert "data-places-changed" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert cookie_choices(client) == {"weather": "durban"}
    # In step now: nothing more to change.
    response = client.get("/fragments/places/reader/", HTTP_HOST="money.localhost")
    assert "data-places-changed" not in response.content.decode()


def test_anonymous_reader_is_invited_to_sign_in_without_being_stopped(client, network):
    response = client.get("/fragments/places/reader/")
    html = response.content.decode()
    assert "Sign in to keep your places on every device" in html
    assert 'href="/accounts/login/?next=/location/"' in html


def test_search_endpoint_is_shared_json(client, network, south_africa):
    response = client.get("/location/search/?q=dur")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert response.json()["places"][0] == {
        "slug": "durban",
        "name": "Durban",
        "label": "Durban, KwaZulu-Natal, South Africa",
        "kind": "city",
    }
    assert client.get("/location/search/?q=d").json()["places"] == []


def test_nearest_rounds_the_point_and_refuses_nonsense(client, network, south_africa):
    response = client.get("/location/nearest/?lat=-33.91234&lon=18.4321")
    assert response.json()["place"]["slug"] == "cape-town"
    assert "public" in response["Cache-Control"]
    assert client.get("/location/nearest/?lat=abc&lon=1").status_code == 400
    assert client.get("/location/nearest/?lat=95&lon=1").status_code == 400
    assert client.get("/location/nearest/?lat=60&lon=-150").status_code == 404


def test_personal_data_and_eraser_cover_the_members_places(south_africa):
    from masthead.accounts import hooks

    member = make_member()
    ReaderPlace.objects.create(user=member, component="news", place=south_africa["durban"])
    assert hooks.personal_data_collectors()["places"](member) == {
        "news": {"place": "Durban", "slug": "durban"}
    }
    hooks.erasers()["places"](member, True)
    assert not ReaderPlace.objects.filter(user=member).exists()
