"""Surrogate keys: every cacheable response names what it shows, and a change purges exactly
the stored pages that show it (masthead.core.surrogate, pagecache, purging;
newsroom.invalidation and signals)."""

from __future__ import annotations

import socket
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.db import transaction

from masthead.core import purging, surrogate
from masthead.newsroom.tests import factories as f
from tests.shared_setup import shared_fixture


def get(client, url: str, host: str = "localhost"):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, (url, response.status_code)
    return response


def keys_of(response) -> set[str]:
    assert response["xkey"] == response["Surrogate-Key"]
    return surrogate.parse(response["xkey"])


def path_of(page) -> str:
    return urlparse(page.full_url).path


def stored(client, url: str, host: str = "localhost") -> None:
    get(client, url, host)
    assert get(client, url, host)["X-Cache"] == "HIT", url


def state(client, url: str, host: str = "localhost") -> str:
    return get(client, url, host)["X-Cache"]


@shared_fixture("surrogate-newsroom", needs=("network",))
def newsroom(network):
    author = f.make_author("Ada Arden")
    picture = f.make_image(photographer="Jo Lens")
    agency = f.make_agency()
    story = f.make_article(
        network["world"],
        title="Harbour bridge opens",
        tags=["Harbour", "Bridges"],
        lead_image=picture,
        agency=agency,
    )
    story.authors = [author]
    f.publish(story)
    older = f.make_article(network["world"], title="Harbour dredging", tags=["Harbour"])
    return {
        **network,
        "author": author,
        "picture": picture,
        "agency": agency,
        "story": story,
        "older": older,
    }


@pytest.mark.django_db
def test_a_story_page_names_itself_its_section_tags_byline_pictures_and_related(client, newsroom):
    story, world = newsroom["story"], newsroom["world"]
    tags = {t.name: t.id for t in story.tags.all()}
    keys = keys_of(get(client, path_of(story)))

    site_id = newsroom["news"].get_site().id
    assert {
        surrogate.page(story.id),
        surrogate.page(world.id),
        surrogate.tag(tags["Harbour"]),
        surrogate.tag(tags["Bridges"]),
        surrogate.author(newsroom["author"].id),
        surrogate.image(newsroom["picture"].id),
        surrogate.agency(newsroom["agency"].id),
        surrogate.chrome(site_id),
        surrogate.site(site_id),
        # the related list shows the main topic's newest stories, and one of them
        surrogate.tag_listing(tags["Harbour"]),
        surrogate.page(newsroom["older"].id),
    } <= keys
    assert surrogate.page(newsroom["football"].id) not in keys


@pytest.mark.django_db
def test_listings_name_their_listing_and_every_teaser(client, newsroom):
    story, older, world = newsroom["story"], newsroom["older"], newsroom["world"]
    teasers = {surrogate.page(story.id), surrogate.page(older.id)}
    picture = surrogate.image(newsroom["picture"].id)
    harbour = story.tags.get(name="Harbour").id

    section = keys_of(get(client, path_of(world)))
    front = keys_of(get(client, "/"))
    tag = keys_of(get(client, "/tags/harbour/"))
    author = keys_of(get(client, "/authors/ada-arden/"))

    assert {surrogate.listing(world.id), surrogate.page(world.id), picture} | teasers <= section
    assert {surrogate.listing(newsroom["news"].id), picture} | teasers <= front
    assert {surrogate.tag_listing(harbour), surrogate.tag(harbour)} | teasers <= tag
    author_id = newsroom["author"].id
    assert {surrogate.author_listing(author_id), surrogate.page(story.id)} <= author
    assert surrogate.author(author_id) in author
    assert surrogate.page(older.id) not in author


@pytest.mark.django_db
def test_feeds_and_sitemaps_name_their_site(client, newsroom):
    site_id = newsroom["news"].get_site().id
    feed = keys_of(get(client, "/feeds/rss/"))
    assert {surrogate.feed(site_id), surrogate.page(newsroom["story"].id)} <= feed
    assert surrogate.sitemap(site_id) in keys_of(get(client, "/sitemaps/news.xml"))
    assert surrogate.search(site_id) in keys_of(get(client, "/search/?q=harbour"))


