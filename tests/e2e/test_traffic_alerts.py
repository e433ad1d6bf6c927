"""An editor posts a severe alert for a region in the admin: a reader whose traffic place is in
that region sees the ribbon on every page, a reader elsewhere does not; a reader's own report
is held for review."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from masthead.traffic.models import Alert
from masthead.traffic.tests.factories import make_world
from tests.e2e.journeys import sign_in

EDITOR_EMAIL = "traffic.chief@example.test"


@pytest.fixture
def people(db):
    from masthead.accounts.tests.factories import make_member

    return {
        "editor": make_member("trafficchief", email=EDITOR_EMAIL, is_staff=True, is_superuser=True),
        "reader": make_member("roadreader", email="road.reader@example.test"),
    }


def reader_in(browser, site_url, slug: str):
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": "masthead_places",
                "value": f"traffic={slug}",
                "domain": "localhost",
                "path": "/",
            }
        ]
    )
    tab = context.new_page()
    tab.goto(site_url("localhost", "/"))
    return tab


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_severe_regional_alert_reaches_readers_in_the_region_only(
    browser, page, site_url, live_network, people
):
    world = make_world()
    in_region = reader_in(browser, site_url, "cape-town")
    elsewhere = reader_in(browser, site_url, "durban")
    expect(in_region.locator(".traffic-ribbon")).to_have_count(0)

    sign_in(page, site_url("localhost", "/admin/traffic-alerts/new/"), EDITOR_EMAIL)
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("traffic alert", re.I))
    # Wagtail's labels carry a required mark and whitespace: match them as plain text.
    page.get_by_label("Road").fill("N1 outbound")
    page.get_by_role("button", name="Choose place").click()
    modal = page.get_by_role("dialog")
    modal.get_by_label("Search term").fill("Western")
    modal.get_by_role("link", name="Western Cape").first.click()
    expect(modal).to_be_hidden()
    page.get_by_label("Kind").select_option("closure")
    page.get_by_label("Severity").select_option("severe")
    page.get_by_label("Description").fill("Closed after a chemical spill")
    page.get_by_label("Expected end").fill("2099-01-01 12:00")
    page.get_by_role("button", name=re.compile(r"^(create|save)", re.I)).first.click()
    expect(page.get_by_role("status")).to_contain_text(re.compile("created", re.I))

    alert = Alert.objects.get(road="N1 outbound")
    assert alert.place == world["western_cape"] and alert.status == "published"
    assert alert.created_by == people["editor"]

    # A new page (any page) of a reader in Cape Town shows the ribbon; Durban's does not.
    in_region.reload()
    ribbon = in_region.locator(".traffic-ribbon")
    expect(ribbon).to_contain_text("Road closed on N1 outbound, Western Cape")
    elsewhere.reload()
    expect(elsewhere.get_by_role("link", name=re.compile("N1 outbound"))).to_have_count(0)
    expect(elsewhere.locator(".traffic-ribbon-slot")).to_be_attached()
    in_region.context.close()
    elsewhere.context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_reports_traffic_and_it_is_held(browser, page, site_url, live_network, people):
    make_world()
    sign_in(
        page,
        site_url("localhost", "/accounts/login/?next=/traffic/report/"),
        "road.reader@example.test",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Report traffic")
    page.get_by_label("Road").fill("Main Road")
    page.get_by_label("Town or region").fill("Stellenbosch")
    page.get_by_label("What is happening").select_option("crash")
    page.get_by_label("How bad is it").select_option("severe")
    page.get_by_label("Details").fill("Two cars, left lane blocked")
    page.get_by_role("button", name="Send report").click()
    # The page's own notice, in <main>: the masthead's search box keeps a (still empty)
    # status region of its own for announcing how many suggestions it shows.
    expect(page.get_by_role("main").get_by_role("status")).to_contain_text("waiting for an editor")

    alert = Alert.objects.get(road="Main Road")
    assert alert.status == "pending" and alert.reporter == people["reader"]
    # Held: not on the place's traffic page, not in the ribbon.
    page.goto(site_url("localhost", "/traffic/stellenbosch/"))
    expect(page.get_by_text("No traffic alerts for Stellenbosch right now.")).to_be_visible()
    assert urlparse(page.url).path == "/traffic/stellenbosch/"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_ribbon_moves_nothing_on_the_page_and_stays_hidden_once_hidden(
    browser, site_url, live_network
):
    from masthead.newsroom.tests import factories as f
    from masthead.traffic.tests.factories import make_alert

    world = make_world()
    f.make_article(live_network["world"], title="Harbour reopens", lead_image=f.make_image())
    make_alert(world["western_cape"], severity="severe", road="N2", description="Closed.")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(
        [
            {
                "name": "masthead_places",
                "value": "traffic=cape-town",
                "domain": "localhost",
                "path": "/",
            }
        ]
    )
    tab = context.new_page()
    tab.goto(site_url("localhost", "/"))
    ribbon = tab.get_by_role("alert").filter(has_text="N2")
    expect(ribbon).to_be_visible()
    # At the foot of the window, over the page: the page's content starts where it would
    # without it (hiding it moves nothing), so its late arrival shifts no layout.
    box = ribbon.bounding_box()
    assert box is not None and box["y"] + box["height"] == pytest.approx(844, abs=1)
    # Compact on a phone (four lines took a sixth of the screen), and never taller than the
    # room the page keeps below its last line, so it covers none of the page.
    room = tab.evaluate("parseFloat(getComputedStyle(document.body).paddingBottom)")
    assert box["height"] <= min(room, 844 / 8), (box["height"], room)
    hide = ribbon.get_by_role("button", name="Hide this traffic alert").bounding_box()
    assert hide is not None and hide["height"] >= 44 and hide["width"] >= 44
    top = "document.querySelector('main').getBoundingClientRect().top"
    with_ribbon = tab.evaluate(top)
    ribbon.get_by_role("button", name="Hide this traffic alert").click()
    expect(ribbon).to_have_count(0)
    assert tab.evaluate(top) == with_ribbon, "the ribbon took room in the page: a layout shift"

    tab.goto(site_url("localhost", "/news/"))
    tab.wait_for_load_state("load")
    expect(tab.locator(".traffic-ribbon-slot")).to_have_attribute(
        "data-loaded-url", re.compile(".")
    )
    expect(tab.get_by_role("alert").filter(has_text="N2")).to_have_count(0)
    context.close()
