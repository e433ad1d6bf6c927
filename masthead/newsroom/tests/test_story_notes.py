"""Corrections and updates: the note an editor adds to a published story reaches readers with
the publish, on the story, in its structured data, in the API, on the site's corrections
record and its feeds, and purges exactly those."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.core import surrogate
from masthead.newsroom.models import ArticlePage, StoryNote, StoryNoteKind
from masthead.newsroom.reading.listings import PAGE_SIZE
from masthead.newsroom.tests import factories as f
from tests.shared_setup import shared_fixture

pytestmark = pytest.mark.django_db

BRIDGE_CORRECTION = "An earlier version said the bridge opened in 2019. It opened in 2021."
FERRY_UPDATE = "Added the ferry operator's statement on the new timetable."


def add_note(story, *, kind: str, text: str, at=None, publish: bool = True) -> ArticlePage:
    """What the editor does in the admin: the note goes into the story's next revision."""
    page = story.get_latest_revision_as_object()
    page.notes.add(StoryNote(kind=kind, text=text, noted_at=at or timezone.now()))
    if publish:
        return f.publish(page)
    page.save_revision()
    return page


def page_soup(client, url: str, host: str = "localhost") -> BeautifulSoup:
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def path_of(story) -> str:
    return "/" + story.url_path.split("/", 2)[2]


def news_article(soup: BeautifulSoup) -> dict:
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string or "{}")
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle JSON-LD")


def same_moment(stamp: str, moment: datetime) -> bool:
    # JSON-LD times are written to the millisecond.
    return abs(datetime.fromisoformat(stamp) - moment) < timedelta(milliseconds=1)


# Built once for the module's row of tests (tests/shared_setup.py), each test rolled back alone.
@shared_fixture("corrected-stories", needs=("network",))
def corrected(network):
    bridge = f.make_article(network["world"], title="Harbour bridge opens")
    ferry = f.make_article(network["world"], title="Ferry timetable changes")
    now = timezone.now()
    bridge = add_note(
        bridge, kind="correction", text=BRIDGE_CORRECTION, at=now - timedelta(hours=2)
    )
    ferry = add_note(ferry, kind="update", text=FERRY_UPDATE, at=now - timedelta(hours=1))
    return {**network, "bridge": bridge, "ferry": ferry, "now": now}


def test_a_published_correction_is_shown_on_the_story_with_its_time(client, corrected):
    soup = page_soup(client, path_of(corrected["bridge"]))
    notes = soup.select_one("#corrections")
    assert notes.h2.get_text() == "Correction"
    assert BRIDGE_CORRECTION in notes.get_text()
    note = StoryNote.objects.get(page=corrected["bridge"])
    assert notes.select_one("time")["datetime"].startswith(
        note.noted_at.astimezone(timezone.get_default_timezone()).strftime("%Y-%m-%d")
    )
    # The story's meta line points to the note.
    assert soup.select_one(".story-meta a[href='#corrections']").get_text().startswith("Corrected")


def test_a_note_waits_in_the_draft_until_the_editor_publishes(client, corrected):
    story = add_note(
        corrected["ferry"], kind="correction", text="The ferry leaves at 7, not 6.", publish=False
    )
    assert "The ferry leaves at 7" not in page_soup(client, path_of(story)).get_text()
    f.publish(story.get_latest_revision_as_object())
    shown = page_soup(client, path_of(story)).select_one("#corrections")
    assert shown.h2.get_text() == "Corrections and updates"
    # Newest first.
    assert [p.get_text() for p in shown.select(".story-note__text")] == [
        "The ferry leaves at 7, not 6.",
        FERRY_UPDATE,
    ]


def test_a_silent_edit_shows_no_note(client, network):
    story = f.make_article(network["world"], title="Tram line extended")
    page = story.get_latest_revision_as_object()
    page.standfirst = "The tram line reaches the airport."  # a typo fixed, nothing to declare
    f.publish(page)
    soup = page_soup(client, path_of(story))
    assert soup.select_one("#corrections") is None
    assert "correction" not in news_article(soup)