@pytest.mark.django_db
def test_pages_purged_by_key_proxies_keep_for_hours_and_others_as_long_as_the_app(
    client, newsroom, settings
):
    article = get(client, path_of(newsroom["story"]))
    assert article["Surrogate-Control"] == f"max-age={settings.MASTHEAD_SURROGATE_SECONDS}"
    counts = client.get("/comments/counts/?ids=1", HTTP_HOST="localhost")
    if counts.status_code == 200:
        assert counts["Surrogate-Control"] == "max-age=30"


@pytest.mark.django_db
def test_a_per_reader_response_names_nothing_and_is_never_stored(client, newsroom):
    reader = f.make_author  # noqa: F841 - the author factory is not a reader
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username="rosa", email="rosa@example.org", password="a long enough passphrase 1"
    )
    client.force_login(user)
    for _ in range(2):
        response = client.get("/fragments/account/", HTTP_HOST="localhost")
        assert "xkey" not in response and "Surrogate-Key" not in response
        assert "X-Cache" not in response


@pytest.mark.django_db
def test_a_publish_purges_every_listing_that_should_show_it_and_nothing_else(client, newsroom):
    showing = [
        path_of(newsroom["story"]),  # related stories on the main topic
        path_of(newsroom["world"]),
        path_of(newsroom["news_section"]),
        "/",
        "/tags/harbour/",
        "/feeds/rss/",
        "/sitemaps/news.xml",
        "/search/?q=harbour",
    ]
    unrelated = [("/", "sport.localhost"), (path_of(newsroom["football"]), "sport.localhost")]
    for url in showing:
        stored(client, url)
    for url, host in unrelated:
        stored(client, url, host)
    stored(client, "/authors/ada-arden/")

    f.make_article(newsroom["world"], title="Ferry strike ends", tags=["Harbour"])

    for url in showing:
        response = get(client, url)
        assert response["X-Cache"] == "MISS", url
    assert "Ferry strike ends" in get(client, "/tags/harbour/").content.decode()
    for url, host in unrelated:
        assert state(client, url, host) == "HIT", (host, url)
    # Not by Ada: her page is not purged.
    assert state(client, "/authors/ada-arden/") == "HIT"


@pytest.mark.django_db
def test_a_moved_story_leaves_its_old_section_and_joins_the_new_one(client, newsroom):
    older, world = newsroom["older"], newsroom["world"]
    markets = newsroom["markets"]
    for url, host in ((path_of(world), "localhost"), ("/", "money.localhost")):
        stored(client, url, host)

    older.move(markets, pos="last-child")

    assert "Harbour dredging" not in get(client, path_of(world)).content.decode()
    assert "Harbour dredging" in get(client, "/", "money.localhost").content.decode()


@pytest.mark.django_db
def test_a_picture_credit_purges_the_pages_showing_it_only(client, newsroom):
    article, section = path_of(newsroom["story"]), path_of(newsroom["world"])
    stored(client, article)
    stored(client, section)
    stored(client, path_of(newsroom["older"]), "localhost")
    stored(client, "/", "sport.localhost")

    picture = newsroom["picture"]
    picture.photographer = "Jo Lensman"
    picture.save()

    assert "Jo Lensman" in get(client, article).content.decode()
    assert state(client, section) == "MISS"
    assert state(client, "/", "sport.localhost") == "HIT"
    # The older story's related list shows the picture's story: its page shows the picture.
    assert state(client, path_of(newsroom["older"])) == "MISS"


@pytest.mark.django_db
def test_a_new_wire_picture_purges_nothing_stored(client, newsroom):
    stored(client, path_of(newsroom["story"]))
    stored(client, "/")

    f.make_image(photographer="Wire")

    assert state(client, path_of(newsroom["story"])) == "HIT"
    assert state(client, "/") == "HIT"


