from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from masthead.core.cursors import encode as cursor_encode
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


def _ask(client, since: str = "", host: str = "localhost"):
    return client.get("/live/new-stories/", {"since": since}, HTTP_HOST=host)


def test_counts_only_stories_published_after_the_cursor_newest_first(client, network):
    now = timezone.now()
    seen = f.make_article(network["world"], title="Seen already", at=now - timedelta(hours=2))
    f.make_article(network["world"], title="Fresh one", at=now - timedelta(minutes=30))
    f.make_article(network["news_section"], title="Fresher one", at=now - timedelta(minutes=5))

    answer = _ask(client, cursor_encode(seen.first_published_at, seen.id)).json()

    assert answer["count"] == 2
    assert [s["title"] for s in answer["stories"]] == ["Fresher one", "Fresh one"]
    assert answer["stories"][0]["url"] == "/news/fresher-one/"
    assert answer["more"] is False


def test_drafts_and_other_sites_stories_never_count(client, network):
    seen = f.make_article(network["world"], at=timezone.now() - timedelta(hours=1))
    f.make_article(network["world"], title="Still a draft", live=False)
    f.make_article(network["markets"], title="Money story", at=timezone.now())

    answer = _ask(client, cursor_encode(seen.first_published_at, seen.id)).json()

    assert answer == {
        "count": 0,
        "more": False,
        "stories": [],
        "newest": cursor_encode(seen.first_published_at, seen.id),
    }
    money = _ask(client, cursor_encode(seen.first_published_at, seen.id), host="money.localhost")
    assert [s["title"] for s in money.json()["stories"]] == ["Money story"]


def test_front_page_hands_the_poller_the_cursor_of_its_newest_story(client, network):
    f.make_article(network["world"], at=timezone.now() - timedelta(hours=3))
    newest = f.make_article(network["world"], at=timezone.now() - timedelta(minutes=1))

    html = client.get("/", HTTP_HOST="localhost").content.decode()

    cursor = cursor_encode(newest.first_published_at, newest.id)
    assert f'data-since="{cursor}"' in html
    assert _ask(client, cursor).json()["count"] == 0


def test_publishing_a_story_reaches_a_cached_answer_at_once(client, network):
    seen = f.make_article(network["world"], at=timezone.now() - timedelta(minutes=10))
    since = cursor_encode(seen.first_published_at, seen.id)
    assert _ask(client, since).json()["count"] == 0
    assert _ask(client, since)["X-Cache"] == "HIT"

    f.make_article(network["world"], title="Just published", at=timezone.now())

    answer = _ask(client, since)
    assert answer["X-Cache"] == "MISS"
    assert [s["title"] for s in answer.json()["stories"]] == ["Just published"]


def test_answer_may_be_kept_by_browsers_and_shared_caches(client, network):
    response = _ask(client)
    assert response["Cache-Control"] == "public, max-age=15, s-maxage=15"
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_without_since_the_answer_gives_the_starting_cursor_only(client, network):
    newest = f.make_article(network["world"])
    answer = _ask(client).json()
    assert answer["count"] == 0
    assert answer["stories"] == []
    assert answer["newest"] == cursor_encode(newest.first_published_at, newest.id)


def test_an_iso_time_is_floored_to_the_second_so_readers_share_one_answer(client, network):
    story = f.make_article(
        network["world"], at=datetime(2026, 3, 1, 12, 0, 30, 500_000, tzinfo=UTC)
    )
    first = _ask(client, "2026-03-01T12:00:30.900+00:00").json()
    second = _ask(client, "2026-03-01T12:00:30.100Z").json()
    # The story at 12:00:30.5 is counted from 12:00:30 (floored): never missed.
    assert first == second
    assert [s["id"] for s in first["stories"]] == [story.id]


@pytest.mark.parametrize("since", ["yesterday", "12.x", "99999999999999999999999.1"])
def test_a_since_that_is_not_a_time_gets_a_clear_json_error(client, network, since):
    response = _ask(client, since)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "since" in response.json()["error"]["message"]


def test_an_uncached_answer_costs_at_most_three_queries_however_many_stories(
    client, network, django_assert_max_num_queries
):
    oldest = f.make_article(network["world"], at=timezone.now() - timedelta(days=1))
    for _ in range(7):
        f.make_article(network["world"], at=timezone.now())
    since = cursor_encode(oldest.first_published_at, oldest.id)
    _ask(client)  # the site list is cached from here on
    with django_assert_max_num_queries(3):
        answer = _ask(client, since).json()
    assert answer["count"] == 7
    assert len(answer["stories"]) == 5
