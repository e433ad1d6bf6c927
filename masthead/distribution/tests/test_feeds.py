"""Feeds of a site, a section and a tag, read back with feedparser as a feed reader would."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.newsroom.models import NewsImage
from masthead.newsroom.tests import factories as f
from tests.shared_setup import shared_fixture

pytestmark = pytest.mark.django_db


def parse(client, url: str, *, host: str = "localhost"):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, response.content[:500]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def titles(feed) -> list[str]:
    return [entry.title for entry in feed.entries]


@pytest.fixture
def credited_story(network):
    author = f.make_author("Ada Arden")
    agency = f.make_agency("AFP", "Agence France-Presse")
    agency.url = "https://www.afp.example/"
    agency.save()
    image = f.make_image(photographer="Cem Kaya", agency="AFP")
    NewsImage.objects.filter(pk=image.pk).update(file_size=1234)
    story = f.make_article(
        network["world"],
        title="Bridge reopens",
        standfirst="Traffic flows again <after> repairs & checks.",
        tags=["Ankara", "Transport"],
        dateline="Ankara",
        agency=agency,
        lead_image=image,
        lead_image_caption="The bridge at dawn",
        live=False,
    )
    story.authors.add(author)
    return f.publish(story, at=timezone.now() - timedelta(hours=1))


def test_site_rss_item_carries_headline_link_guid_dates_bylines_tags_and_picture(
    client, credited_story
):
    feed = parse(client, "/feeds/rss/")
    assert feed.version == "rss20"
    assert feed.feed.title == "Test News"
    assert feed.feed.link == "http://localhost/"
    entry = feed.entries[0]
    assert entry.title == "Bridge reopens"
    assert entry.link == "http://localhost/news/world/bridge-reopens/"
    assert entry.id == f"urn:uuid:{credited_story.translation_key}"
    assert entry.guidislink is False
    assert entry.summary == "Traffic flows again &lt;after&gt; repairs &amp; checks."
    published = credited_story.first_published_at.utctimetuple()
    assert entry.published_parsed[:6] == published[:6]
    assert {t.term for t in entry.tags} == {"Ankara", "Transport"}
    assert [a.name for a in entry.authors] == ["Ada Arden", "Agence France-Presse"]
    (media,) = entry.media_content
    assert media["url"].startswith("http://localhost/media/original_images/")
    assert media["medium"] == "image"
    assert (media["width"], media["height"]) == ("64", "48")
    assert entry.media_credit[0]["content"] == "Cem Kaya / AFP"
    (enclosure,) = entry.enclosures
    assert enclosure.type == "image/jpeg"
    assert enclosure.length == "1234"


def test_site_atom_entry_has_authors_with_their_pages_and_updated_time(client, credited_story):
    feed = parse(client, "/feeds/atom/")
    assert feed.version == "atom10"
    assert feed.feed.title == "Test News"
    entry = feed.entries[0]
    assert entry.title == "Bridge reopens"
    assert entry.id == f"urn:uuid:{credited_story.translation_key}"
    assert entry.link == "http://localhost/news/world/bridge-reopens/"
    authors = [(a.get("name"), a.get("href")) for a in entry.authors]
    assert authors == [
        ("Ada Arden", "http://localhost/authors/ada-arden/"),
        ("Agence France-Presse", "https://www.afp.example/"),
    ]
    assert entry.updated_parsed is not None
    assert entry.published_parsed is not None
    assert {t.term for t in entry.tags} == {"Ankara", "Transport"}
    enclosure = next(link for link in entry.links if link.rel == "enclosure")
    assert enclosure.type == "image/jpeg"
    assert entry.media_content[0]["medium"] == "image"


def test_a_story_without_byline_is_credited_to_the_site_in_atom(client, network):
    f.make_article(network["world"], title="Unsigned")
    feed = parse(client, "/feeds/atom/")
    assert feed.feed.author == "Test News"


def test_json_feed_carries_the_same_items(client, credited_story):
    response = client.get("/news/world/feed/json/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    assert "public" in response["Cache-Control"]
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["home_page_url"] == "http://localhost/news/world/"
    assert document["feed_url"] == "http://localhost/news/world/feed/json/"
    (item,) = document["items"]
    assert item["id"] == f"urn:uuid:{credited_story.translation_key}"
    assert item["url"] == "http://localhost/news/world/bridge-reopens/"
    assert item["title"] == "Bridge reopens"
    assert item["summary"] == "Traffic flows again <after> repairs & checks."
    assert item["authors"][0] == {"name": "Ada Arden", "url": "http://localhost/authors/ada-arden/"}
    assert sorted(item["tags"]) == ["Ankara", "Transport"]
    assert item["image"].startswith("http://localhost/media/")
    assert item["date_published"].startswith(
        credited_story.first_published_at.strftime("%Y-%m-%dT%H:%M")
    )


def test_site_feed_lists_only_that_sites_stories(client, network):
    f.make_article(network["world"], title="World news")
    f.make_article(network["markets"], title="Markets rally")
    assert titles(parse(client, "/feeds/rss/")) == ["World news"]
    money = parse(client, "/feeds/rss/", host="money.localhost")
    assert titles(money) == ["Markets rally"]
    assert money.entries[0].link == "http://money.localhost/markets/markets-rally/"


def test_section_feed_lists_stories_of_the_section_and_its_subsections(client, network):
    now = timezone.now()
    f.make_article(network["world"], title="In World", at=now - timedelta(minutes=1))
    f.make_article(network["news_section"], title="In News", at=now - timedelta(minutes=2))
    f.make_article(network["markets"], title="Elsewhere")
    assert titles(parse(client, "/news/feed/rss/")) == ["In World", "In News"]
    world = parse(client, "/news/world/feed/atom/")
    assert titles(world) == ["In World"]
    assert world.feed.title == "World \N{EN DASH} Test News"
    assert world.feed.link == "http://localhost/news/world/"


def test_tag_feed_lists_the_sites_stories_with_that_tag(client, network):
    f.make_article(network["world"], title="Tagged here", tags=["Ankara"])
    f.make_article(network["world"], title="Not tagged", tags=["Paris"])
    f.make_article(network["football"], title="Tagged on sport", tags=["Ankara"])
    feed = parse(client, "/tags/ankara/feed/rss/")
    assert titles(feed) == ["Tagged here"]
    assert feed.feed.link == "http://localhost/tags/ankara/"
    assert titles(parse(client, "/tags/ankara/feed/atom/", host="sport.localhost")) == [
        "Tagged on sport"
    ]


def test_drafts_scheduled_unpublished_and_private_stories_never_appear(client, network):
    f.make_article(network["world"], title="Public story")
    f.make_article(network["world"], title="Draft story", live=False)
    unpublished = f.make_article(network["world"], title="Withdrawn story")
    unpublished.unpublish()
    scheduled = f.make_article(network["world"], title="Embargoed story", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=1)
    scheduled.save_revision().publish()
    private_section = f.make_section(network["news"], "Members")
    f.make_article(private_section, title="Members only", tags=["Ankara"])
    PageViewRestriction.objects.create(
        page=private_section, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    live = f.make_article(network["world"], title="Live headline", tags=["Ankara"])
    live.title = "Unpublished new headline"
    live.save_revision()  # a draft of a live story stays out until it is published

    expected = ["Live headline", "Public story"]
    for url in ("/feeds/rss/", "/feeds/atom/", "/news/feed/rss/"):
        assert sorted(titles(parse(client, url))) == expected, url
    assert titles(parse(client, "/tags/ankara/feed/rss/")) == ["Live headline"]
    assert client.get("/members/feed/rss/", HTTP_HOST="localhost").status_code == 404


def test_feed_holds_the_fifty_newest_stories_newest_first(client, network):
    now = timezone.now()
    for minutes in range(52):
        f.make_article(
            network["world"], title=f"Minute {minutes}", at=now - timedelta(minutes=minutes)
        )
    feed = parse(client, "/feeds/rss/")
    assert titles(feed) == [f"Minute {m}" for m in range(50)]


def _rich_story(section, n: int) -> None:
    author = f.make_author(f"Writer {n}")
    agency = f.make_agency(f"AG{n}", f"Agency {n}")
    story = f.make_article(
        section,
        tags=[f"topic-{n}", "common"],
        agency=agency,
        lead_image=f.make_image(),
        live=False,
    )
    story.authors.add(author)
    f.publish(story)


# The rich stories are built once for a row of the budget tests (tests/shared_setup.py): two,
# then eight more on top of them; each test is still rolled back alone.
@shared_fixture("feeds-two-rich-stories", needs=("network",))
def two_rich_stories(network):
    for n in range(2):
        _rich_story(network["world"], n)
    return 2


@shared_fixture("feeds-ten-rich-stories", needs=("network", "feeds-two-rich-stories"))
def ten_rich_stories(network, two):
    for n in range(two, 10):
        _rich_story(network["world"], n)
    return 10


# Queries: view restrictions, stories with agency and picture, authors, tags, renditions;
# a tag feed adds finding the tag, a section feed finding the section and its own
# view-restriction check. The counts are exact, so a query per story fails with two stories
# already; the second size shows the number stays put as the feed grows (each rich story
# costs about a quarter of a second to build, so not fifty of them).
FEED_BUDGETS = [
    ("/feeds/rss/", 5),
    ("/feeds/atom/", 5),
    ("/feeds/json/", 5),
    ("/tags/common/feed/atom/", 6),
    ("/news/world/feed/rss/", 7),
]


def _feed_within_budget(client, settings, django_assert_num_queries, url, budget, stories):
    # The stored page is set aside, not purged: a purge of everything also drops the per-process
    # copies (sites, sections, restrictions) that every request in a running process finds warm.
    settings.PAGE_CACHE_ENABLED = False
    client.get(url, HTTP_HOST="localhost")  # warms the per-process copies
    with django_assert_num_queries(budget):
        response = client.get(url, HTTP_HOST="localhost")
    if url.endswith("json/"):
        assert len(json.loads(response.content)["items"]) == stories
    else:
        assert len(feedparser.parse(response.content).entries) == stories


@pytest.mark.parametrize(("url", "budget"), FEED_BUDGETS)
def test_a_feed_runs_its_queries_for_two_stories(
    client, two_rich_stories, django_assert_num_queries, settings, url, budget
):
    _feed_within_budget(client, settings, django_assert_num_queries, url, budget, two_rich_stories)


@pytest.mark.parametrize(("url", "budget"), FEED_BUDGETS)
def test_a_feed_runs_the_same_queries_for_ten_stories(
    client, ten_rich_stories, django_assert_num_queries, settings, url, budget
):
    _feed_within_budget(client, settings, django_assert_num_queries, url, budget, ten_rich_stories)


def test_feed_is_cached_for_everyone_and_a_publish_shows_at_once(client, network):
    f.make_article(network["world"], title="First story")
    first = client.get("/news/world/feed/rss/", HTTP_HOST="localhost")
    assert "public" in first["Cache-Control"]
    assert "s-maxage" in first["Cache-Control"]
    again = client.get("/news/world/feed/rss/", HTTP_HOST="localhost")
    assert again["X-Cache"] == "HIT"
    f.make_article(network["world"], title="Breaking story", at=timezone.now())
    fresh = feedparser.parse(client.get("/news/world/feed/rss/", HTTP_HOST="localhost").content)
    assert titles(fresh)[0] == "Breaking story"


def test_a_hostile_headline_is_text_in_the_feed(client, network):
    hostile = 'Ban </title><script>alert("x")</script> & more'
    f.make_article(network["world"], title=hostile, standfirst="<img src=x onerror=alert(1)>")
    response = client.get("/feeds/rss/", HTTP_HOST="localhost")
    assert b"<script>" not in response.content
    assert b"<img" not in response.content
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    atom = parse(client, "/feeds/atom/")
    assert atom.entries[0].title == hostile


def test_a_picture_past_its_licence_is_left_out_of_the_feed(client, network):
    expired = f.make_image(rights_expire_at=timezone.now() - timedelta(days=1))
    f.make_article(network["world"], title="Old picture", lead_image=expired)
    entry = parse(client, "/feeds/rss/").entries[0]
    assert "media_content" not in entry
    assert entry.enclosures == []


def test_unknown_feeds_are_not_found(client, network):
    story = f.make_article(network["world"], title="A story")
    assert client.get("/news/nowhere/feed/rss/", HTTP_HOST="localhost").status_code == 404
    assert client.get("/tags/no-such-tag/feed/rss/", HTTP_HOST="localhost").status_code == 404
    assert client.get(f"{story.url}feed/rss/", HTTP_HOST="localhost").status_code == 404
    assert client.get("/news/feed/xml/", HTTP_HOST="localhost").status_code == 404


def test_feeds_linked_from_section_and_tag_pages_answer(client, network):
    f.make_article(network["world"], title="Linked story", tags=["Ankara"])
    for page_url in ("/news/world/", "/tags/ankara/", "/"):
        html = client.get(page_url, HTTP_HOST="localhost").content.decode()
        links = re.findall(
            r'<link rel="alternate" type="application/(?:rss|atom)\+xml"[^>]*href="([^"]+)"', html
        )
        assert len(links) >= 2, page_url
        for href in links:
            assert titles(parse(client, href)) == ["Linked story"], href


def test_json_feeds_are_linked_for_autodiscovery(client, network):
    f.make_article(network["world"], title="Linked story", tags=["Ankara"])
    expected = {
        "/news/world/": "/news/world/feed/json/",
        "/tags/ankara/": "/tags/ankara/feed/json/",
        "/": "/feeds/json/",
    }
    for page_url, own_feed in expected.items():
        html = client.get(page_url, HTTP_HOST="localhost").content.decode()
        links = re.findall(
            r'<link rel="alternate" type="application/feed\+json"[^>]*href="([^"]+)"', html
        )
        assert own_feed in links, (page_url, links)
        for href in links:
            response = client.get(href, HTTP_HOST="localhost")
            assert response["Content-Type"].startswith("application/feed+json"), href
            document = json.loads(response.content)
            assert document["version"] == "https://jsonfeed.org/version/1.1"
            assert [item["title"] for item in document["items"]] == ["Linked story"], href


def test_stories_without_a_standfirst_get_a_real_summary_in_every_feed(client, network):
    f.make_article(
        network["world"],
        title="Quiet night",
        standfirst="",
        body=[
            ("subheading", "Overnight"),
            ("paragraph", "<p>Police reported <b>no</b> incidents &amp; no arrests.</p>"),
        ],
        at=timezone.now() - timedelta(minutes=3),
    )
    gallery = f.make_gallery(network["world"], images=[f.make_image()], title="Dawn in pictures")
    f.publish(gallery, at=timezone.now() - timedelta(minutes=2))
    f.make_video(network["world"], title="Tide film", transcript="The tide came in at six.")

    atom = {e.title: e for e in parse(client, "/feeds/atom/").entries}
    rss = {e.title: e for e in parse(client, "/feeds/rss/").entries}
    expected = {
        "Quiet night": "Police reported no incidents &amp; no arrests.",
        "Dawn in pictures": "Caption 0",
        "Tide film": "The tide came in at six.",
    }
    for title, summary in expected.items():
        assert atom[title].summary == summary, title
        assert rss[title].summary == summary, title
    items = json.loads(client.get("/feeds/json/", HTTP_HOST="localhost").content)["items"]
    by_title = {item["title"]: item for item in items}
    assert by_title["Quiet night"]["summary"] == "Police reported no incidents & no arrests."
    assert by_title["Quiet night"]["content_text"] == by_title["Quiet night"]["summary"]


def test_a_story_with_nothing_to_summarise_has_no_empty_summary(client, network):
    f.make_article(network["world"], title="Just a headline", standfirst="", body=[])

    xml = client.get("/feeds/atom/", HTTP_HOST="localhost").content.decode()
    assert "<summary" not in xml
    assert "<description></description>" not in client.get("/feeds/rss/").content.decode()


def test_a_picture_made_by_code_has_its_size_stored_and_an_enclosure(client, network):
    image = f.make_image()  # made by code, not through Wagtail's upload form
    image.refresh_from_db()
    assert image.file_size == image.file.size > 0
    f.make_article(network["world"], title="Pictured", lead_image=image)

    (enclosure,) = parse(client, "/feeds/rss/").entries[0].enclosures
    assert enclosure.length == str(image.file.size)
    assert enclosure.type == "image/jpeg"
    atom = parse(client, "/feeds/atom/").entries[0]
    link = next(link for link in atom.links if link.rel == "enclosure")
    assert link.length == str(image.file.size)


def test_the_migration_fills_the_size_of_pictures_stored_before(network):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "masthead.newsroom.migrations.0006_newsimage_file_size_filled"
    )
    known, unknown, lost = f.make_image(), f.make_image(), f.make_image()
    NewsImage.objects.filter(pk__in=[unknown.pk, lost.pk]).update(file_size=None)
    lost.file.storage.delete(lost.file.name)

    migration.fill_file_sizes(apps, None)

    sizes = dict(NewsImage.objects.values_list("pk", "file_size"))
    assert sizes[unknown.pk] == unknown.file.size
    assert sizes[known.pk] == known.file.size
    assert sizes[lost.pk] is None
