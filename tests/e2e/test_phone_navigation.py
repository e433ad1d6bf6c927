"""The section navigation on a phone: one row that scrolls sideways (as the BBC's and the
Guardian's do), never three or four rows of links pushing the page down, and every section,
the network-wide listings included, still within a finger's reach."""

import pytest

from masthead.newsroom.tests import factories as f
from tests.e2e.journeys import open_on_sister_site

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# Sport's tree in the demo and then some: more than a phone's width of section names.
SPORT_SECTIONS = ["Football", "Rugby", "Cricket", "Athletics", "Motor Sport", "Tennis", "Golf"]
EVERY_SITE_LISTING = ["Multimedia", "News in Pictures", "Community", "User Galleries"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_sections_are_one_row_and_each_is_reachable(browser, live_network, site_url, viewport):
    for title in SPORT_SECTIONS[1:]:  # Football is the fixture's
        f.make_section(live_network["sport"], title)
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    # The first page of a session on a sister site hops to the home and back (decision 0105).
    open_on_sister_site(tab, site_url("sport.localhost", "/"))
    nav = tab.get_by_role("navigation", name="Sections")
    links = nav.get_by_role("link")
    first = links.first.bounding_box()
    box = nav.get_by_role("list").bounding_box()
    assert first is not None and box is not None
    # One row: the list is as tall as one link (a second row would double it).
    assert box["height"] < first["height"] * 1.5, f"the navigation is {box['height']} px tall"
    assert first["height"] >= 44

    for name in ["Home", *SPORT_SECTIONS, *EVERY_SITE_LISTING]:
        link = nav.get_by_role("link", name=name, exact=True)
        # What a swipe along the row does: bring the link wholly into sight (Playwright's
        # own scrolling stops once any part of it shows).
        link.evaluate("el => el.scrollIntoView({block: 'nearest', inline: 'nearest'})")
        shown = link.bounding_box()
        assert shown is not None, name
        # Scrolled into sight, the whole target is on the screen and on that one row.
        assert shown["x"] >= 0 and shown["x"] + shown["width"] <= viewport["width"] + 0.5, name
        assert abs(shown["y"] - first["y"]) < 1, name
        assert shown["height"] >= 44 and shown["width"] >= 44, name

    # The last listing is reached by finger as well as named: following it leads there.
    nav.get_by_role("link", name="User Galleries", exact=True).click()
    tab.wait_for_url("**/community/galleries/")
    context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_phone_reader_is_shown_that_the_row_scrolls(browser, live_network, site_url):
    for title in SPORT_SECTIONS[1:]:
        f.make_section(live_network["sport"], title)
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    # The first page of a session on a sister site hops to the home and back (decision 0105).
    open_on_sister_site(tab, site_url("sport.localhost", "/"))
    row = tab.get_by_role("navigation", name="Sections").get_by_role("list")
    overflows = row.evaluate("el => el.scrollWidth > el.clientWidth")
    assert overflows, "this many sections should not fit a phone's width"
    # The affordance: a shade on the edge where more links wait, and none on the other.
    at_start = _edge_shades(row)
    assert at_start["right"] < at_start["left"] - 20, at_start
    row.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    tab.wait_for_function(
        "el => el.scrollLeft + el.clientWidth >= el.scrollWidth - 1", arg=row.element_handle()
    )
    at_end = _edge_shades(row)
    assert at_end["left"] < at_end["right"] - 20, at_end
    context.close()


def _edge_shades(row) -> dict[str, int]:
    """How light the row's top line is 2 px in from each edge (0 black, 765 white), where no
    link text is drawn."""
    from io import BytesIO

    from PIL import Image

    shot = Image.open(BytesIO(row.screenshot())).convert("RGB")
    width = shot.width
    lightness = {}
    for side, x in (("left", 2), ("right", width - 3)):
        red, green, blue = shot.getpixel((x, 2))  # type: ignore[misc]
        lightness[side] = red + green + blue
    return lightness


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_readers_own_site_and_section_are_marked_and_in_sight_on_a_phone(
    browser, live_network, site_url
):
    from wagtail.models import Site

    from masthead.core.pagecache import purge_all
    from masthead.core.sites import forget_network_sites

    for title in SPORT_SECTIONS[1:]:
        f.make_section(live_network["sport"], title)
    # Names as long as a real network's: the three no longer fit a phone's width.
    for host, name in (
        ("localhost", "The Evening Chronicle"),
        ("money.localhost", "Chronicle Money"),
        ("sport.localhost", "Chronicle Sport"),
    ):
        Site.objects.filter(hostname=host).update(site_name=name)
    forget_network_sites()
    purge_all()
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    open_on_sister_site(tab, site_url("sport.localhost", "/community/galleries/"))

    sites = tab.get_by_role("navigation", name="Inside the network").get_by_role("list")
    assert sites.evaluate("el => el.scrollWidth > el.clientWidth"), "the names fit after all"
    sections = tab.get_by_role("navigation", name="Sections")
    for link, current in (
        (sites.get_by_role("link", name="Chronicle Sport"), "true"),
        (sections.get_by_role("link", name="User Galleries", exact=True), "page"),
    ):
        # The last of its row, and still wholly on the screen as the page opens.
        assert link.get_attribute("aria-current") == current
        shown = link.bounding_box()
        assert shown is not None
        assert shown["x"] >= 0 and shown["x"] + shown["width"] <= PHONE["width"] + 0.5, shown
    assert sections.locator("[aria-current]").count() == 1

    # Within a section (a page under it), that section is the one marked.
    tab.goto(site_url("sport.localhost", "/golf/"))
    golf = sections.get_by_role("link", name="Golf", exact=True)
    assert golf.get_attribute("aria-current") == "page"
    assert sections.locator("[aria-current]").count() == 1
    context.close()
