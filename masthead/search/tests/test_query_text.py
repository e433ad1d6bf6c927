"""Whatever a reader types in the search box is words to look for, never engine syntax: no text
makes the search page or the API fail, on SQLite (FTS5) and PostgreSQL (full text) alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db

# Characters and words that mean something to FTS5, tsquery or websearch syntax.
SYNTAX = [
    '"',
    "'",
    "*",
    "(",
    ")",
    ":",
    "^",
    "-",
    "+",
    "!",
    "&",
    "|",
    "<->",
    "\\",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(",
    "{",
    "}",
    "title:",
    ",",
    ".",
    "%",
    "_",
]
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)
QUERY = st.lists(st.one_of(st.sampled_from(SYNTAX), TEXT), max_size=8).map("".join)
JUNK = st.lists(st.sampled_from(['"', "(", ")", ":", "^", "'", "{", "}", "+", ","]), max_size=3)


@pytest.fixture
def harbour(network, settings):
    # Every example must reach the search itself, not a page stored by an earlier one.
    settings.PAGE_CACHE_ENABLED = False
    return f.make_article(
        network["world"],
        title="Storm closes the harbour",
        standfirst="Gales kept the fishing fleet in port for a second day.",
        at=timezone.now() - timedelta(hours=2),
    )


def _ask(client, query: str) -> tuple[int, int]:
    page = client.get("/search/", {"q": query}, HTTP_HOST="localhost")
    api = client.get("/api/v1/search", {"q": query})
    return page.status_code, api.status_code


def _check_any_text(client) -> None:
    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(query=QUERY)
    @example(query='"harbour')
    @example(query='"')
    @example(query='harbour"s "storm')
    @example(query="NEAR(harbour storm")
    @example(query="harbour AND OR NOT")
    @example(query="*")
    @example(query="-harbour")
    @example(query="harbour:*")
    @example(query="'")
    @example(query="!!! & | <-> ()")
    def check(query: str) -> None:
        page, api = _ask(client, query)
        if len(query) > 200:
            # Too long: the form and the API say so with a clear error, never a 500.
            assert page == 400
            assert api in (400, 422)
        elif not query:
            # The page shows the empty form; the API needs at least one character.
            assert page == 200
            assert api in (400, 422)
        else:
            assert page == 200, query
            assert api == 200, query

    check()


def _check_words_inside_syntax_still_find(client) -> None:
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(before=JUNK, after=JUNK, word=st.sampled_from(["harbour", "Storm", "closes"]))
    @example(before=['"'], after=[], word="harbour")
    def check(before: list[str], after: list[str], word: str) -> None:
        query = "".join(before) + word + "".join(after)
        page = client.get("/search/", {"q": query}, HTTP_HOST="localhost")
        assert page.status_code == 200, query
        titles = [hit.headline for hit in page.context["results"].hits]
        assert titles == ["Storm closes the harbour"], query
        answer = client.get("/api/v1/search", {"q": query}).json()
        assert [item["title"] for item in answer["items"]] == ["Storm closes the harbour"]

    check()


def test_any_text_in_the_search_box_answers_and_never_fails(client, harbour):
    _check_any_text(client)


def test_words_wrapped_in_search_syntax_are_still_found(client, harbour):
    _check_words_inside_syntax_still_find(client)


@pytest.mark.postgres
def test_any_text_on_postgresql_full_text_answers_and_never_fails(client, harbour):
    assert connection.vendor == "postgresql"
    _check_any_text(client)
    _check_words_inside_syntax_still_find(client)
