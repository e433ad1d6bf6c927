"""sitemap.xml, its chunks by publication date, the Google News sitemap and robots.txt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.core.pagecache import purge_all
from masthead.distribution import selectors
from masthead.newsroom.tests import factories as f
from tests.shared_setup import shared_fixture

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url: str, *, host: str = "localhost") -> ElementTree.Element:
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/xml")
    assert "public" in response["Cache-Control"]
    # Our own output, parsed to prove it is well-formed XML in the sitemap namespace.
    return ElementTree.fromstring(response.content)  # noqa: S314


def locs(root: ElementTree.Element) -> list[str]:
    return [el.text for el in root.iterfind(".//sm:loc", NS)]


def test_sitemap_index_names_pages_news_and_a_chunk_per_month(client, network):
    f.make_article(network["world"], title="November", at=datetime(2026, 11, 3, 12, tzinfo=UTC))
    f.make_article(network["world"], title="October", at=datetime(2026, 10, 9, 8, tzinfo=UTC))
    f.make_article(network["markets"], title="Other site", at=datetime(2026, 9, 1, tzinfo=UTC))
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    assert locs(root) == [
        "http://localhost/sitemaps/pages.xml",
        "http://localhost/sitemaps/news.xml",
        "http://localhost/sitemaps/stories-2026-11.xml",
        "http://localhost/sitemaps/stories-2026-10.xml",
    ]
    lastmods = [el.text for el in root.iterfind(".//sm:lastmod", NS)]
    assert lastmods == ["2026-11-03T12:00:00Z", "2026-10-09T08:00:00Z"]


def test_story_chunk_lists_that_months_public_stories_with_lastmod(client, network):
    f.make_article(network["world"], title="Early", at=datetime(2026, 11, 1, 0, 30, tzinfo=UTC))
    f.make_article(network["world"], title="Late", at=datetime(2026, 11, 30, 23, tzinfo=UTC))
    f.make_article(network["world"], title="December", at=datetime(2026, 12, 1, tzinfo=UTC))
    f.make_article(network["world"], title="Draft", live=False)
    root = xml(client, "/sitemaps/stories-2026-11.xml")
    assert root.tag == f"{{{NS['sm']}}}urlset"
    assert locs(root) == [
        "http://localhost/news/world/early/",
        "http://localhost/news/world/late/",
    ]
    assert [el.text for el in root.iterfind(".//sm:lastmod", NS)] == [
        "2026-11-01T00:30:00Z",
        "2026-11-30T23:00:00Z",
    ]


def test_a_month_too_big_for_one_file_is_split_into_days(network):
    at = datetime(2026, 11, 3, 12, tzinfo=UTC)
    for hours in (0, 1, 24, 25, 48):
        f.make_article(network["world"], at=at + timedelta(hours=hours))
    chunks = selectors.sitemap_chunks(root_path=network["news"].path, chunk_size=4)
    assert [(c.name, c.count) for c in chunks] == [
        ("2026-11-03", 2),
        ("2026-11-04", 2),
        ("2026-11-05", 1),
    ]
    rows = selectors.sitemap_story_rows(
        root_path=network["news"].path, start=chunks[1].start, end=chunks[1].end
    )
    assert len(rows) == 2


def test_day_chunk_is_served(client, network):
    f.make_article(network["world"], title="On the day", at=datetime(2026, 11, 4, 9, tzinfo=UTC))
    f.make_article(network["world"], title="Next day", at=datetime(2026, 11, 5, 9, tzinfo=UTC))
    assert locs(xml(client, "/sitemaps/stories-2026-11-04.xml")) == [
        "http://localhost/news/world/on-the-day/"
    ]


def test_pages_sitemap_lists_front_page_and_sections_but_not_stories(client, network):
    f.make_article(network["world"], title="A story")
    assert locs(xml(client, "/sitemaps/pages.xml")) == [
        "http://localhost/",
        "http://localhost/news/",
        "http://localhost/news/world/",
    ]


def test_private_and_unpublished_pages_stay_out_of_sitemaps(client, network):
    at = datetime(2026, 11, 4, 9, tzinfo=UTC)
    private = f.make_section(network["news"], "Members")
    f.make_article(private, title="Members only", at=at)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    withdrawn = f.make_article(network["world"], title="Withdrawn", at=at)
    withdrawn.unpublish()
    f.make_article(network["world"], title="Public", at=at)
    assert locs(xml(client, "/sitemaps/stories-2026-11.xml")) == [
        "http://localhost/news/world/public/"
    ]
    assert "http://localhost/members/" not in locs(xml(client, "/sitemaps/pages.xml"))


def test_news_sitemap_holds_the_last_two_days_with_publication_and_title(client, network):
    now = timezone.now()
    f.make_article(network["world"], title="Today & <now>", at=now - timedelta(hours=1))
    f.make_article(network["world"], title="Yesterday", at=now - timedelta(hours=30))
    f.make_article(network["world"], title="Last week", at=now - timedelta(days=7))
    f.make_article(network["markets"], title="Other site", at=now - timedelta(hours=1))
    root = xml(client, "/sitemaps/news.xml")
    urls = root.findall("sm:url", NS)
    assert [u.findtext("sm:loc", namespaces=NS) for u in urls] == [
        "http://localhost/news/world/today-now/",
        "http://localhost/news/world/yesterday/",
    ]
    first = urls[0].find("news:news", NS)
    assert first.findtext("news:publication/news:name", namespaces=NS) == "Test News"
    assert first.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert first.findtext("news:title", namespaces=NS) == "Today & <now>"
    published = datetime.fromisoformat(first.findtext("news:publication_date", namespaces=NS))
    assert abs(published - (now - timedelta(hours=1))) < timedelta(seconds=1)


def test_unknown_or_empty_story_chunks_are_not_found(client, network):
    f.make_article(network["world"], at=datetime(2026, 11, 4, tzinfo=UTC))
    assert client.get("/sitemaps/stories-2026-13.xml", HTTP_HOST="localhost").status_code == 404
    assert client.get("/sitemaps/stories-2020-01.xml", HTTP_HOST="localhost").status_code == 404
    assert client.get("/sitemaps/stories-2026-11-31.xml", HTTP_HOST="localhost").status_code == 404


def test_each_site_has_its_own_sitemaps(client, network):
    f.make_article(network["markets"], title="Markets", at=datetime(2026, 11, 4, tzinfo=UTC))
    assert locs(xml(client, "/sitemaps/stories-2026-11.xml", host="money.localhost")) == [
        "http://money.localhost/markets/markets/"
    ]
    assert "http://money.localhost/sitemaps/news.xml" in locs(
        xml(client, "/sitemap.xml", host="money.localhost")
    )


def test_robots_txt_names_the_sitemaps_and_keeps_crawlers_out_of_private_areas(client, network):
    response = client.get("/robots.txt", HTTP_HOST="sport.localhost")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "public" in response["Cache-Control"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for area in ("/admin/", "/accounts/", "/api/"):
        assert f"Disallow: {area}" in lines
    # Create profile alone is open inside /accounts/ (longest match wins, RFC 9309).
    assert "Allow: /accounts/signup/" in lines
    from urllib import robotparser

    robots = robotparser.RobotFileParser()
    robots.parse(lines)
    assert robots.can_fetch("*", "http://sport.localhost/accounts/signup/")
    assert not robots.can_fetch("*", "http://sport.localhost/accounts/login/")
    assert robots.can_fetch("*", "http://sport.localhost/news/")
    assert "Sitemap: http://sport.localhost/sitemap.xml" in lines
    assert "Sitemap: http://sport.localhost/sitemaps/news.xml" in lines


def test_a_publish_shows_in_the_cached_news_sitemap_at_once(client, network):
    f.make_article(network["world"], title="First")
    client.get("/sitemaps/news.xml", HTTP_HOST="localhost")
    assert client.get("/sitemaps/news.xml", HTTP_HOST="localhost")["X-Cache"] == "HIT"
    f.make_article(network["world"], title="Second", at=timezone.now())
    root = xml(client, "/sitemaps/news.xml")
    assert "http://localhost/news/world/second/" in locs(root)


def _stories(section, count: int, *, start: datetime) -> None:
    for n in range(count):
        f.make_article(section, at=start + timedelta(days=n * 7, hours=n))


def _dated_and_recent(network, count: int) -> int:
    _stories(network["world"], count, start=datetime(2026, 3, 1, tzinfo=UTC))
    _stories(network["world"], count, start=timezone.now() - timedelta(hours=count + 1))
    return count


# Each size is built once for a row of the budget tests (tests/shared_setup.py), each test
# still rolled back alone.
@shared_fixture("sitemaps-two-stories", needs=("network",))
def two_stories_each(network):
    return _dated_and_recent(network, 2)


@shared_fixture("sitemaps-nine-stories", needs=("network",))
def nine_stories_each(network):
    return _dated_and_recent(network, 9)


# Exact counts: a query per story fails at the smaller size already; the larger one spreads
# the dated stories a week apart over two months.
SITEMAP_BUDGETS = [
    # view restrictions + one grouped query by day
    ("/sitemap.xml", 2),
    # view restrictions + one range query of plain rows
    ("/sitemaps/stories-2026-03.xml", 2),
    ("/sitemaps/news.xml", 2),
    ("/sitemaps/pages.xml", 2),
    ("/robots.txt", 0),
]


def _within_budget(client, django_assert_num_queries, url, budget) -> None:
    client.get(url, HTTP_HOST="localhost")  # warms the cached list of sites
    purge_all()
    with django_assert_num_queries(budget):
        response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200


@pytest.mark.parametrize(("url", "budget"), SITEMAP_BUDGETS)
def test_sitemaps_run_their_queries_for_two_stories(
    client, two_stories_each, django_assert_num_queries, url, budget
):
    _within_budget(client, django_assert_num_queries, url, budget)


@pytest.mark.parametrize(("url", "budget"), SITEMAP_BUDGETS)
def test_sitemaps_run_the_same_queries_for_nine_stories(
    client, nine_stories_each, django_assert_num_queries, url, budget
):
    _within_budget(client, django_assert_num_queries, url, budget)
