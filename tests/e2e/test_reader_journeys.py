"""A reader in a real browser: front page to story to tag, across to a sister site, and the
keyboard route past the navigation. Everything is found by role and label, as a reader would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masthead.newsroom.tests import factories as f


@pytest.fixture
def harbour_story(live_network):
    picture = f.make_image(
        photographer="Deniz Aksoy", agency="AFP", default_alt_text="Boats in a harbour"
    )
    f.make_article(live_network["world"], title="Fishing fleet returns", tags=["Harbour"])
    return f.make_article(
        live_network["world"],
        title="Harbour reopens after storm",
        standfirst="Ferries sail again after three days.",
        dateline="Izmir",
        lead_image=picture,
        lead_image_caption="The first ferry leaves",
        tags=["Harbour", "Weather"],
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_follows_a_story_from_the_front_page_to_its_tag(page, site_url, harbour_story):
    page.goto(site_url("localhost", "/"))
    expect(page).to_have_title(re.compile("Test News"))
    page.get_by_role("link", name="Harbour reopens after storm").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour reopens after storm")
    expect(page.get_by_text("Ferries sail again after three days.")).to_be_visible()
    lead = page.get_by_role("figure").filter(has=page.get_by_role("img", name="Boats in a harbour"))
    expect(lead).to_be_visible()
    expect(lead.locator("figcaption")).to_have_text(
        re.compile(r"The first ferry leaves\s+Photo: Deniz Aksoy / AFP")
    )

    read_more = page.get_by_role("navigation", name="Read more on")
    expect(read_more.get_by_role("link")).to_have_text(["Harbour", "Weather"])
    read_more.get_by_role("link", name="Harbour").click()

    expect(page).to_have_url(re.compile(r"/tags/harbour/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Harbour reopens after storm")).to_be_visible()
    expect(main.get_by_role("link", name="Fishing fleet returns")).to_be_visible()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_crosses_to_a_sister_site_through_the_network_navigation(
    page, site_url, live_network
):
    f.make_article(live_network["markets"], title="Shares close higher")
    page.goto(site_url("localhost", "/"))

    network_nav = page.get_by_role("navigation", name="Inside the network")
    network_nav.get_by_role("link", name="Test Money").click()

    expect(page).to_have_url(re.compile(r"^http://money\.localhost:\d+/$"))
    expect(page.get_by_role("link", name="Shares close higher").first).to_be_visible()
    sister_nav = page.get_by_role("navigation", name="Inside the network")
    expect(sister_nav.get_by_role("link", name="Test News")).to_be_visible()
    expect(sister_nav.get_by_role("link", name="Test Sport")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Sections").get_by_role("link", name="Markets")
    ).to_be_visible()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_keyboard_reader_skips_the_navigation_to_the_main_content(page, site_url, harbour_story):
    page.goto(harbour_story.full_url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # shown when focused, hidden otherwise
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    # The next Tab continues inside the story, not back in the navigation.
    page.keyboard.press("Tab")
    focused_in_main = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused_in_main


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_missing_page_says_so_and_offers_the_front_page(page, site_url, live_network):
    response = page.goto(site_url("localhost", "/no/such/story/"))
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    page.get_by_role("main").get_by_role("link", name="Go to the front page").click()
    expect(page).to_have_url(re.compile(r"^http://localhost:\d+/$"))
