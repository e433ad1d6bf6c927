"""A reader in a real browser sets a location for each component, sees each component change,
signs up, keeps the choices, and finds them on a sister site; weather shows figures from a
recorded Open-Meteo response served by a loopback server, and "unavailable" when it fails."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from playwright.sync_api import expect

from masthead.accounts.tests.factories import PASSWORD, ensure_wagtail_root
from masthead.places.models import ReaderPlace
from masthead.weather.tests.conftest import RECORDED
from tests.e2e.journeys import sign_in_on_sister_site


@pytest.fixture
def weather_server(settings, shared_data):
    """Open-Meteo on loopback: the recorded response for Stellenbosch, 503 for anywhere else."""
    body = RECORDED.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            query = parse_qs(urlparse(self.path).query)
            if query.get("latitude") == ["-33.9300"]:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WEATHER_OPEN_METEO_URL = f"http://127.0.0.1:{server.server_port}/v1/forecast"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def catalogue(db):
    from masthead.places.tests.catalogue import build_south_africa

    return build_south_africa()


@pytest.fixture
def local_stories(live_network, catalogue):
    from wagtail.models import Site

    from masthead.newsroom.tests import factories as f
    from masthead.places.models import PlacesSettings
    from masthead.places.services import story_places_set

    for site in Site.objects.all():
        setting = PlacesSettings.for_site(site)
        setting.default_place = catalogue["cape_town"]
        setting.save()
    harbour = f.make_article(live_network["world"], title="Cape Town harbour reopens")
    surf = f.make_article(live_network["world"], title="Durban surf contest draws crowds")
    story_places_set(story=harbour, places=[catalogue["cape_town"]])
    story_places_set(story=surf, places=[catalogue["durban"]])


def choose(page, label: str, typed: str, option: str) -> None:
    page.get_by_label(label).fill(typed)
    page.get_by_role("option", name=option).click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_sets_each_component_signs_up_and_finds_them_on_a_sister_site(
    page, site_url, weather_server, local_stories, catalogue
):
    ensure_wagtail_root()
    news = page.locator(".place-slot--news")
    weather = page.locator(".place-slot--weather")

    # The site's default place: Cape Town, whose weather the provider fails to give.
    page.goto(site_url("localhost", "/"))
    expect(news.get_by_role("heading", name="Local news: Cape Town")).to_be_visible()
    expect(news.get_by_role("link", name="Cape Town harbour reopens")).to_be_visible()
    expect(weather).to_contain_text("Weather is unavailable")
    expect(
        page.get_by_role("link", name="Sign in to keep your places on every device")
    ).to_be_visible()
    page.reload()
    expect(weather).to_contain_text("Weather is unavailable")
    expect(weather).not_to_contain_text("°C")

    # Location Settings: type-ahead for three components, the browser's location for one.
    page.get_by_role("navigation", name="Inside the network").get_by_role(
        "link", name="Location Settings"
    ).click()
    expect(page.get_by_role("heading", name="Location Settings")).to_be_visible()
    choose(page, "Local news location", "Durb", "Durban, KwaZulu-Natal, South Africa")
    choose(page, "Weather location", "stell", "Stellenbosch, Western Cape, South Africa")
    choose(page, "Traffic location", "Western", "Western Cape, South Africa")
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": -29.63, "longitude": 30.41})
    page.get_by_role("button", name="Use my location for listings").click()
    expect(page.get_by_text("Found Pietermaritzburg, KwaZulu-Natal, South Africa.")).to_be_visible()
    page.get_by_role("button", name="Save location settings").click()
    expect(page.get_by_text("Your location settings are saved.")).to_be_visible()
    expect(page.get_by_label("Listings location")).to_have_value(
        "Pietermaritzburg, KwaZulu-Natal, South Africa"
    )

    # Each component follows its own place.
    page.goto(site_url("localhost", "/"))
    expect(news.get_by_role("heading", name="Local news: Durban")).to_be_visible()
    expect(news.get_by_role("link", name="Durban surf contest draws crowds")).to_be_visible()
    expect(news).not_to_contain_text("Cape Town harbour reopens")
    expect(weather.get_by_role("heading", name="Weather: Stellenbosch")).to_be_visible()
    expect(page.locator(".traffic-ribbon-slot")).to_have_attribute(
        "data-loaded-url", "/fragments/traffic/ribbon/western-cape/"
    )
    # The first reader of Stellenbosch's weather queued the fetch; the figures follow.
    page.reload()
    expect(weather).to_contain_text("Partly cloudy")
    expect(weather).to_contain_text("18°C")
    expect(weather).to_contain_text("High 21°C")
    # Traffic and listings in the same My area panel, each for its own place.
    panel = page.get_by_role("region", name="My area")
    expect(panel.get_by_role("heading", name="Traffic: Western Cape")).to_be_visible()
    expect(panel.get_by_role("heading", name="On next: Pietermaritzburg")).to_be_visible()
    expect(panel.get_by_role("link", name="Change in Location Settings")).to_have_count(1)
    # The weather card leads to the place's weather page.
    panel.get_by_role("link", name="Full forecast for Stellenbosch").click()
    expect(page.get_by_role("heading", name="Weather: Stellenbosch", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="The next days")).to_be_visible()
    # The recorded response has no hours ahead of its own "now": said, not drawn empty.
    expect(page.get_by_text("No hour-by-hour figures for Stellenbosch right now.")).to_be_visible()
    page.go_back()

    # Sign up; after verifying, keep the choices made before.
    page.get_by_role("link", name="Create profile").click()
    page.get_by_label("Email").fill("local.reader@example.test")
    page.get_by_role("textbox", name="Username").fill("LocalReader")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create profile").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".account-slot")).to_contain_text("LocalReader")
    # The offer shows in the components on any page, and on Location Settings.
    aside = page.get_by_role("region", name="My area")
    expect(aside.get_by_role("button", name="Keep these locations")).to_be_visible()
    page.goto(site_url("localhost", "/location/"))
    page.locator("#main").get_by_role("button", name="Keep these locations").click()
    expect(page.get_by_text("Your location settings are saved.")).to_be_visible()
    expect(page.get_by_role("button", name="Keep these locations")).to_have_count(0)
    assert dict(
        ReaderPlace.objects.filter(user__username="LocalReader").values_list(
            "component", "place__slug"
        )
    ) == {
        "news": "durban",
        "weather": "stellenbosch",
        "traffic": "western-cape",
        "listings": "pietermaritzburg",
    }

    # A sister site, signed in there: the profile's places, not the site's default.
    sign_in_on_sister_site(
        page, site_url("money.localhost", "/accounts/login/"), "local.reader@example.test"
    )
    page.goto(site_url("money.localhost", "/"))
    expect(news.get_by_role("heading", name="Local news: Durban")).to_be_visible()
    expect(weather).to_contain_text("Partly cloudy")
    expect(
        page.get_by_role("link", name="Sign in to keep your places on every device")
    ).to_have_count(0)
    page.goto(site_url("money.localhost", "/location/"))
    expect(page.get_by_label("Weather location")).to_have_value(
        "Stellenbosch, Western Cape, South Africa"
    )
