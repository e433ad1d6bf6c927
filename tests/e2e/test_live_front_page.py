"""The live front page in Chromium: an editor publishes from the Wagtail admin while a reader
has the front page open; the reader's page announces the new story and brings it in on click.
And a breaking-news banner raised in the admin reaches open pages and every new page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from masthead.live.models import BreakingNewsBanner
from masthead.newsroom.tests import factories as f
from tests.e2e import journeys

NOTICE = "There are new stories on the homepage. Click here to see them."


@pytest.fixture
def editor(db):
    from masthead.accounts.tests.factories import make_member

    return make_member("livedesk", email="live.desk@example.test", is_staff=True, is_superuser=True)


@pytest.fixture
def fast_polls(settings):
    # Pages poll every second instead of every 45 s, so the journey takes seconds.
    settings.MASTHEAD_LIVE_POLL_SECONDS = 1


def sign_in(page, url: str, email: str) -> None:
    journeys.sign_in(page, url, email)
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_story_published_in_the_admin_is_announced_on_an_open_front_page(
    browser, page, site_url, live_network, editor, fast_polls
):
    f.make_article(
        live_network["world"], title="Morning briefing", at=timezone.now() - timedelta(hours=1)
    )
    reader = browser.new_context().new_page()
    reader.goto(site_url("localhost", "/"))
    expect(reader.get_by_role("link", name="Morning briefing").first).to_be_visible()
    reader.mouse.wheel(0, 600)  # the reader has scrolled into the page
    expect(reader.get_by_role("button", name=NOTICE)).to_have_count(0)

    sign_in(page, site_url("localhost", "/admin/"), editor.email)
    page.goto(site_url("localhost", f"/admin/pages/{live_network['world'].pk}/"))
    page.get_by_role("link", name="Add child page").click()
    page.get_by_role("link", name=re.compile(r"^Article", re.I)).first.click()
    page.get_by_label(re.compile(r"^Title", re.I)).first.fill("Ferry strike called off")
    page.get_by_label(re.compile(r"^Standfirst", re.I)).fill("Crossings run as normal tomorrow.")
    page.get_by_role("button", name=re.compile(r"more actions", re.I)).click()
    page.get_by_role("button", name=re.compile(r"^Publish", re.I)).click()
    expect(page.get_by_role("status").filter(has_text="created and published")).to_be_visible()

    notice = reader.get_by_role("button", name=NOTICE)
    expect(notice).to_be_visible(timeout=15_000)
    notice.click()
    new_story = reader.get_by_role("region", name="New stories").get_by_role(
        "link", name="Ferry strike called off"
    )
    expect(new_story).to_be_visible()
    expect(reader.get_by_role("button", name=NOTICE)).to_have_count(0)
    # Brought in without a reload: the front page the reader had is still there.
    expect(reader.get_by_role("link", name="Morning briefing").first).to_be_visible()
    new_story.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Ferry strike called off")
    reader.context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_breaking_news_banner_raised_in_the_admin_reaches_open_and_new_pages_and_expires(
    browser, page, site_url, live_network, editor, fast_polls
):
    story = f.make_article(live_network["world"], title="Floods in the valley")
    reader = browser.new_context().new_page()
    journeys.open_on_sister_site(reader, site_url("sport.localhost", "/"))
    banner_region = reader.locator(".breaking-slot")
    expect(banner_region).to_be_hidden()

    sign_in(page, site_url("localhost", "/admin/"), editor.email)
    page.goto(site_url("localhost", "/admin/snippets/live/breakingnewsbanner/add/"))
    page.get_by_label(re.compile(r"^Text", re.I)).fill("River burst its banks: roads closed")
    page.get_by_label(re.compile(r"\bWeb address\b", re.I)).fill(
        site_url("localhost", story.url_path.removeprefix(live_network["news"].url_path[:-1]))
    )
    page.get_by_role("button", name=re.compile(r"^Save", re.I)).first.click()
    expect(page.get_by_role("status").filter(has_text="created")).to_be_visible()

    # The open page (another site of the network) shows it within a poll.
    alert = reader.get_by_role("alert").filter(has_text="River burst its banks")
    expect(alert).to_be_visible(timeout=15_000)
    # A page opened now shows it at once.
    fresh = browser.new_context().new_page()
    fresh.goto(
        site_url("localhost", story.url_path.removeprefix(live_network["news"].url_path[:-1]))
    )
    expect(fresh.get_by_role("alert").filter(has_text="River burst its banks")).to_be_visible(
        timeout=3_000
    )
    fresh.get_by_role("link", name="River burst its banks: roads closed").click()
    expect(fresh.get_by_role("heading", level=1)).to_have_text("Floods in the valley")

    # Expiry: the banner leaves open pages by itself.
    BreakingNewsBanner.objects.update(expires_at=timezone.now() + timedelta(seconds=2))
    BreakingNewsBanner.objects.first().save()  # through the model, as the admin would
    expect(alert).to_have_count(0, timeout=15_000)
    reader.context.close()
    fresh.context.close()
