"""An editor signs in to the Wagtail admin, writes and publishes an article in a section, and a
reader who already had the front page in the shared page cache sees the story at once."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories as f
from tests.e2e.journeys import sign_in

EDITOR_EMAIL = "desk.chief@example.test"
EDITOR_PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def desk_chief(db):
    """A staff superuser who signs in the way every account does (verified e-mail)."""
    from masthead.accounts.tests.factories import PASSWORD, make_member

    assert PASSWORD == EDITOR_PASSWORD
    return make_member("deskchief", email=EDITOR_EMAIL, is_staff=True, is_superuser=True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_publishes_an_article_and_a_reader_sees_it_on_the_front_page(
    browser, page, site_url, live_network, desk_chief
):
    f.make_article(live_network["world"], title="Morning briefing")
    reader = browser.new_context().new_page()
    reader.goto(site_url("localhost", "/"))
    expect(reader.get_by_role("link", name="Morning briefing").first).to_be_visible()
    assert reader.request.get(site_url("localhost", "/")).headers.get("x-cache") == "HIT"

    sign_in(page, site_url("localhost", "/admin/"), EDITOR_EMAIL, EDITOR_PASSWORD)
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # The section in the page explorer, its "Add child page" action, the page type by name.
    page.goto(site_url("localhost", f"/admin/pages/{live_network['world'].pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Exploring: World")
    page.get_by_role("link", name="Add child page").click()
    page.get_by_role("link", name=re.compile(r"^Article", re.I)).first.click()

    page.get_by_label(re.compile(r"^Title", re.I)).first.fill("Night train returns to the coast")
    page.get_by_label(re.compile(r"^Standfirst", re.I)).fill(
        "The sleeper service runs again after eight years."
    )
    page.get_by_role("button", name=re.compile(r"more actions", re.I)).click()
    page.get_by_role("button", name=re.compile(r"^Publish", re.I)).click()
    expect(page.get_by_role("status")).to_contain_text(
        "Page 'Night train returns to the coast' created and published."
    )

    story = ArticlePage.objects.get(title="Night train returns to the coast")
    assert story.live

    reader.reload()
    headline = reader.get_by_role("link", name="Night train returns to the coast").first
    expect(headline).to_be_visible()
    headline.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Night train returns to the coast")
    expect(reader.get_by_text("The sleeper service runs again after eight years.")).to_be_visible()
    reader.context.close()