def test_json_ld_carries_corrections_and_the_time_of_the_last_change(client, corrected):
    bridge = news_article(page_soup(client, path_of(corrected["bridge"])))
    note = StoryNote.objects.get(page=corrected["bridge"])
    [correction] = bridge["correction"]
    assert correction == {
        "@type": "CorrectionComment",
        "text": BRIDGE_CORRECTION,
        "datePublished": correction["datePublished"],
        "url": f"{corrected['bridge'].full_url}#note-{note.pk}",
    }
    assert same_moment(correction["datePublished"], note.noted_at)
    # An update is no correction: dateModified tells that the story changed.
    ferry = news_article(page_soup(client, path_of(corrected["ferry"])))
    assert "correction" not in ferry
    assert ferry["dateModified"] >= ferry["datePublished"]


def test_a_note_dated_after_the_publish_moves_date_modified(client, network):
    story = f.make_article(network["world"], title="Council vote delayed")
    later = timezone.now() + timedelta(minutes=30)
    story = add_note(story, kind="update", text="The vote is now on Friday.", at=later)
    data = news_article(page_soup(client, path_of(story)))
    assert same_moment(data["dateModified"], later)


def test_the_api_story_answer_lists_the_notes(client, corrected):
    answer = client.get(f"/api/v1/stories/{corrected['bridge'].pk}", HTTP_HOST="localhost")
    assert answer.status_code == 200, answer.content
    notes = answer.json()["notes"]
    assert [(n["kind"], n["text"]) for n in notes] == [("correction", BRIDGE_CORRECTION)]
    plain = f.make_article(corrected["world"], title="No change here")
    assert client.get(f"/api/v1/stories/{plain.pk}").json()["notes"] == []


def test_the_corrections_page_lists_the_sites_notes_newest_first_with_links(client, corrected):
    other_site = f.make_article(corrected["markets"], title="Rates held")
    add_note(other_site, kind="correction", text="The rate is 4.25%, not 4.5%.")
    soup = page_soup(client, "/corrections/")
    assert soup.h1.get_text() == "Corrections and updates"
    items = soup.select(".corrections-list > li")
    assert [li.h2.get_text() for li in items] == ["Ferry timetable changes", "Harbour bridge opens"]
    assert [li.select_one(".badge").get_text() for li in items] == ["Update", "Correction"]
    link = items[1].h2.a["href"]
    assert link.startswith(path_of(corrected["bridge"]) + "#note-")
    # The story behind the link carries the anchor.
    assert page_soup(client, link.split("#")[0]).select_one("#" + link.split("#")[1])
    # Each site has its own record.
    money = page_soup(client, "/corrections/", host="money.localhost")
    assert [h.get_text() for h in money.select(".corrections-list h2")] == ["Rates held"]


def test_the_corrections_page_leaves_out_drafts_unpublished_and_restricted_stories(
    client, corrected
):
    draft = f.make_article(corrected["world"], title="Secret draft", live=False)
    StoryNote.objects.create(page=draft, kind=StoryNoteKind.CORRECTION, text="Draft note")
    members = f.make_article(corrected["world"], title="Members only")
    add_note(members, kind="update", text="Members' note")
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    corrected["ferry"].unpublish()
    text = page_soup(client, "/corrections/").get_text()
    assert "Harbour bridge opens" in text
    for hidden in ("Secret draft", "Members only", "Ferry timetable changes"):
        assert hidden not in text


def test_the_corrections_page_pages_by_key(client, network):
    story = f.make_article(network["world"], title="Long-running story")
    now = timezone.now()
    page = story.get_latest_revision_as_object()
    for n in range(PAGE_SIZE + 3):
        page.notes.add(
            StoryNote(kind="update", text=f"Update {n}", noted_at=now - timedelta(minutes=n))
        )
    f.publish(page)
    first = page_soup(client, "/corrections/")
    assert len(first.select(".corrections-list > li")) == PAGE_SIZE
    older = first.find("a", string="Older corrections and updates")["href"]
    second = page_soup(client, "/corrections/" + older)
    rows = second.select(".corrections-list > li > p:not(.story-note__head)")
    texts = [p.get_text() for p in rows]
    assert texts == [f"Update {n}" for n in range(PAGE_SIZE, PAGE_SIZE + 3)]
    assert second.find("a", string="Older corrections and updates") is None


