"""A complete index, always: every reachable story of every kind, whichever way it was made,
and nothing a reader cannot reach; the completeness check; ranking, filters and counts."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import RichText

from masthead.contributions.models import CommunityStoryPage, UserGalleryPage, UserGalleryPhoto
from masthead.newsroom.models import StoryPage
from masthead.newsroom.notices import stories_written
from masthead.newsroom.tests import factories as f
from masthead.places.models import StoryPlace
from masthead.places.tests.catalogue import make_place
from masthead.search import selectors, services
from masthead.search.models import SearchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _every_request_searches(settings):
    # Each request must reach the search, not a page the cache kept from an earlier one.
    settings.PAGE_CACHE_ENABLED = False


def _ids(client, host="localhost", **params) -> list[int]:
    response = client.get("/search/", params, HTTP_HOST=host)
    assert response.status_code == 200, response.content[:500]
    return [hit.story_id for hit in response.context["results"].hits]


def _indexed() -> set[int]:
    return set(SearchDocument.objects.values_list("story_id", flat=True))


def test_every_kind_of_story_is_searchable_once_published(client, network):
    image = f.make_image()
    article = f.make_article(network["world"], title="Lighthouse keepers return")
    gallery = f.make_gallery(network["world"], images=[image], title="Lighthouse at dawn")
    video = f.make_video(network["world"], title="Lighthouse video", transcript="waves")
    community = CommunityStoryPage(
        title="Our lighthouse open day",
        body=[("paragraph", RichText("<p>Readers toured the lighthouse.</p>"))],
        place_text="Cape Point",
    )
    network["world"].add_child(instance=community)
    f.publish(community)
    user_gallery = UserGalleryPage(title="Readers' lighthouse pictures")
    user_gallery.photos = [UserGalleryPhoto(image=image, caption="The lamp room")]
    network["world"].add_child(instance=user_gallery)
    f.publish(user_gallery)
    found = set(_ids(client, q="lighthouse", settings_probe="1"))
    assert found == {article.pk, gallery.pk, video.pk, community.pk, user_gallery.pk}
    # Body text of each kind is searched: a caption, a transcript, a reader's text.
    assert _ids(client, q="lamp room") == [user_gallery.pk]
    assert _ids(client, q="waves") == [video.pk]
    assert _ids(client, q="toured") == [community.pk]
    assert _ids(client, q="Cape Point") == [community.pk]


def test_unpublished_restricted_and_expired_stories_leave_the_index(client, network):
    story = f.make_article(network["world"], title="Harbour tunnel reopens")
    other = f.make_article(network["news_section"], title="Harbour ferry timetable")
    assert set(_ids(client, q="harbour")) == {story.pk, other.pk}

    story.unpublish()
    assert _ids(client, q="harbour") == [other.pk]

    # A password on an ancestor section hides every story under it.
    PageViewRestriction.objects.create(
        page=network["news_section"], restriction_type="password", password="s3cret"
    )
    assert _ids(client, q="harbour") == []
    assert not _indexed() & {other.pk}

    PageViewRestriction.objects.filter(page=network["news_section"]).delete()
    assert _ids(client, q="harbour") == [other.pk]

    # An expiry in the past hides the story at once, before publish_scheduled unpublishes it.
    Page.objects.filter(pk=other.pk).update(expire_at=timezone.now() + timedelta(seconds=1))
    stories_written.send(sender=Page, ids=[other.pk])
    assert _ids(client, q="harbour") == [other.pk]
    time.sleep(1.1)
    assert _ids(client, q="harbour") == []


def test_deleting_a_story_removes_it(client, network):
    story = f.make_article(network["world"], title="Quarry plan withdrawn")
    assert _ids(client, q="quarry") == [story.pk]
    Page.objects.get(pk=story.pk).delete()
    assert _ids(client, q="quarry") == []
    assert _indexed() == set()


def test_a_moved_section_takes_its_stories_to_the_new_site(client, network):
    story = f.make_article(network["world"], title="Observatory funding saved")
    assert _ids(client, q="observatory") == [story.pk]
    Page.objects.get(pk=network["world"].pk).move(network["markets"], pos="last-child")
    assert _ids(client, q="observatory") == []
    assert _ids(client, host="money.localhost", q="observatory") == [story.pk]


def test_bulk_written_stories_are_indexed_when_the_writer_says_so(network):
    story = f.make_article(network["world"], title="Bulk tram story")
    SearchDocument.objects.all().delete()
    assert _indexed() == set()
    stories_written.send(sender=StoryPage, ids=[story.pk])
    assert _indexed() == {story.pk}


def test_search_check_reports_and_fix_repairs(network):
    kept = f.make_article(network["world"], title="Kept story")
    lost = f.make_article(network["world"], title="Lost story")
    gone = f.make_article(network["world"], title="Gone story")
    SearchDocument.objects.filter(story_id=lost.pk).delete()
    # A story unpublished behind the index's back (a queryset update sends no signal).
    Page.objects.filter(pk=gone.pk).update(live=False)
    report = services.search_check()
    assert (report.missing, report.extra) == ([lost.pk], [gone.pk])
    with pytest.raises(CommandError, match="search_check --fix"):
        call_command("search_check")
    call_command("search_check", "--fix")
    assert _indexed() == {kept.pk, lost.pk}
    assert services.search_check().ok
    call_command("search_check")  # no difference: no error


@pytest.mark.slow  # volume: builds a 60-story demo network
def test_the_demo_network_is_fully_indexed(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo_network", "--articles", "60", "--seed", "3")
    reachable = set(StoryPage.objects.live().public().values_list("id", flat=True))
    assert len(reachable) >= 60
    assert _indexed() == reachable
    assert services.search_check().ok


def test_a_headline_match_outranks_body_mentions_and_age_does_not_bury_it(client, network):
    now = timezone.now()
    old = f.make_article(
        network["world"],
        title="Glasgow council approves tram lines",
        at=datetime(2021, 3, 1, tzinfo=UTC),
    )
    newer = [
        f.make_article(
            network["world"],
            title=f"Weekly round-up {n}",
            body=[("paragraph", RichText("<p>Glasgow council tram lines were discussed.</p>"))],
            at=now - timedelta(hours=n),
        )
        for n in range(1, 6)
    ]
    ranked = _ids(client, q="glasgow council tram lines")
    assert ranked[0] == old.pk
    assert set(ranked[1:]) == {s.pk for s in newer}
    # Among equal matches, the newer ranks first (the freshness boost).
    assert ranked[1] == newer[0].pk


def test_phrases_prefixes_and_stemming(client, network):
    tram = f.make_article(network["world"], title="New tram lines for Leeds")
    lines = f.make_article(network["world"], title="Lines of the new tram depot")
    assert set(_ids(client, q="tram lines")) == {tram.pk, lines.pk}
    assert _ids(client, q='"tram lines"') == [tram.pk]
    assert set(_ids(client, q="tra*")) == {tram.pk, lines.pk}
    # Stemming: "line" finds "lines".
    assert set(_ids(client, q="line")) == {tram.pk, lines.pk}


def test_misspelt_words_are_corrected_from_the_index_vocabulary(client, network):
    story = f.make_article(network["world"], title="Valparaiso harbour strike ends")
    response = client.get("/search/", {"q": "valpariaso strike"}, HTTP_HOST="localhost")
    results = response.context["results"]
    assert [h.story_id for h in results.hits] == [story.pk]
    assert results.corrected_from == "valpariaso strike"
    assert b"Showing results for" in response.content
    # The reader can still search for exactly what they typed.
    exact = client.get("/search/", {"q": "valpariaso strike", "exact": "1"}, HTTP_HOST="localhost")
    assert exact.context["results"].hits == []
    assert exact.context["results"].suggestion == "valparaiso strike"


def test_snippets_come_from_the_body_with_words_marked(client, network):
    f.make_article(
        network["world"],
        title="Budget day",
        standfirst="What the chancellor said.",
        body=[("paragraph", RichText("<p>Fuel duty on <b>diesel</b> rises by a penny.</p>"))],
    )
    html = client.get("/search/", {"q": "diesel"}, HTTP_HOST="localhost").content.decode()
    assert "Fuel duty on <mark>diesel</mark> rises" in html


def _live_update(blog, **fields) -> None:
    from masthead.newsroom.models import LiveUpdate

    LiveUpdate.objects.create(
        page=blog, posted_at=timezone.now(), author_name="Desk", version=blog.version + 1, **fields
    )
    stories_written.send(sender=StoryPage, ids=[blog.pk])


def test_words_either_side_of_a_paragraph_end_stay_two_words(client, network):
    # A live update's text is rich text indexed as written (a StreamField's blocks are
    # separated by Wagtail): "<p>…sold out</p><p>Buses…" stripped bare read "outBuses".
    blog = f.make_live_blog(network["world"], title="Live: cup final")
    _live_update(blog, body="<p>Tickets sold out</p><p>Buses wait outside the ground</p>")
    assert _ids(client, q="buses") == [blog.pk]
    html = client.get("/search/", {"q": "tickets"}, HTTP_HOST="localhost").content.decode()
    assert "<mark>Tickets</mark> sold out Buses wait" in html


def test_a_live_updates_headline_reads_as_its_own_sentence_in_the_snippet(client, network):
    blog = f.make_live_blog(network["world"], title="Live: harbour strike")
    _live_update(blog, headline="Ferry services resume", body="<p>The first boat left at six.</p>")
    html = client.get("/search/", {"q": "boat"}, HTTP_HOST="localhost").content.decode()
    assert "Ferry services resume. The first <mark>boat</mark> left at six." in html


def test_filters_by_kind_author_place_and_date_with_counts(client, network):
    from masthead.newsroom.models import Author

    author = Author.objects.create(name="Nora Pryce", slug="nora-pryce")
    region = make_place("Western Cape", "region")
    town = make_place("Stellenbosch", "city", parent=region)
    now = timezone.now()
    article = f.make_article(network["world"], title="Wine harvest begins", at=now)
    StoryPage.authors.through.objects.create(storypage_id=article.pk, author=author)
    StoryPlace.objects.create(story=article, place=town)
    stories_written.send(sender=StoryPage, ids=[article.pk])
    older = f.make_article(
        network["news_section"], title="Wine prices fall", at=now - timedelta(days=40)
    )
    video = f.make_video(network["world"], title="Wine harvest video")

    page = selectors.search_stories(
        query="wine", sites=[s for s in _sites() if s.hostname == "localhost"], current_site=None
    )
    assert page.total == 3
    kinds = {v.key: v.count for v in page.facets["kind"]}
    assert kinds == {"article": 2, "video": 1}
    assert [(v.label, v.count) for v in page.facets["author"]] == [("Nora Pryce", 1)]
    places = {v.label: v.count for v in page.facets["place"]}
    assert places == {"Stellenbosch": 1, "Western Cape": 1}
    sections = {v.label: v.count for v in page.facets["section"]}
    assert sections == {"World": 2, "News": 1}
    assert {v.key: v.count for v in page.facets["date"]}["month"] == 2

    assert _ids(client, q="wine", kind="video") == [video.pk]
    assert _ids(client, q="wine", author=author.pk) == [article.pk]
    assert _ids(client, q="wine", place=region.pk) == [article.pk]  # the region holds the town
    old_day = (now - timedelta(days=40)).date().isoformat()
    assert _ids(client, q="wine", published_from=old_day, published_to=old_day) == [older.pk]
    html = client.get("/search/", {"q": "wine"}, HTTP_HOST="localhost").content.decode()
    assert "Narrow the results" in html
    assert 'Nora Pryce</a> <span class="search-filter__count">(1)</span>' in html


def test_api_matches_the_page_with_counts_and_filters(client, network):
    story = f.make_article(network["world"], title="Orchestra tours Japan")
    f.make_video(network["world"], title="Orchestra rehearsal")
    answer = client.get("/api/v1/search", {"q": "orchestra", "kind": "article"}).json()
    assert [i["id"] for i in answer["items"]] == [story.pk]
    assert answer["items"][0]["title"] == "Orchestra tours Japan"
    assert answer["total"] == 1
    assert answer["facets"]["kind"] == [{"key": "article", "label": "Articles", "count": 1}]


def test_suggestions_offer_headlines_and_tags_of_live_stories_only(client, network):
    f.make_article(network["world"], title="Marathon route announced", tags=["Marathons"])
    f.make_article(network["world"], title="Marathon embargoed draft", live=False)
    response = client.get("/search/suggest/", {"q": "mara"}, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    suggestions = response.json()["suggestions"]
    assert {"text": "Marathons", "url": "/tags/marathons/", "kind": "tag"} in suggestions
    texts = [s["text"] for s in suggestions]
    assert "Marathon route announced" in texts
    assert "Marathon embargoed draft" not in texts
    assert client.get("/search/suggest/", {"q": "m"}, HTTP_HOST="localhost").json() == {
        "suggestions": []
    }
    # A stemmed prefix ("lis" -> "li") must not offer "lines": only real word starts.
    f.make_article(network["world"], title="Tram lines extended")
    lisbon = f.make_article(network["world"], title="Lisbon ferry strike")
    offered = client.get("/search/suggest/", {"q": "lis"}, HTTP_HOST="localhost").json()
    assert [s["text"] for s in offered["suggestions"]] == [lisbon.title]


def test_suggestions_read_no_story_text(client, network):
    f.make_article(network["world"], title="Regatta moved to Sunday")
    with CaptureQueriesContext(connection) as queries:
        offered = client.get("/search/suggest/", {"q": "rega"}, HTTP_HOST="localhost").json()
    assert [s["text"] for s in offered["suggestions"]] == ["Regatta moved to Sunday"]
    read = " ".join(
        q["sql"] for q in queries.captured_queries if "search_searchdocument" in q["sql"]
    )
    assert read and '"body"' not in read and '"standfirst"' not in read


def test_search_page_query_count_does_not_grow_with_results(
    client, network, django_assert_max_num_queries
):
    for n in range(3):
        f.make_article(network["world"], title=f"Ferry strike day {n}")
    client.get("/search/", {"q": "ferry"}, HTTP_HOST="localhost")
    # Rank, the hits' documents, counts by site/kind/section/date, by author, by place.
    with django_assert_max_num_queries(5):
        client.get("/search/", {"q": "ferry"}, HTTP_HOST="localhost")
    for n in range(3, 15):
        f.make_article(network["world"], title=f"Ferry strike day {n}")
    client.get("/search/", {"q": "ferry"}, HTTP_HOST="localhost")  # warm after the publishes
    with django_assert_max_num_queries(5):
        client.get("/search/", {"q": "ferry"}, HTTP_HOST="localhost")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_published_story_is_findable_when_the_publish_returns_and_gone_as_fast(settings, network):
    """The real path: indexing after the publish commits (not inside the test's transaction).
    The index is written when the publish's transaction commits, before publish() returns, so
    there is no delay to wait out (the issue's target is 2 s): the story is found at once."""
    settings.MASTHEAD_SEARCH_INDEX_AT_ONCE = False
    site = next(s for s in _sites() if s.hostname == "localhost")

    def found() -> list[int]:
        page = selectors.search_stories(query="zeppelin", sites=[site], current_site=site)
        return [h.story_id for h in page.hits]

    draft = f.make_article(network["world"], title="Zeppelin lands in the park", live=False)
    assert draft.pk not in found()
    # Wagtail's own publish, as the admin, ingest and contributions do (no bulk notice).
    Page.objects.get(pk=draft.pk).specific.save_revision().publish()
    assert draft.pk in found()
    Page.objects.get(pk=draft.pk).specific.unpublish()
    assert draft.pk not in found()


def _sites():
    from masthead.core.sites import network_sites

    return network_sites()


def test_a_bulk_writer_that_purges_every_page_itself_skips_the_purge_per_story(network, caplog):
    story = f.make_article(network["world"], title="Bulk ferry story")
    SearchDocument.objects.all().delete()
    with caplog.at_level("INFO", logger="masthead.core.purging"):
        caplog.clear()  # the factory's own notice purged
        stories_written.send(sender=StoryPage, ids=[story.pk], purge=False)
        assert _indexed() == {story.pk}
        assert "stories written" not in caplog.text
        stories_written.send(sender=StoryPage, ids=[story.pk])
        assert "stories written" in caplog.text
