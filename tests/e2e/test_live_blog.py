"""A reporter runs a live blog from the live desk while a reader has its page open: the reader
sees the update arrive, its edit replace it and its deletion remove it, without reloading, and
the key event appears in the summary. The reader's page polls through the shared page cache."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masthead.newsroom.tests import factories as f
from tests.e2e.journeys import sign_in

REPORTER_EMAIL = "scene.reporter@example.test"
# The page polls every 2 s; a change may land just after a poll, and the machine is shared.
ARRIVES = 20_000


@pytest.fixture
def reporter(db, live_network):
    """A reporter of the news site: may edit (so post to) its pages, not publish them."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from masthead.accounts.tests.factories import PASSWORD, make_member

    group = Group.objects.create(name="News reporters")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=live_network["news"],
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = make_member("scenereporter", email=REPORTER_EMAIL)
    user.groups.add(group)
    return user, PASSWORD


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_sees_the_reporters_update_arrive_change_and_go(
    browser, page, site_url, live_network, reporter
):
    blog = f.make_live_blog(live_network["world"], title="Live: storm over the harbour")
    reader = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    polls = []
    reader.on(
        "request", lambda request: polls.append(request) if "/updates/" in request.url else None
    )
    reader.goto(site_url("localhost", f"/news/world/{blog.slug}/"))
    expect(reader.get_by_role("heading", level=1)).to_have_text("Live: storm over the harbour")
    updates = reader.get_by_role("list", name="Updates")
    expect(updates).to_contain_text("No updates yet.")
    key_events = reader.get_by_role("complementary", name="Key events")
    expect(key_events).to_be_hidden()

    _, password = reporter
    sign_in(page, site_url("localhost", "/admin/"), REPORTER_EMAIL, password)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(site_url("localhost", f"/admin/live-desk/{blog.pk}/"))
    page.get_by_role("textbox", name=re.compile(r"^Headline")).fill("Harbour bridge closed")
    body = page.get_by_role("textbox", name=re.compile(r"^Update"))
    body.click()
    body.press_sequentially("Police closed the bridge to traffic at noon.")
    # The editor writes its content to the form's hidden input after the keystrokes: post
    # once it is there, or the update goes out without its text.
    expect(page.locator('input[name="new-body"]')).to_have_value(re.compile("at noon"))
    page.get_by_role("checkbox", name="Key event").check()
    page.get_by_role("button", name="Post update").click()
    expect(page.get_by_role("status")).to_contain_text("Posted")

    # Arrives: the reader is at the top of the stream, so it goes straight in.
    arrived = updates.get_by_role("listitem").filter(has_text="Harbour bridge closed")
    expect(arrived).to_be_visible(timeout=ARRIVES)
    expect(arrived).to_contain_text("Police closed the bridge to traffic at noon.")
    expect(updates).not_to_contain_text("No updates yet.")
    expect(key_events).to_be_visible()
    expect(key_events.get_by_role("link", name=re.compile("Harbour bridge closed"))).to_be_visible()

    # An edit replaces it in place.
    page.get_by_role("link", name=re.compile(r"^Edit the .* update")).click()
    headline = page.get_by_role("textbox", name=re.compile(r"^Headline"))
    headline.fill("Harbour bridge reopened")
    page.get_by_role("button", name="Save update").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    edited = updates.get_by_role("listitem").filter(has_text="Harbour bridge reopened")
    expect(edited).to_be_visible(timeout=ARRIVES)
    expect(updates.get_by_role("listitem")).to_have_count(1)
    expect(updates).not_to_contain_text("Harbour bridge closed")
    expect(key_events).to_contain_text("Harbour bridge reopened")

    # A deletion takes it away, and out of the summary.
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status")).to_contain_text("Deleted")
    expect(updates.get_by_role("listitem")).to_have_count(0, timeout=ARRIVES)
    expect(key_events).to_be_hidden()
    # Every poll went past the browser's own cache (fetch's no-store asks with no-cache): the
    # answer allows stale-while-revalidate, which would show each change one poll late.
    assert polls
    assert {request.all_headers().get("cache-control") for request in polls} == {"no-cache"}
    reader.context.close()
