"""The "My area" panel: one panel of four place-keyed cards on front, section and the reader's
own pages, never on story, policy, sign-in or error pages; the page around it stays the same
for every reader (the cards and the reader's line are fragments)."""

from __future__ import annotations

import pytest

from masthead.accounts.tests.factories import make_member
from masthead.newsroom.models import StandardPage
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db

CARDS = (
    'data-place-fragment="/fragments/news/{news}/"',
    'data-place-fragment="/fragments/weather/{weather}/"',
    'data-place-fragment="/fragments/traffic/{traffic}/"',
    'data-place-fragment="/fragments/listings/{listings}/"',
)


def assert_panel(html: str) -> None:
    assert html.count('aria-labelledby="my-area-heading"') == 1
    for card in CARDS:
        assert html.count(card) == 1, card
    # The place is named in each card; where to change it is said once for the whole panel.
    assert html.count("Change in Location Settings") == 1
    assert 'data-fragment="/fragments/places/reader/"' in html


def assert_no_panel(html: str) -> None:
    assert "my-area-heading" not in html
    for card in CARDS:
        assert card not in html
    assert "Change in Location Settings" not in html


def test_front_and_section_pages_carry_the_panel_once(client, network):
    assert_panel(client.get("/").content.decode())
    assert_panel(client.get(network["news_section"].url).content.decode())


def test_front_page_panel_is_the_same_for_every_reader(client, network, settings):
    settings.PAGE_CACHE_ENABLED = False
    anonymous = client.get("/").content.decode()
    client.force_login(make_member())
    member = client.get("/").content.decode()
    start, end = anonymous.index('<section class="my-area'), anonymous.index("</footer>")
    assert member[member.index('<section class="my-area') :].startswith(anonymous[start:end])


def test_reader_own_pages_carry_the_panel(client, network):
    assert_panel(client.get("/location/").content.decode())
    client.force_login(make_member())
    assert_panel(client.get("/my-contributions/").content.decode())


def test_story_policy_sign_in_and_error_pages_carry_no_panel(client, network):
    story = f.make_article(network["world"], title="A story from the world desk")
    policy = network["news"].add_child(
        instance=StandardPage(title="Comments policy", slug="comments-policy")
    )
    assert_no_panel(client.get(story.url).content.decode())
    assert_no_panel(client.get(policy.url).content.decode())
    assert_no_panel(client.get("/accounts/login/").content.decode())
    assert_no_panel(client.get("/accounts/signup/").content.decode())
    missing = client.get("/no-such-page-anywhere/")
    assert missing.status_code == 404
    assert_no_panel(missing.content.decode())