def test_the_corrections_page_is_empty_with_a_sentence(client, network):
    soup = page_soup(client, "/corrections/")
    assert "has needed a correction or an update yet" in soup.select_one(".empty").get_text()


def test_the_corrections_page_costs_the_same_queries_for_few_or_many_notes(
    client, network, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = False
    story = f.make_article(network["world"], title="A story")
    add_note(story, kind="correction", text="One")
    client.get("/corrections/", HTTP_HOST="localhost")  # warm the per-process copies
    # The notes (one query), and nothing per note or per story.
    with django_assert_num_queries(1):
        assert client.get("/corrections/", HTTP_HOST="localhost").status_code == 200
    for n in range(8):
        other = f.make_article(network["world"], title=f"Story {n}")
        add_note(other, kind="update", text=f"Note {n}")
    client.get("/corrections/", HTTP_HOST="localhost")
    with django_assert_num_queries(1):
        response = client.get("/corrections/", HTTP_HOST="localhost")
    assert response.content.count(b'class="badge badge--') == 9


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_corrections_feeds_parse_with_each_note_linking_to_its_story(client, corrected, kind):
    response = client.get(f"/corrections/feed/{kind}/", HTTP_HOST="localhost")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Corrections and updates \N{EN DASH} Test News"
    assert [e.title for e in parsed.entries] == [
        "Update: Ferry timetable changes",
        "Correction: Harbour bridge opens",
    ]
    bridge = parsed.entries[1]
    assert bridge.summary == BRIDGE_CORRECTION
    assert bridge.link.startswith(corrected["bridge"].full_url + "#note-")
    assert bridge.id.startswith("http://localhost/corrections/#note-")
    assert [t.term for t in bridge.tags] == ["Correction"]
    # Readers' apps find it from the page.
    page = page_soup(client, "/corrections/")
    assert page.find("link", rel="alternate", href=f"/corrections/feed/{kind}/")


def test_corrections_page_and_feeds_carry_their_sites_key(client, corrected):
    site_id = corrected["news"].get_site().pk
    for url in ("/corrections/", "/corrections/feed/rss/", "/corrections/feed/atom/"):
        response = client.get(url, HTTP_HOST="localhost")
        keys = surrogate.parse(response["xkey"])
        assert surrogate.corrections(site_id) in keys, url
    # The page names each story it links, so a retitled story purges it.
    page_keys = surrogate.parse(client.get("/corrections/", HTTP_HOST="localhost")["xkey"])
    assert surrogate.page(corrected["bridge"].pk) in page_keys


def _state(client, url: str) -> str:
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200
    return response["X-Cache"]


def test_a_note_purges_the_story_and_the_corrections_record_only(client, corrected, caplog):
    urls = ["/corrections/", "/corrections/feed/rss/", "/corrections/feed/atom/"]
    story_url = path_of(corrected["bridge"])
    money_record = "/corrections/"
    for url in [*urls, story_url]:
        client.get(url, HTTP_HOST="localhost")
        assert _state(client, url) == "HIT"
    client.get(money_record, HTTP_HOST="money.localhost")

    add_note(corrected["bridge"], kind="update", text="Added the mayor's reply.")
    for url in [*urls, story_url]:
        assert _state(client, url) == "MISS", url
    # Another site's record is untouched.
    assert client.get(money_record, HTTP_HOST="money.localhost")["X-Cache"] == "HIT"


def test_a_publish_without_notes_leaves_the_corrections_record_stored(client, corrected):
    client.get("/corrections/", HTTP_HOST="localhost")
    assert _state(client, "/corrections/") == "HIT"
    f.make_article(corrected["world"], title="A new story with nothing to correct")
    assert _state(client, "/corrections/") == "HIT"
