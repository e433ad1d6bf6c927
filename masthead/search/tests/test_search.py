import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from masthead.newsroom.tests import factories as f
from masthead.search.highlight import highlight, query_terms
from tests.shared_setup import shared_fixture

pytestmark = pytest.mark.django_db


# Built once for the module's row of tests (tests/shared_setup.py), each rolled back alone.
@shared_fixture("search-storm-stories", needs=("network",))
def stories(network):
    now = timezone.now()
    return {
        "storm": f.make_article(
            network["world"],
            title="Storm closes the harbour",
            standfirst="Gales kept the fishing fleet in port for a second day.",
            tags=["Weather"],
            at=now - timedelta(days=2),
        ),
        "storm_later": f.make_article(
            network["news_section"],
            title="After the storm, repairs begin",
            standfirst="Crews repair the sea wall.",
            at=now - timedelta(hours=1),
        ),
        "money_storm": f.make_article(
            network["markets"],
            title="Storm hits insurers' shares",
            standfirst="Insurers fell on storm claims.",
            at=now - timedelta(hours=3),
        ),
        "draft": f.make_article(network["world"], title="Storm draft not yet out", live=False),
        "old": f.make_article(
            network["world"],
            title="A storm of years past",
            standfirst="An archive storm.",
            at=datetime(2020, 5, 1, 12, tzinfo=UTC),
        ),
    }


def _search(client, host="localhost", **params):
    return client.get("/search/", params, HTTP_HOST=host)


def _titles(response) -> list[str]:
    return [hit.headline for hit in response.context["results"].hits]


def test_site_search_finds_this_sites_live_stories_only(client, stories):
    titles = _titles(_search(client, q="storm"))
    assert set(titles) == {
        "Storm closes the harbour",
        "After the storm, repairs begin",
        "A storm of years past",
    }


def test_network_search_reaches_every_site_with_absolute_links(client, stories):
    response = _search(client, q="storm", scope="network", order="newest")
    assert _titles(response)[:2] == [
        "After the storm, repairs begin",
        "Storm hits insurers' shares",
    ]
    assert b'href="http://money.localhost/markets/storm-hits-insurers-shares/"' in response.content


def test_a_site_search_that_finds_nothing_offers_the_whole_network(client, stories):
    response = _search(client, host="money.localhost", q="harbour")
    assert _titles(response) == []
    page = response.content.decode()
    assert "Check the spelling, or try fewer or more general words." in page
    wider = re.search(r'<a href="\?(q=harbour&amp;scope=network)">Search every site', page)
    assert wider, page
    followed = client.get("/search/?" + html.unescape(wider.group(1)), HTTP_HOST="money.localhost")
    assert _titles(followed) == ["Storm closes the harbour"]
    # Searched network-wide already: nowhere wider to offer.
    nothing = _search(client, host="money.localhost", q="zeppelin", scope="network")
    assert "Search every site" not in nothing.content.decode()
    assert "Check the spelling" in nothing.content.decode()


def test_newest_first_pages_by_key_through_every_result(client, stories):
    from masthead.core.sites import network_sites
    from masthead.search import selectors

    site = next(s for s in network_sites() if s.hostname == "localhost")
    seen, cursor = [], ""
    while True:
        page = selectors.search_stories(
            query="storm", sites=[site], current_site=site, order="newest", cursor=cursor, size=1
        )
        seen += [h.headline for h in page.hits]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == [
        "After the storm, repairs begin",
        "Storm closes the harbour",
        "A storm of years past",
    ]


def test_filters_by_section_tag_and_date(client, stories, network):
    assert _titles(_search(client, q="storm", section=network["world"].id, order="newest")) == [
        "Storm closes the harbour",
        "A storm of years past",
    ]
    assert _titles(_search(client, q="storm", tag="weather")) == ["Storm closes the harbour"]
    assert _titles(
        _search(client, q="storm", published_from="2020-01-01", published_to="2020-12-31")
    ) == ["A storm of years past"]


def test_dates_the_wrong_way_round_get_a_clear_message(client, stories):
    response = _search(client, q="storm", published_from="2021-01-01", published_to="2020-01-01")
    assert response.status_code == 400
    assert b"The end date is before the start date." in response.content


