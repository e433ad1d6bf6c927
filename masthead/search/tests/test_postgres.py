"""The index on PostgreSQL: the weighted ``tsvector``, ``websearch_to_tsquery``/``ts_rank_cd``
ranking, filters with counts and the completeness check.

CI's PostgreSQL run executes the whole suite there; these tests carry the ``postgres`` marker so
that a run without PostgreSQL says so (and fails under MASTHEAD_REQUIRE_SERVICES) instead of
silently testing SQLite's FTS5 only. The behaviour tests are the engine-neutral ones of
test_index, called here on this engine.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.rich_text import RichText

from masthead.newsroom.tests import factories as f
from masthead.search.models import SearchDocument
from masthead.search.tests import test_index as on_any_engine

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgresql(settings):
    assert connection.vendor == "postgresql"
    settings.PAGE_CACHE_ENABLED = False


def test_each_field_is_weighted_in_the_documents_vector(network):
    story = f.make_article(
        network["world"],
        title="Glasgow trams",
        standfirst="Councillors vote tonight.",
        tags=["Transport"],
        body=[("paragraph", RichText("<p>The depot stays in Govan.</p>"))],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT vec::text FROM {SearchDocument._meta.db_table} WHERE story_id = %s",  # noqa: S608
            [story.pk],
        )
        vector = cursor.fetchone()[0]
    # Each lexeme's weight letter (D, the body's, is left out of the text form), stemmed in
    # English: "trams" -> "tram", "councillors" -> "councillor".
    weight = {}
    for entry in vector.split(" "):
        lexeme, positions = entry.rsplit(":", 1)
        weight[lexeme.strip("'")] = positions.rstrip("0123456789,")[-1:] or "D"
    assert (weight["glasgow"], weight["tram"]) == ("A", "A")
    assert weight["councillor"] == "B"
    assert weight["transport"] == "C"
    assert weight["govan"] == "D"


def test_ranking_weights_and_freshness_on_postgresql(client, network):
    on_any_engine.test_a_headline_match_outranks_body_mentions_and_age_does_not_bury_it(
        client, network
    )


def test_phrases_prefixes_and_stemming_on_postgresql(client, network):
    on_any_engine.test_phrases_prefixes_and_stemming(client, network)


def test_misspellings_are_corrected_on_postgresql(client, network):
    on_any_engine.test_misspelt_words_are_corrected_from_the_index_vocabulary(client, network)


def test_filters_and_counts_on_postgresql(client, network):
    on_any_engine.test_filters_by_kind_author_place_and_date_with_counts(client, network)


def test_unpublished_restricted_and_expired_leave_on_postgresql(client, network):
    on_any_engine.test_unpublished_restricted_and_expired_stories_leave_the_index(client, network)


def test_search_check_and_fix_on_postgresql(network):
    on_any_engine.test_search_check_reports_and_fix_repairs(network)


def test_suggestions_on_postgresql(client, network):
    on_any_engine.test_suggestions_offer_headlines_and_tags_of_live_stories_only(client, network)


def _plan(statement: str, params: list) -> str:
    with connection.cursor() as cursor:
        # A handful of rows: left to itself the planner reads them all, index or not. With
        # sequential scans priced out, a plan without the index means the index cannot serve.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + statement, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_match_is_served_by_the_gin_index_in_one_language_and_in_several(
    network, django_capture_on_commit_callbacks
):
    from masthead.search import engine
    from masthead.search.query import parse

    f.make_article(network["world"], title="Glasgow trams return")

    def match_plan() -> str:
        sql = engine._Sql(parse("trams"), engine.Where(), db=connection, now=timezone.now())
        return _plan(f"SELECT d.story_id FROM {sql.from_} WHERE {sql.where}", sql.params)  # noqa: S608

    # A per-row language (``websearch_to_tsquery(d.language::regconfig, …)``) plans a
    # sequential scan whatever it costs.
    assert "sitesearch_doc_vec" in match_plan()
    with django_capture_on_commit_callbacks(execute=True):
        f.make_article(network["world"], title="Straßenbahnen fahren wieder", language="de")
    assert engine.languages(connection) == ["english", "german"]
    # Each language's branch has an index to start from (on a handful of rows the planner
    # may take the language's own index for the rare one); none reads the whole table.
    assert "Seq Scan" not in match_plan()


def test_each_language_is_searched_with_its_own_stemming(
    client, network, django_capture_on_commit_callbacks
):
    english = f.make_article(network["world"], title="Councillors vote on new trams")
    # Asked once: the index's languages are now known (and kept) as English alone.
    assert (
        client.get("/search/", {"q": "tram"})
        .context["results"]
        .hits[0]
        .url.endswith(english.slug + "/")
    )
    # A story in a language new to the index is found at once, with German stemming:
    # "Straßenbahnen" is found by its German stem "straßenbahn".
    with django_capture_on_commit_callbacks(execute=True):
        german = f.make_article(
            network["world"], title="Die Straßenbahnen fahren wieder", language="de"
        )
    hits = client.get("/search/", {"q": "Straßenbahn"}).context["results"].hits
    assert [strip_tags(h.title) for h in hits] == [german.title]
    # Both languages in one index: each story still answers its own language's forms.
    hits = client.get("/search/", {"q": "councillor"}).context["results"].hits
    assert [strip_tags(h.title) for h in hits] == [english.title]