@pytest.mark.django_db
def test_a_byline_change_purges_its_stories_and_author_page(client, newsroom):
    stored(client, path_of(newsroom["story"]))
    stored(client, "/authors/ada-arden/")
    stored(client, path_of(newsroom["football"]), "sport.localhost")

    author = newsroom["author"]
    author.name = "Ada Arden-Smith"
    author.save()

    assert "Ada Arden-Smith" in get(client, path_of(newsroom["story"])).content.decode()
    assert state(client, "/authors/ada-arden/") == "MISS"
    assert state(client, path_of(newsroom["football"]), "sport.localhost") == "HIT"


@pytest.mark.django_db
def test_a_site_change_purges_every_sites_chrome(client, newsroom):
    stored(client, "/", "sport.localhost")
    stored(client, path_of(newsroom["football"]), "sport.localhost")

    site = newsroom["money"].get_site()
    site.site_name = "Test Money Daily"
    site.save()

    # The network bar on every site lists the sites.
    assert state(client, "/", "sport.localhost") == "MISS"
    assert state(client, path_of(newsroom["football"]), "sport.localhost") == "MISS"


@pytest.mark.django_db
def test_a_section_published_purges_its_sites_navigation(client, newsroom):
    stored(client, path_of(newsroom["story"]))
    stored(client, "/", "sport.localhost")

    # Published as the admin publishes it (make_section alone writes a live row, no publish).
    f.publish(f.make_section(newsroom["news"], "Weather"))

    assert "Weather" in get(client, path_of(newsroom["story"])).content.decode()
    assert state(client, "/", "sport.localhost") == "HIT"


@pytest.mark.django_db
def test_a_view_restriction_purges_the_pages_below_it_and_their_listings_only(client, newsroom):
    from wagtail.models import PageViewRestriction

    culture = f.make_section(newsroom["news"], "Culture")
    f.make_article(culture, title="Opera night")
    showing = ["/", path_of(newsroom["news_section"]), "/feeds/rss/"]
    stored(client, "/tags/harbour/")
    unrelated = [(path_of(culture), "localhost"), ("/", "money.localhost")]
    for url in showing:
        stored(client, url)
    for url, host in unrelated:
        stored(client, url, host)

    restriction = PageViewRestriction.objects.create(
        page=newsroom["world"], restriction_type=PageViewRestriction.LOGIN
    )

    for url in showing:
        response = get(client, url)
        assert response["X-Cache"] == "MISS", url
        assert "Harbour bridge opens" not in response.content.decode(), url
    # Both Harbour stories are below the restriction: the tag has no public page now.
    assert client.get("/tags/harbour/", HTTP_HOST="localhost").status_code == 404
    # The rest of the site (and the network) was not purged.
    for url, host in unrelated:
        assert state(client, url, host) == "HIT", (host, url)

    restriction.delete()

    for url in [*showing, "/tags/harbour/"]:
        assert "Harbour bridge opens" in get(client, url).content.decode(), url
    for url, host in unrelated:
        assert state(client, url, host) == "HIT", (host, url)


@pytest.mark.django_db
def test_a_publish_keeps_other_copies_in_the_process(client, newsroom):
    """Per-process copies are dropped by key (decision 1502): a story published drops its
    related lists, not the navigation, the sites or the section tree."""
    from masthead.core import localcopies
    from masthead.newsroom.reading import router, stories

    get(client, path_of(newsroom["story"]))  # fills the copies
    names = {name for name, entries, _bound in localcopies.inventory() if entries}
    assert {"remembered", "newsroom:routes", "newsroom:related-teasers"} <= names
    kept = localcopies._registry["remembered"]._entries
    chrome = {name for name in kept if str(name).startswith(("nav:", "chrome:"))}
    assert chrome
    before = stories._related_teasers.get(newsroom["story"].id)
    assert before is not None

    f.make_article(newsroom["world"], title="Ferry strike ends", tags=["Harbour"])

    # A new story on its main topic: the story's related list is dropped, the rest kept.
    assert stories._related_teasers.get(newsroom["story"].id) is None
    assert chrome <= set(kept)
    assert router._routes.get(newsroom["story"].url_path) is not None
    assert "Ferry strike ends" in get(client, path_of(newsroom["story"])).content.decode()


