"""Signed in everywhere at once, in a real browser, across three unrelated domains.

Chromium maps news.example, money.example and sport.example.org to the live server
(``--host-resolver-rules``), so each host keeps its own cookies as the network's real sites
do: nothing but the hop (accounts/network.py) can carry the sign-in from one to another.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from conftest import CHROMIUM
from masthead.accounts.tests.factories import make_member
from tests.e2e.conftest import CHROMIUM_ARGS
from tests.e2e.journeys import sign_in

HOME, MONEY, SPORT = "news.example", "money.example", "sport.example.org"
# A sign-in here is four redirects across three hosts: more than expect()'s 5 s on a busy
# machine, though nothing in it waits on a clock.
WAIT = 20_000


@pytest.fixture
def unrelated_browser(browser) -> Iterator:
    rules = ",".join(f"MAP {host} 127.0.0.1" for host in (HOME, MONEY, SPORT))
    # A second Chromium from the package's Playwright (one Playwright may run at a time): the
    # shared one was started without these resolver rules.
    instance = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules={rules}"],
        headless=True,
    )
    context = instance.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    instance.close()


@pytest.fixture
def unrelated_network(network, live_server, settings):
    from wagtail.models import Site

    from masthead.core.pagecache import purge_all
    from masthead.core.sites import forget_network_sites
    from masthead.places.models import PlacesSettings
    from masthead.places.tests.catalogue import build_south_africa

    settings.ALLOWED_HOSTS = [HOME, MONEY, SPORT]
    port = urlparse(live_server.url).port
    for old, new in (("localhost", HOME), ("money.localhost", MONEY), ("sport.localhost", SPORT)):
        Site.objects.filter(hostname=old).update(hostname=new, port=port)
    places = build_south_africa()
    for site in Site.objects.all():
        setting = PlacesSettings.for_site(site)
        setting.default_place = places["cape_town"]
        setting.save()
    forget_network_sites()
    purge_all()

    def url(host: str, path: str = "/") -> str:
        return f"http://{host}:{port}{path}"

    return url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signed_in_on_one_site_signed_in_on_all_and_signed_out_of_all_at_once(
    unrelated_browser, unrelated_network
):
    page, url = unrelated_browser, unrelated_network
    make_member("Traveller", email="traveller@example.test", display_name="The Traveller")
    hops: list[str] = []
    page.on(
        "request",
        lambda r: hops.append(r.url) if "/accounts/network/start/" in r.url else None,
    )
    account = page.locator(".account-slot")

    # Signed in on money.example (not the home: the home takes the sign-in over on the way).
    with page.expect_request(
        lambda r: r.url.startswith(url(HOME, "/accounts/network/callback/")), timeout=WAIT
    ):
        sign_in(page, url(MONEY, "/accounts/login/?next=/markets/"), "traveller@example.test")
    page.wait_for_url(url(MONEY, "/markets/"), timeout=WAIT)
    expect(account).to_contain_text("The Traveller", timeout=WAIT)

    # sport.example.org: never visited, signed in without a click.
    page.goto(url(SPORT, "/"))
    expect(account).to_contain_text("The Traveller", timeout=WAIT)
    expect(page).to_have_url(url(SPORT, "/"))
    # news.example (the home) holds the sign-in itself.
    page.goto(url(HOME, "/"))
    expect(account).to_contain_text("The Traveller", timeout=WAIT)

    # Location Settings changed on sport, seen on news.
    page.goto(url(SPORT, "/location/"))
    page.get_by_label("Local news location").fill("Durb")
    page.get_by_role("option", name="Durban, KwaZulu-Natal, South Africa").click()
    page.get_by_role("button", name="Save location settings").click()
    expect(page.get_by_text("Your location settings are saved.")).to_be_visible(timeout=WAIT)
    page.goto(url(HOME, "/location/"))
    expect(page.get_by_label("Local news location")).to_have_value(
        "Durban, KwaZulu-Natal, South Africa"
    )

    # Signed out on news: signed out on money and sport too.
    page.goto(url(HOME, "/"))
    account.get_by_role("button", name="Sign out").click()
    expect(account).to_contain_text("Sign in", timeout=WAIT)
    for host in (MONEY, SPORT):
        page.goto(url(host, "/"))
        expect(account).to_contain_text("Sign in", timeout=WAIT)
        expect(account).not_to_contain_text("The Traveller")
        page.reload()
        expect(account).to_contain_text("Sign in", timeout=WAIT)

    # Each site asked the home at most once in this browser session, however many pages.
    asked = [urlparse(h).hostname for h in hops]
    assert asked.count(SPORT) == 1, hops
    assert asked.count(MONEY) <= 1, hops
    assert asked.count(HOME) <= 1, hops
