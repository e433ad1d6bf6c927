"""Restricted stories (sign-in only, groups or a page password, on the story or above it) are
not listed to readers who cannot open them, unless an editor lists one as a premium teaser:
then its headline and a lock, never its standfirst or picture (issue #13)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from masthead.accounts.tests.factories import make_member
from masthead.newsroom.models import StoryPage
from masthead.newsroom.tests import factories as f
from tests.shared_setup import shared_fixture

pytestmark = pytest.mark.django_db


# Built once for the module's row of tests (tests/shared_setup.py), each test rolled back alone:
# the four stories and two restrictions were about 0.7 CPU s per test.
@shared_fixture("restricted-stories", needs=("network",))
def stories(network):
    world = network["world"]
    author = f.make_author("Rhea Restricted")
    public = f.make_article(world, title="Open harbour story", tags=["Harbour"])
    password = f.make_article(
        world,
        title="Password harbour inquiry",
        standfirst="Password standfirst.",
        tags=["Harbour"],
    )
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="tide"
    )
    members = f.make_section(network["news_section"], "Members")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    inside = f.make_article(
        members, title="Members harbour briefing", standfirst="Members standfirst.",
        tags=["Harbour"],
    )  # fmt: skip
    teaser = f.make_article(
        members,
        title="Teased harbour interview",
        standfirst="Teaser standfirst.",
        premium_teaser=True,
    )
    for story in (public, password, inside):
        story.authors.add(author)
        f.publish(story, at=story.first_published_at)
    return {"public": public, "password": password, "inside": inside, "teaser": teaser,
            "members": members, "author": author}  # fmt: skip


HIDDEN = ("Password harbour inquiry", "Members harbour briefing", "Password standfirst",
          "Members standfirst", "Teaser standfirst")  # fmt: skip


def _page(client: Client, path: str) -> str:
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/news/", "/news/world/", "/tags/harbour/", "/authors/rhea-restricted/"]
)
def test_listings_leave_restricted_stories_out(client, stories, path):
    html = _page(client, path)
    assert "Open harbour story" in html
    for text in HIDDEN:
        assert text not in html, f"{text!r} listed on {path}"


def test_the_listing_is_the_anonymous_one_for_a_signed_in_reader_too(client, stories):
    # The page is cached once for everyone: a member sees the same listing and opens the
    # story itself through its address.
    client.force_login(make_member("member.reader"))
    html = _page(client, "/news/")
    assert "Members harbour briefing" not in html
    assert client.get(stories["inside"].url).status_code == 200


def test_a_premium_teaser_is_listed_with_a_lock_and_its_headline_only(client, stories):
    f.make_image()  # a picture exists; the teaser still shows none
    html = _page(client, "/news/")
    start = html.index('<article class="teaser teaser--row teaser--locked">')
    teaser = html[start : html.index("</article>", start)]
    assert "Teased harbour interview" in teaser
    assert "Members only" in teaser
    assert "teaser__image" not in teaser and "Teaser standfirst" not in teaser
    assert '/news/members/teased-harbour-interview/"' in teaser
    # The story itself still asks for the sign-in.
    assert client.get(stories["teaser"].url).status_code == 302


def test_a_password_teaser_says_a_password_is_needed(client, stories):
    StoryPage.objects.filter(pk=stories["password"].pk).update(premium_teaser=True)
    html = _page(client, "/news/world/")
    assert "Password harbour inquiry" in html
    assert "Password needed" in html
    assert "Password standfirst" not in html


def test_the_live_answers_leave_restricted_stories_out_but_name_teasers(client, stories):
    # The live answer lists the newest five: the four stories here are among them.
    from wagtail.models import Site

    since = "since=2000-01-01T00:00:00Z"
    site = Site.objects.get(hostname="localhost")
    page = client.get(f"/live/new-stories/?{since}", HTTP_HOST="localhost")
    api = client.get(f"/api/v1/live/new-stories?site={site.pk}&{since}", HTTP_HOST="localhost")
    for response in (page, api):
        titles = [s["title"] for s in json.loads(response.content)["stories"]]
        assert "Open harbour story" in titles
        assert "Teased harbour interview" in titles
        assert "Members harbour briefing" not in titles
        assert "Password harbour inquiry" not in titles


def test_related_stories_leave_restricted_stories_out(client, stories):
    html = _page(client, stories["public"].url)
    for text in HIDDEN:
        assert text not in html


def test_a_restriction_added_later_takes_the_story_out_at_once(client, stories):
    story = stories["public"]
    assert "Open harbour story" in _page(client, "/news/world/")
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    assert "Open harbour story" not in _page(client, "/news/world/")


def test_listable_is_one_query_whatever_the_restrictions(stories, django_assert_num_queries):
    with django_assert_num_queries(1):
        titles = set(StoryPage.objects.live().listable().values_list("title", flat=True))
    assert titles == {"Open harbour story", "Teased harbour interview"}