@pytest.mark.django_db
def test_purges_wait_for_the_commit(client, newsroom, settings, django_capture_on_commit_callbacks):
    settings.MASTHEAD_PURGE_AT_ONCE = False
    stored(client, "/")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        f.make_article(newsroom["world"], title="Ferry strike ends")
        # Not yet committed: a reader meanwhile still gets the stored page (and cannot
        # store an old copy after the purge, since the purge comes after the commit).
        assert state(client, "/") == "HIT"
    assert callbacks
    assert "Ferry strike ends" in get(client, "/").content.decode()


@pytest.mark.django_db
def test_the_old_global_purge_stays_available_for_comparison(client, newsroom, settings):
    settings.MASTHEAD_PURGE = "all"
    stored(client, "/", "sport.localhost")

    f.make_article(newsroom["world"], title="Ferry strike ends")

    assert state(client, "/", "sport.localhost") == "MISS"


@pytest.mark.django_db
def test_operators_purge_by_key_or_everything(client, newsroom):
    stored(client, "/")
    stored(client, "/", "sport.localhost")

    call_command("purge_cache", surrogate.listing(newsroom["news"].id))
    assert state(client, "/") == "MISS"
    assert state(client, "/", "sport.localhost") == "HIT"

    call_command("purge_cache", "--all")
    assert state(client, "/", "sport.localhost") == "MISS"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_an_unreachable_proxy_is_retried_reported_and_never_blocks_the_editor(
    client, newsroom, settings
):
    proxy = f"http://127.0.0.1:{_closed_port()}/"
    settings.MASTHEAD_PURGE_PROXIES = [proxy]
    settings.MASTHEAD_PURGE_ATTEMPTS = 3
    stored(client, "/")

    f.make_article(newsroom["world"], title="Ferry strike ends")  # no exception

    # The app's own cache is purged whatever the proxy does.
    assert "Ferry strike ends" in get(client, "/").content.decode()
    failing = purging.failing_proxies()
    label = purging.proxy_label(proxy)
    assert failing[label]["attempt"] == 3 and failing[label]["lost"] is True
    ready = client.get("/health/ready/")
    assert ready.status_code == 200  # a proxy's trouble does not take the node out
    body = ready.json()
    assert body["checks"][f"purge:{label}"] == "failing"
    assert label in body["purges_failing"]


@pytest.mark.django_db
def test_a_picture_whose_licence_expires_leaves_the_pages_showing_it(client, newsroom):
    from datetime import timedelta

    from django.utils import timezone

    from masthead.newsroom.models import NewsImage
    from masthead.newsroom.tasks import pictures_expired_purge

    picture = newsroom["picture"]
    soon = timezone.now() + timedelta(seconds=30)
    NewsImage.objects.filter(pk=picture.pk).update(rights_expire_at=soon)  # no signal
    pictures_expired_purge(now=timezone.now())
    stored(client, path_of(newsroom["story"]))
    stored(client, "/", "sport.localhost")

    assert pictures_expired_purge(now=soon + timedelta(seconds=1)) == 1

    assert state(client, path_of(newsroom["story"])) == "MISS"
    assert state(client, "/", "sport.localhost") == "HIT"
    assert pictures_expired_purge(now=soon + timedelta(seconds=61)) == 0


@pytest.mark.redis
@pytest.mark.django_db
def test_with_redis_a_purge_deletes_the_stored_pages_of_its_keys(client, newsroom):
    from django.core.cache import cache
    from django_redis import get_redis_connection

    from masthead.core import pagecache

    assert pagecache._redis() is not None
    stored(client, path_of(newsroom["world"]))
    stored(client, "/", "sport.localhost")
    redis = get_redis_connection("default")
    listing = cache.make_key(pagecache._set_key(surrogate.listing(newsroom["world"].id)))
    (entry,) = redis.smembers(listing)
    assert redis.exists(entry)

    f.make_article(newsroom["world"], title="Ferry strike ends")

    # The stored page itself is gone (not only outdated), and so is the key's set.
    assert not redis.exists(entry) and not redis.exists(listing)
    assert state(client, path_of(newsroom["world"])) == "MISS"
    assert state(client, "/", "sport.localhost") == "HIT"