def test_the_form_keeps_the_readers_choices_escaped_and_names_its_errors(client, stories, network):
    response = _search(
        client, q='storm <b>"', published_from="not a date", section=network["world"].id, exact=1
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="q" value="storm &lt;b&gt;&quot;"' in html
    assert f'<option value="{network["world"].id}" selected>World</option>' in html
    assert '<input type="hidden" name="exact" value="1" id="id_exact">' in html
    # The message is the element the field says describes it.
    assert 'aria-invalid="true" aria-describedby="id_published_from_error"' in html
    assert '<span class="field-error" role="alert" id="id_published_from_error">' in html


def test_results_show_highlighted_escaped_snippets(client, stories, network):
    f.make_article(
        network["world"], title="Harbour storm <script>", standfirst="<b>storm</b> & wind"
    )
    assert "<mark>Storm</mark> closes the harbour" in _search(client, q="storm").content.decode()
    response = _search(client, q="storm wind", order="newest")
    html = response.content.decode()
    assert "&lt;b&gt;<mark>storm</mark>&lt;/b&gt; &amp; <mark>wind</mark>" in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_a_misspelt_word_gets_a_suggestion_from_the_networks_tags(client, stories):
    response = _search(client, q="wether")
    # Nothing matches the word typed, so its correction is searched and said so.
    assert _titles(response) == ["Storm closes the harbour"]
    assert response.context["results"].suggestion == "weather"
    assert response.context["results"].corrected_from == "wether"
    assert b"Showing results for" in response.content
    exact = _search(client, q="wether", exact="1")
    assert exact.context["results"].hits == []
    assert b"Did you mean" in exact.content


def test_search_page_is_the_same_for_every_reader_and_cacheable(client, stories):
    first = _search(client, q="storm")
    assert "public" in first["Cache-Control"]
    assert _search(client, q="storm")["X-Cache"] == "HIT"


def test_relevance_paging_stops_at_its_depth_with_a_message(client, stories):
    response = _search(client, q="storm", after="o400")
    assert response.status_code == 400
    assert b"narrow the search" in response.content


def test_api_search_filters_and_marks_words(client, stories, network):
    answer = client.get(
        "/api/v1/search", {"q": "storm", "order": "newest", "site": network["money"].get_site().id}
    ).json()
    assert [i["title"] for i in answer["items"]] == ["Storm hits insurers' shares"]
    assert "<mark>storm</mark>" in answer["items"][0]["snippet"]
    assert client.get("/api/v1/search", {"q": "storm", "section": 1}).status_code == 400


def test_query_terms_and_highlight_mark_word_starts_only():
    assert query_terms("Elect AND the OR x") == ["elect", "the"]
    assert (
        str(highlight("Elections in Selectville", ["elect"]))
        == "<mark>Elections</mark> in Selectville"
    )
    long = "word " * 100 + "needle here"
    snippet = str(highlight(long, ["needle"], length=60))
    assert snippet.startswith("…") and "<mark>needle</mark>" in snippet


def test_control_characters_in_a_query_are_dropped_not_sent_to_the_engine(client, stories):
    page = _search(client, q="storm\x07\x1b harbour\x7f")
    assert page.status_code == 200
    # What the engine was given (SearchPage.query) holds the words and nothing else.
    assert page.context["results"].query == "storm harbour"
    assert _titles(page) == _titles(_search(client, q="storm harbour")) != []
    dirty = client.get("/api/v1/search", {"q": "storm\x1b harbour\x07"})
    clean = client.get("/api/v1/search", {"q": "storm harbour"})
    assert dirty.status_code == 200
    assert dirty.json()["items"] == clean.json()["items"] != []


def test_a_nul_in_a_query_is_refused_at_the_door_with_the_reason(client, stories):
    # NUL never reaches the search form or the engine: NulCharacterMiddleware answers first,
    # on the page and in the API's error shape alike.
    page = _search(client, q="storm\x00")
    assert page.status_code == 400
    assert b"NUL character" in page.content
    answer = client.get("/api/v1/search", {"q": "sto\x00rm harbour"})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "bad_request"


def test_an_unknown_tag_finds_nothing_instead_of_ignoring_the_filter(client, stories):
    response = _search(client, q="storm", tag="no-such-tag")
    assert response.status_code == 400
    assert response.context["results"] is None
    assert b"No story carries that tag." in response.content


def test_counts_are_written_with_thousands_separators(client, stories, network):
    from django.template.loader import render_to_string

    from masthead.search import views

    # A real page of the storm search, its counts then raised to what a big network counts.
    page = client.get("/search/", {"q": "storm"})
    names = ("form", "results", "network", "tag", "error", "hits_html", "order_links")
    context = {name: page.context[name] for name in names}
    context["results"].total = 12345
    groups = page.context["facet_links"]
    groups[0]["items"][0]["count"] = 4806
    context["filters_html"] = views._filters_html(groups)
    html = render_to_string("sitesearch/search.html", context, request=page.wsgi_request)
    assert '<p class="search-count">12,345 stories</p>' in html
    assert '<span class="search-filter__count">(4,806)</span>' in html
