"""A reader searches: suggestions as they type (an ARIA combobox, by keyboard), the results
page with highlighted body snippets, a filter with its count, and a corrected misspelling."""

import pytest
from playwright.sync_api import expect
from wagtail.rich_text import RichText

from masthead.newsroom.tests import factories as f


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_picks_a_suggestion_by_keyboard_and_filters_results(page, network, site_url):
    f.make_article(
        network["world"],
        title="Lighthouse keepers return to the cape",
        tags=["Lighthouses"],
        body=[("paragraph", RichText("<p>The keepers climbed the lamp stairs at dawn.</p>"))],
    )
    f.make_video(network["world"], title="Lighthouse lamp video")
    page.goto(site_url("localhost", "/search/"))

    box = page.get_by_role("combobox", name="Search for")
    box.press_sequentially("lighth", delay=40)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    assert "Lighthouses" in options.first.inner_text()
    box.press("ArrowDown")
    box.press("ArrowDown")
    chosen = page.locator("[role=option][aria-selected=true]")
    assert chosen.get_attribute("id") == box.get_attribute("aria-activedescendant")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"

    box.fill("stairs")
    box.press("Enter")
    snippet = page.locator(".search-hit__snippet").first
    assert snippet.locator("mark").inner_text() == "stairs"

    page.goto(site_url("localhost", "/search/?q=lighthouse"))
    kind = page.get_by_role("navigation", name="Kind")
    assert "(1)" in kind.inner_text()
    kind.get_by_role("link", name="Video").click()
    # The click only starts the navigation: wait for the filtered page's list, not the count
    # of whatever the document holds at that instant.
    page.wait_for_url("**kind=video**")
    expect(page.locator(".search-hit__title")).to_have_text(["Lighthouse lamp video"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_misspelt_search_shows_what_was_searched_instead(page, network, site_url):
    f.make_article(network["world"], title="Valparaiso dockers strike")
    page.goto(site_url("localhost", "/search/?q=valpariaso"))
    assert "Showing results for" in page.locator(".search-suggestion").inner_text()
    assert page.locator(".search-hit__title").first.inner_text() == "Valparaiso dockers strike"
