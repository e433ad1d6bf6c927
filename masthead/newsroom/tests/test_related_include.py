"""The related list under an article as the proxy's own object (masthead/core/esi.py,
newsroom.reading.stories.related_include): behind a proxy that stitches Edge Side Includes an
article carries no listing key, so a publish on its topic purges one shared list, not the
article; without one the list is in the page as before. The real Varnish stitching it is in
masthead/core/tests/test_varnish.py."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from masthead.core import surrogate
from masthead.newsroom.models import RelatedStory
from masthead.newsroom.tests import factories as f
from tests.shared_setup import shared_fixture

STITCHING = {"HTTP_SURROGATE_CAPABILITY": 'masthead="ESI/1.0"'}
INCLUDE = re.compile(r'<esi:include src="([^"]+)" onerror="continue"/>')


def path_of(page) -> str:
    return urlparse(page.full_url).path


def fetch(client, url: str, *, esi: bool = False, host: str = "localhost"):
    response = client.get(url, HTTP_HOST=host, **(STITCHING if esi else {}))
    assert response.status_code == 200, (url, response.status_code)
    return response


def stitched(client, url: str) -> str:
    """The page as the proxy hands it to a reader: every include replaced by its answer."""
    page = fetch(client, url, esi=True).content.decode()
    return INCLUDE.sub(
        lambda m: fetch(client, m.group(1).replace("&amp;", "&")).content.decode(), page
    )


def related_headlines(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [" ".join(h.get_text(" ").split()) for h in soup.select(".related .teaser__headline")]


def keys_of(response) -> set[str]:
    return surrogate.parse(response["xkey"])


@shared_fixture("related-topic", needs=("network",))
def topic(network):
    """Six stories on "Harbour", newest first, a minute apart, and one on another topic."""
    now = timezone.now()
    stories = [
        f.make_article(
            network["world"],
            title=f"Harbour story {n}",
            tags=["Harbour"],
            at=now - timedelta(minutes=n),
        )
        for n in range(1, 7)
    ]
    harbour = stories[0].tags.get().id
    return {**network, "stories": stories, "harbour": harbour}


@pytest.mark.django_db
def test_without_a_stitching_proxy_the_list_is_in_the_article(client, topic):
    oldest = topic["stories"][-1]
    response = fetch(client, path_of(oldest))
    html = response.content.decode()
    assert "esi:include" not in html
    assert "ESI" not in response["Surrogate-Control"]
    assert related_headlines(html) == [f"Harbour story {n}" for n in range(1, 5)]
    assert surrogate.tag_listing(topic["harbour"]) in keys_of(response)


@pytest.mark.django_db
def test_an_older_article_includes_the_topics_shared_list_and_reads_the_same(client, topic):
    oldest = topic["stories"][-1]
    inline = fetch(client, path_of(oldest)).content.decode()
    response = fetch(client, path_of(oldest), esi=True)
    html = response.content.decode()

    assert INCLUDE.findall(html) == [f"/fragments/related/{topic['harbour']}/"]
    assert response["Surrogate-Control"].endswith('content="ESI/1.0"')
    keys = keys_of(response)
    # A publish on the topic does not touch the article; a story leaving the topic does.
    assert surrogate.tag_listing(topic["harbour"]) not in keys
    assert surrogate.tag_left(topic["harbour"]) in keys
    assert not any(k == surrogate.page(s.id) for s in topic["stories"][:4] for k in keys)
    # Stitched, the reader gets the page a client without the proxy gets.
    assert stitched(client, path_of(oldest)) == inline


@pytest.mark.django_db
def test_an_article_among_the_topics_newest_includes_a_list_without_itself(client, topic):
    second = topic["stories"][1]
    html = fetch(client, path_of(second), esi=True).content.decode()
    assert INCLUDE.findall(html) == [f"/fragments/related/{topic['harbour']}/?story={second.id}"]
    page = stitched(client, path_of(second))
    assert related_headlines(page) == [
        "Harbour story 1",
        "Harbour story 3",
        "Harbour story 4",
        "Harbour story 5",
    ]
    assert page == fetch(client, path_of(second)).content.decode()


@pytest.mark.django_db
def test_editors_picks_come_first_in_an_articles_own_list(client, topic):
    oldest, pick = topic["stories"][-1], f.make_article(topic["world"], title="Chosen by the desk")
    RelatedStory.objects.create(page=oldest, story=pick, sort_order=0)
    html = fetch(client, path_of(oldest), esi=True).content.decode()
    assert INCLUDE.findall(html) == [f"/fragments/related/{topic['harbour']}/?story={oldest.id}"]
    assert related_headlines(stitched(client, path_of(oldest)))[0] == "Chosen by the desk"


@pytest.mark.django_db
def test_the_page_cache_keeps_the_stitched_and_whole_pages_apart(client, topic):
    oldest = path_of(topic["stories"][-1])
    for _ in range(2):
        assert "esi:include" in fetch(client, oldest, esi=True).content.decode()
    whole = fetch(client, oldest)
    assert whole["X-Cache"] == "HIT" or "esi:include" not in whole.content.decode()
    assert "esi:include" not in whole.content.decode()
    assert related_headlines(whole.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["?story=abc", "?story=0", "?story=99999999", "?story=", "?story=18446744073709551616"],
)
def test_the_list_answers_an_empty_200_to_anything_it_cannot_show(client, topic, query):
    # The proxy stitches any answer's body into the article: an error page must never be one.
    response = fetch(client, f"/fragments/related/{topic['harbour']}/{query}")
    assert response.content.decode().strip() == ""


@pytest.mark.django_db
def test_a_story_from_another_site_is_not_listed_there(client, topic):
    story = topic["stories"][0]
    response = fetch(
        client, f"/fragments/related/{topic['harbour']}/?story={story.id}", host="sport.localhost"
    )
    assert response.content.decode().strip() == ""
    assert (
        fetch(client, f"/fragments/related/{topic['harbour']}/", host="sport.localhost")
        .content.decode()
        .strip()
        == ""
    )


@pytest.mark.django_db
def test_a_publish_on_the_topic_purges_the_shared_list_not_the_articles(client, topic):
    oldest = path_of(topic["stories"][-1])
    shared = f"/fragments/related/{topic['harbour']}/"
    for url in (oldest, shared):
        fetch(client, url, esi=url == oldest)
        assert fetch(client, url, esi=url == oldest)["X-Cache"] == "HIT"

    f.make_article(topic["world"], title="Ferry strike ends", tags=["Harbour"], at=timezone.now())

    assert fetch(client, oldest, esi=True)["X-Cache"] == "HIT"
    assert related_headlines(stitched(client, oldest))[0] == "Ferry strike ends"


@pytest.mark.django_db
def test_an_update_of_a_story_on_the_topic_leaves_the_articles_stored(client, topic):
    oldest = path_of(topic["stories"][-1])
    fetch(client, oldest, esi=True)
    newest = topic["stories"][0]
    newest.title = "Harbour story 1, updated"
    f.publish(newest)
    assert fetch(client, oldest, esi=True)["X-Cache"] == "HIT"
    assert related_headlines(stitched(client, oldest))[0] == "Harbour story 1, updated"


@pytest.mark.django_db
def test_a_story_leaving_the_topic_brings_an_older_one_back_without_itself(client, topic):
    fifth = topic["stories"][4]  # not among the four newest: it shows the shared list
    assert INCLUDE.findall(fetch(client, path_of(fifth), esi=True).content.decode()) == [
        f"/fragments/related/{topic['harbour']}/"
    ]

    topic["stories"][0].unpublish()

    # Now among the newest four, it must not list itself: its page was purged with the topic's
    # "story left" key and includes its own list.
    html = fetch(client, path_of(fifth), esi=True).content.decode()
    assert INCLUDE.findall(html) == [f"/fragments/related/{topic['harbour']}/?story={fifth.id}"]
    assert "Harbour story 5" not in related_headlines(stitched(client, path_of(fifth)))


@pytest.mark.django_db
def test_a_tag_taken_off_a_story_counts_as_leaving_the_topic(client, topic):
    fifth = topic["stories"][4]
    fetch(client, path_of(fifth), esi=True)
    assert fetch(client, path_of(fifth), esi=True)["X-Cache"] == "HIT"

    newest = topic["stories"][0]
    newest.tags.set(["Bridges"])
    f.publish(newest)

    html = fetch(client, path_of(fifth), esi=True).content.decode()
    assert f"?story={fifth.id}" in html
    assert "Harbour story 5" not in related_headlines(stitched(client, path_of(fifth)))


@pytest.mark.django_db
def test_a_story_behind_a_restriction_keeps_its_list_inline_and_the_fragment_tells_nothing(
    client, topic, django_user_model
):
    from wagtail.models import PageViewRestriction

    story = topic["stories"][2]
    PageViewRestriction.objects.create(page=story, restriction_type="login")
    fragment = f"/fragments/related/{topic['harbour']}/?story={story.id}"

    # Whether an id is a restricted story is not for anyone to learn from the fragment.
    assert fetch(client, fragment).content.decode().strip() == ""
    reader = django_user_model.objects.create_user("quay.reader", "quay@example.com", "pw-quay-1")
    client.force_login(reader)
    page = fetch(client, path_of(story), esi=True).content.decode()
    assert not INCLUDE.search(page)
    assert "Harbour story 1" in related_headlines(page)
