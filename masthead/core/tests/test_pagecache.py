"""The whole-page cache: anonymous pages come from the cache, and a publish, change or unpublish
shows at once on the article, its section, its tag page and the front page."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from masthead.core.pagecache import PageCacheMiddleware, cacheable
from masthead.newsroom.tests import factories as f


def fetch(client, url: str):
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, (url, response.status_code)
    return response


def cached(client, url: str) -> str:
    """GET until the page comes from the cache; returns its HTML."""
    fetch(client, url)
    response = fetch(client, url)
    assert response["X-Cache"] == "HIT", url
    return response.content.decode()


@pytest.fixture
def story(network):
    return f.make_article(network["world"], title="Harbour bridge opens", tags=["Harbour"])


def listing_urls(network) -> list[str]:
    return [network["world"].url, "/tags/harbour/", "/"]


@pytest.mark.django_db
def test_anonymous_page_is_served_from_the_cache_with_headers_for_a_cdn(client, story):
    first = fetch(client, story.url)
    second = fetch(client, story.url)

    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    cache_control = second["Cache-Control"]
    assert "public" in cache_control
    assert f"s-maxage={settings.PROXY_CACHE_SECONDS}" in cache_control
    assert "stale-while-revalidate=" in cache_control


@pytest.mark.django_db
def test_published_story_shows_at_once_on_section_tag_and_front_page(client, network, story):
    for url in listing_urls(network):
        assert "Ferry strike ends" not in cached(client, url)

    f.make_article(network["world"], title="Ferry strike ends", tags=["Harbour"])

    for url in listing_urls(network):
        response = fetch(client, url)
        assert response["X-Cache"] == "MISS", url
        assert "Ferry strike ends" in response.content.decode(), url


@pytest.mark.django_db
def test_changed_story_shows_at_once_on_its_page_and_every_listing(client, network, story):
    for url in [story.url, *listing_urls(network)]:
        assert "Harbour bridge opens" in cached(client, url)

    story.title = "Harbour bridge opens two days late"
    f.publish(story)

    for url in [story.url, *listing_urls(network)]:
        assert "Harbour bridge opens two days late" in fetch(client, url).content.decode(), url


@pytest.mark.django_db
def test_unpublished_story_disappears_at_once(client, network, story):
    for url in [story.url, *listing_urls(network)]:
        assert "Harbour bridge opens" in cached(client, url)

    story.unpublish()

    assert client.get(story.url, HTTP_HOST="localhost").status_code == 404
    for url in [network["world"].url, "/"]:
        assert "Harbour bridge opens" not in fetch(client, url).content.decode(), url
    # The tag has no story left on this site: the tag page is gone too.
    assert client.get("/tags/harbour/", HTTP_HOST="localhost").status_code == 404


@pytest.mark.django_db
def test_page_put_behind_a_password_is_no_longer_served_from_any_cache(client, network, story):
    assert "Harbour bridge opens" in cached(client, story.url)

    PageViewRestriction.objects.create(
        page=network["world"], restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    for _ in range(2):
        response = client.get(story.url, HTTP_HOST="localhost")
        assert "X-Cache" not in response
        assert "Harbour bridge opens" not in response.content.decode()
        assert "private" in response["Cache-Control"]


def _middleware_with(view_response: HttpResponse) -> PageCacheMiddleware:
    return PageCacheMiddleware(lambda request: view_response)


@pytest.mark.django_db
def test_response_that_sets_a_cookie_is_not_cached():
    response = cacheable(HttpResponse("per reader"))
    response.set_cookie("sessionid", "abc")
    middleware = _middleware_with(response)
    request = RequestFactory().get("/somewhere/", HTTP_HOST="localhost")

    middleware(request)
    again = middleware(RequestFactory().get("/somewhere/", HTTP_HOST="localhost"))

    assert "X-Cache" not in again


@pytest.mark.django_db
def test_response_that_varies_by_cookie_is_not_cached():
    response = cacheable(HttpResponse("per reader"))
    response["Vary"] = "Accept-Encoding, Cookie"
    middleware = _middleware_with(response)

    middleware(RequestFactory().get("/vary/", HTTP_HOST="localhost"))
    again = middleware(RequestFactory().get("/vary/", HTTP_HOST="localhost"))

    assert "X-Cache" not in again


@pytest.mark.django_db
def test_cache_can_be_turned_off_and_pages_keep_their_cache_control(client, settings, story):
    settings.PAGE_CACHE_ENABLED = False

    for _ in range(2):
        response = fetch(client, story.url)
        assert "X-Cache" not in response
        assert "s-maxage=" in response["Cache-Control"]


@pytest.mark.redis
@pytest.mark.django_db
def test_pages_are_cached_and_purged_through_redis(client, network, story):
    assert settings.CACHES["default"]["BACKEND"] == "masthead.core.cache.FailOpenRedisCache"
    assert "Harbour bridge opens" in cached(client, network["world"].url)

    f.make_article(network["world"], title="Tide tables change", tags=["Harbour"])

    response = fetch(client, network["world"].url)
    assert response["X-Cache"] == "MISS"
    assert "Tide tables change" in response.content.decode()
    assert fetch(client, network["world"].url)["X-Cache"] == "HIT"


@pytest.mark.django_db
def test_new_story_on_the_same_topic_shows_at_once_among_related_stories(client, network, story):
    # The related ids are remembered per process until the next purge (newsroom selectors).
    assert "Tide turns at the harbour" not in cached(client, story.url)

    f.make_article(network["world"], title="Tide turns at the harbour", tags=["Harbour"])

    html = fetch(client, story.url).content.decode()
    assert "Tide turns at the harbour" in html.split('id="related-heading"')[1]


@pytest.mark.django_db
def test_long_addresses_are_cached_under_short_distinct_keys():
    import warnings

    from django.core.cache import CacheKeyWarning

    from masthead.core.pagecache import _key

    requests = {
        word: RequestFactory().get("/search/?q=" + word * 200, HTTP_HOST="localhost")
        for word in ("harbour", "bridge")
    }
    assert all(len(_key(request, 1)) < 250 for request in requests.values())
    assert _key(requests["harbour"], 1) != _key(requests["bridge"], 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)  # local memory warns past 250
        for word, request in requests.items():
            middleware = _middleware_with(cacheable(HttpResponse(word)))
            middleware(request)
            again = middleware(RequestFactory().get(request.get_full_path(), HTTP_HOST="localhost"))
            assert again["X-Cache"] == "HIT" and again.content == word.encode()


@pytest.mark.django_db
def test_stored_answer_keeps_its_last_modified_and_etag_and_answers_304(
    client, network, story, django_assert_num_queries
):
    first = fetch(client, "/feeds/rss/")
    second = fetch(client, "/feeds/rss/")

    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second["Last-Modified"] == first["Last-Modified"]
    assert second["ETag"] == first["ETag"] and first["ETag"].startswith('"')
    for condition in (
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
    ):
        with django_assert_num_queries(0):  # answered from the stored copy
            answer = client.get("/feeds/rss/", HTTP_HOST="localhost", **condition)
        assert answer.status_code == 304, condition
        assert answer.content == b""
        assert answer["ETag"] == first["ETag"]

    f.make_article(network["world"], title="Ferry strike ends")

    changed = client.get("/feeds/rss/", HTTP_HOST="localhost", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert "Ferry strike ends" in changed.content.decode()


@pytest.mark.django_db
def test_page_without_a_modification_time_is_revalidated_by_its_etag(client, story):
    etag = fetch(client, story.url)["ETag"]

    assert client.get(story.url, HTTP_HOST="localhost", HTTP_IF_NONE_MATCH=etag).status_code == 304
    other = client.get(story.url, HTTP_HOST="localhost", HTTP_IF_NONE_MATCH='"not-this-one"')
    assert other.status_code == 200


@pytest.mark.redis
@pytest.mark.django_db
def test_a_purge_names_the_pages_it_dropped_and_refresh_renders_them_as_they_are_now(
    client, network, story
):
    from masthead.core import pagecache, surrogate
    from masthead.newsroom.models import ArticlePage

    section = urlparse(network["world"].full_url).path
    for capability in ({}, {"HTTP_SURROGATE_CAPABILITY": 'masthead="ESI/1.0"'}):
        client.get(section, HTTP_HOST="localhost", **capability)
    # Changed behind the cache's back: only the purge below tells it.
    ArticlePage.objects.filter(pk=story.pk).update(title="Harbour bridge reopens")

    dropped = pagecache.purge_keys([surrogate.page(story.pk)])

    assert ["esi", "http", "localhost", section] in dropped
    assert ["whole", "http", "localhost", section] in dropped
    # Out of time before the first page: nothing rendered, left to the proxy's own fetch.
    assert pagecache.refresh(dropped, seconds=0) == 0
    assert pagecache.refresh(dropped) == len(dropped)
    for capability in ({}, {"HTTP_SURROGATE_CAPABILITY": 'masthead="ESI/1.0"'}):
        response = client.get(section, HTTP_HOST="localhost", **capability)
        assert response["X-Cache"] == "HIT"
        assert "Harbour bridge reopens" in response.content.decode()


@pytest.mark.django_db
def test_pages_read_over_tls_and_plain_http_are_stored_apart(client, story, settings):
    # No stored page builds an address from the request's scheme today; the key keeps the two
    # apart so one that does is never served to the other, and the purge task's refresh
    # renders each page as it was read.
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    def over_tls():
        return client.get(story.url, HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")

    fetch(client, story.url)
    assert over_tls()["X-Cache"] == "MISS"
    assert fetch(client, story.url)["X-Cache"] == "HIT"
    assert over_tls()["X-Cache"] == "HIT"
