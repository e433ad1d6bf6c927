"""Kept relevance results (masthead/search/results.py): the same pages as ranking in the engine
on every request, brought up to date with every index write at once."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.rich_text import RichText

from masthead.core.sites import network_sites
from masthead.newsroom.models import StoryPage
from masthead.newsroom.tests import factories as f
from masthead.search import engine, results, selectors, services
from masthead.search.query import parse
from tests.shared_setup import shared_fixture

pytestmark = pytest.mark.django_db

WORDS = ["harbour", "ferry", "strike", "council", "budget", "storm", "tram", "museum"]


# Built once for the module's tests in a row (tests/shared_setup.py), each still rolled back
# alone: forty stories through Wagtail were about 3 CPU s per test, 12 s wall on PostgreSQL.
@shared_fixture("search-small-network", needs=("network",))
def small_network(network):
    """Forty stories whose words sit in different fields and ages, so ranks differ."""
    now = timezone.now()
    made = []
    for n in range(40):
        a, b, c = WORDS[n % 8], WORDS[(n * 3 + 1) % 8], WORDS[(n * 5 + 2) % 8]
        made.append(
            f.make_article(
                network["world"] if n % 3 else network["news_section"],
                title=f"{a.capitalize()} {b} report {n}",
                standfirst=f"What the {c} means for the {b}.",
                body=[("paragraph", RichText(f"<p>{' '.join([c] * (n % 4 + 1))} and {a}.</p>"))],
                at=now - timedelta(days=n * 7 % 200, hours=n),
            )
        )
    return made


def _site():
    return next(s for s in network_sites() if s.hostname == "localhost")


QUERIES = ["harbour", "ferry", "storm tram", "council budget report", "museum*", '"ferry report"']


def _exact(query: str, where, *, offset=0, limit=21) -> list[int]:
    return engine.rank(parse(query), where, order="relevance", offset=offset, limit=limit)


@pytest.mark.parametrize("settle", [timedelta(0), timedelta(days=1)])
def test_kept_results_rank_as_the_engine_does(small_network, monkeypatch, settle):
    # settle 0: the kept answer alone; a day: every story is a recent write, so each read
    # merges them all in again. Both must give the engine's own order. (A day, not SETTLE's
    # minute: the shared stories may have been written up to a minute before this test.)
    monkeypatch.setattr(results, "SETTLE", settle)
    wheres = [engine.Where(), engine.Where(site_ids=(_site().id,)), engine.Where(kind="article")]
    for query in QUERIES:
        for where in wheres:
            for offset, limit in ((0, 21), (5, 5)):
                results.rank(parse(query), where, offset=0, limit=21)  # make the kept answer
                expected = _exact(query, where, offset=offset, limit=limit)
                got = results.rank(parse(query), where, offset=offset, limit=limit)
                assert got == expected, (query, where, offset)
            assert results.counts(parse(query), where) == engine.counts(parse(query), where)


def test_a_story_published_after_the_answer_was_kept_is_found_at_once(
    small_network, network, monkeypatch
):
    monkeypatch.setattr(results, "SETTLE", timedelta(0))
    site = _site()

    def hits(query: str) -> list[int]:
        page = selectors.search_stories(query=query, sites=[site], current_site=site)
        return [h.story_id for h in page.hits]

    where = engine.Where(site_ids=(site.id,))
    before = hits("harbour")
    assert before == _exact("harbour", where)[:20]
    new = f.make_article(network["world"], title="Harbour harbour: the harbour reopens")
    assert new.pk in hits("harbour")
    assert hits("harbour") == _exact("harbour", where)[:20]

    # Gone as soon as it is unpublished, and an older story changed to match comes in.
    new.unpublish()
    assert hits("harbour") == before
    older = small_network[1]  # "Ferry …": no harbour anywhere until now
    assert older.pk not in before
    older.title = "Harbour harbour harbour ferry"
    older.save_revision().publish()
    assert older.pk in hits("harbour")
    assert hits("harbour") == _exact("harbour", where)[:20]


def test_a_warm_results_page_reads_no_story_text_and_a_rewritten_story_shows_as_it_is_now(
    small_network, monkeypatch
):
    monkeypatch.setattr(results, "SETTLE", timedelta(0))
    site = _site()

    def search():
        return selectors.search_stories(query="harbour", sites=[site], current_site=site)

    first = search()
    with CaptureQueriesContext(connections["default"]) as queries:
        warm = search()
    # The kept list's entries: the same marked headlines and snippets, no body read.
    assert [(h.story_id, h.title, h.snippet, h.url) for h in warm.hits] == [
        (h.story_id, h.title, h.snippet, h.url) for h in first.hits
    ]
    assert "<mark>" in warm.hits[0].title + warm.hits[0].snippet
    assert not [q["sql"] for q in queries if '"body"' in q["sql"]]
    assert warm.total == first.total

    story = StoryPage.objects.get(pk=warm.hits[0].story_id).specific
    story.title = "Harbour pilots vote to return"
    story.save_revision().publish()
    entry = next(h for h in search().hits if h.story_id == story.pk)
    assert entry.headline == "Harbour pilots vote to return"
    assert entry.title == "<mark>Harbour</mark> pilots vote to return"


def test_a_story_past_its_expiry_leaves_kept_results(small_network):
    where = engine.Where()
    first = results.rank(parse("harbour"), where, offset=0, limit=5)
    # Expired behind the index's back (no write): the expiry is read at query time.
    from masthead.search.models import SearchDocument

    SearchDocument.objects.filter(story_id=first[0]).update(
        expire_at=timezone.now() - timedelta(seconds=1)
    )
    assert first[0] not in results.rank(parse("harbour"), where, offset=0, limit=5)


def test_many_writes_since_make_the_answer_again_but_writes_it_saw_do_not(
    small_network, monkeypatch
):
    monkeypatch.setattr(results, "MAX_CHANGED", 3)
    # The forty stories were written within the settle window of the list's making, as after a
    # bulk import (a day, not SETTLE's minute: the shared fixture wrote them up to a minute ago).
    monkeypatch.setattr(results, "SETTLE", timedelta(days=1))
    where = engine.Where()
    made = []
    real_make = results._make
    monkeypatch.setattr(results, "_make", lambda *a, **k: made.append(1) or real_make(*a, **k))
    for _ in range(3):
        assert results.rank(parse("storm"), where, offset=0, limit=21) == _exact("storm", where)
    # Made once: the forty writes were there when it was made, so they are not news to it
    # (before, every search of every query made its list again for a minute after an import).
    assert len(made) == 1

    # Four stories written since: more than it patches, made again.
    services.index_stories(ids=[story.pk for story in small_network[:4]])
    assert results.rank(parse("storm"), where, offset=0, limit=21) == _exact("storm", where)
    assert len(made) == 2
    assert results.rank(parse("storm"), where, offset=0, limit=21) == _exact("storm", where)
    assert len(made) == 2

    # Three: patched in, not made again.
    services.index_stories(ids=[story.pk for story in small_network[4:7]])
    assert results.rank(parse("storm"), where, offset=0, limit=21) == _exact("storm", where)
    assert len(made) == 2

    # What it saw is gone from the cache: it cannot tell old writes from new, made again.
    cache.delete(cache.get(results._key(parse("storm"), where)).seen_key)
    assert results.rank(parse("storm"), where, offset=0, limit=21) == _exact("storm", where)
    assert len(made) == 3


def test_turned_off_every_request_ranks_in_the_engine(small_network, settings, monkeypatch):
    settings.MASTHEAD_SEARCH_RESULT_SECONDS = 0
    monkeypatch.setattr(results, "_make", None)  # never called
    where = engine.Where()
    assert results.rank(parse("tram"), where, offset=0, limit=21) == _exact("tram", where)
    assert results.counts(parse("tram"), where) == engine.counts(parse("tram"), where)


def test_a_query_asked_while_its_list_is_made_waits_for_it_then_ranks_alone(
    small_network, monkeypatch
):
    # Another process holds the query's lock: this one waits, then answers with the full
    # ranking itself and keeps nothing (the maker will).
    monkeypatch.setattr(results, "WAIT_SECONDS", 0.2)
    where = engine.Where()
    query = parse("harbour")
    key = results._key(query, where)
    assert cache.add(key + ":making", 1, timeout=30)
    assert results.rank(query, where, offset=0, limit=21) == _exact("harbour", where)
    assert results.counts(query, where) == engine.counts(query, where)
    assert cache.get(key) is None
    cache.delete(key + ":making")
    results.rank(query, where, offset=0, limit=21)
    assert isinstance(cache.get(key), results.Kept)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_first_asks_of_a_query_make_its_list_once(small_network, monkeypatch):
    where = engine.Where()
    made = []
    real_make = results._make

    def slow_make(*args, **kwargs):
        # Long enough that every asker arrives while the list is being made.
        made.append(1)
        time.sleep(0.5)
        return real_make(*args, **kwargs)

    monkeypatch.setattr(results, "_make", slow_make)
    expected = _exact("storm", where)
    start = threading.Barrier(4)
    answers: list[list[int]] = []

    def ask() -> None:
        start.wait()
        try:
            answers.append(results.rank(parse("storm"), where, offset=0, limit=21))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1
    assert answers == [expected] * 4
