"""Raw article pages: the story kept, the site's furniture dropped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from masthead.ingest.errors import IngestError
from masthead.ingest.pages import extract_html, extract_text, split_credit, timestamp_in
from masthead.ingest.text import parse_timestamp

PORTAL_PAGE = """<!DOCTYPE html><html><head><title>Turkey detains suspects | Portal</title></head>
<body>
<ul class="menu"><li><a href="/">Home</a></li><li><a href="/news/">News</a></li>
<li><a href="/multimedia/">Multimedia</a></li><li><a href="/galleries/">User Galleries</a></li></ul>
<div class="login">Log in with Facebook to comment and personalise news, weather and listings</div>
<div class="location"><h3>Location Settings</h3><p>Select a location for each component</p></div>
<div class="story">
  <h1>Turkey detains suspects after Ankara blast</h1>
  <p class="timestamp">1 March 2016 10:20 GMT</p>
  <div class="photo"><img src="/p/blast.jpg" alt="Police cordon">
    <p class="caption">Police cordon off the area after the blast. (Ozan Kose/AFP)</p></div>
  <p>ANKARA (AFP) - Turkish police detained twelve people on Tuesday after a bomb exploded near a
  bus stop in the capital, officials said.</p>
  <h3>Investigation widens</h3>
  <p>The interior minister said the investigation had widened to three provinces and that more
  arrests were expected in the coming days.</p>
  <p class="tags">Read more on: <a href="/t/isis">isis</a> | <a href="/t/turkey">turkey</a> |
  <a href="/t/us">us</a></p>
</div>
<div class="comments"><h3>Join the conversation</h3><p>Contributions of 200 words or more will be
considered for publication. Editorial discretion applies; read our comments policy.</p></div>
<div class="cookie">We use cookies to improve your experience on our site.</div>
</body></html>"""


def test_a_saved_portal_page_keeps_the_story_and_drops_the_furniture():
    story = extract_html(PORTAL_PAGE, url="https://portal.example/news/1")

    assert story.headline == "Turkey detains suspects after Ankara blast"
    assert story.published_at == datetime(2016, 3, 1, 10, 20, tzinfo=UTC)
    assert story.dateline == "Ankara" and story.agency == "AFP"
    assert story.picture.caption == "Police cordon off the area after the blast."
    assert story.picture.credit == "Ozan Kose/AFP"
    assert story.picture.url == "https://portal.example/p/blast.jpg"
    assert story.keywords == ["isis", "turkey", "us"]
    assert [(b.kind, b.text[:24]) for b in story.body] == [
        ("paragraph", "Turkish police detained "),
        ("subheading", "Investigation widens"),
        ("paragraph", "The interior minister sa"),
    ]
    text = story.body_text.casefold()
    for furniture in (
        "log in",
        "location settings",
        "join the conversation",
        "cookies",
        "multimedia",
    ):
        assert furniture not in text


def test_pasted_text_of_the_same_page_gives_the_same_story():
    text = """Home
News
Multimedia
Log in with Facebook to comment and personalise news, weather and listings
Location Settings
Select a location for each component
Turkey detains suspects after Ankara blast
1 March 2016 10:20 GMT
Police cordon off the area after the blast. (Ozan Kose/AFP)
ANKARA (AFP) - Turkish police detained twelve people on Tuesday after a bomb exploded.
Investigation widens
The interior minister said the investigation had widened to three provinces on Wednesday.
Read more on: isis | turkey | us
Join the conversation
Contributions of 200 words or more will be considered for publication."""

    story = extract_text(text)

    assert story.headline == "Turkey detains suspects after Ankara blast"
    assert story.published_at == datetime(2016, 3, 1, 10, 20, tzinfo=UTC)
    assert story.dateline == "Ankara"
    assert story.picture.credit == "Ozan Kose/AFP"
    assert story.keywords == ["isis", "turkey", "us"]
    assert [b.kind for b in story.body] == ["paragraph", "subheading", "paragraph"]
    assert "Contributions" not in story.body_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 March 2016 10:20 GMT", datetime(2016, 3, 1, 10, 20, tzinfo=UTC)),
        ("March 1, 2016 3:05 pm UTC", datetime(2016, 3, 1, 15, 5, tzinfo=UTC)),
        ("Updated 10:20 GMT, Tuesday 1 March 2016", datetime(2016, 3, 1, 10, 20, tzinfo=UTC)),
        ("Published 01/03/2016", datetime(2016, 3, 1, tzinfo=UTC)),
        ("1 March 2016 10:20 CET", datetime(2016, 3, 1, 9, 20, tzinfo=UTC)),
        ("March 1, 2016 3:05 pm EST", datetime(2016, 3, 1, 20, 5, tzinfo=UTC)),
        ("1 July 2016 10:20 BST", datetime(2016, 7, 1, 9, 20, tzinfo=UTC)),
        ("01.03.2016, 10:20 Uhr MEZ", datetime(2016, 3, 1, 9, 20, tzinfo=UTC)),
        ("Jul 1, 2016 10:20 a.m. ET", datetime(2016, 7, 1, 14, 20, tzinfo=UTC)),
        ("Jan 4, 2016 10:20 a.m. ET", datetime(2016, 1, 4, 15, 20, tzinfo=UTC)),
        ("4 January 2016 10:20 GMT+1", datetime(2016, 1, 4, 9, 20, tzinfo=UTC)),
        ("no date in here", None),
    ],
)
def test_time_stamps_written_out_on_pages_are_read(text, expected):
    assert timestamp_in(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 01 Mar 2016 10:20:00 CET", datetime(2016, 3, 1, 9, 20, tzinfo=UTC)),
        ("Tue, 01 Mar 2016 10:20:00 EST", datetime(2016, 3, 1, 15, 20, tzinfo=UTC)),
        ("2016-03-01T10:20:00 CEST", datetime(2016, 3, 1, 8, 20, tzinfo=UTC)),
        ("2016-03-01T10:20:00+01:00", datetime(2016, 3, 1, 9, 20, tzinfo=UTC)),
        ("2016-03-01T10:20:00", datetime(2016, 3, 1, 10, 20, tzinfo=UTC)),
    ],
)
def test_machine_readable_times_honour_a_printed_zone(value, expected):
    assert parse_timestamp(value) == expected


def test_a_time_element_without_an_offset_is_in_the_zone_the_page_prints():
    page = (
        "<html><body><article><h1>Council votes on the new bridge</h1>"
        '<time datetime="2016-03-01T10:20:00">1 March 2016, 10:20 CET</time>'
        f"<p>{'The council met on Tuesday to decide on the bridge. ' * 6}</p>"
        f"<p>{'Work is expected to begin in the spring of next year. ' * 6}</p>"
        "</article></body></html>"
    )
    assert extract_html(page).published_at == datetime(2016, 3, 1, 9, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        (
            "Police at the scene. Photo: Ozan Kose/AFP",
            ("Police at the scene.", "Photo: Ozan Kose/AFP"),
        ),
        ("Police at the scene. (Ozan Kose/AFP)", ("Police at the scene.", "Ozan Kose/AFP")),
        ("Police at the scene.", ("Police at the scene.", "")),
    ],
)
def test_a_caption_is_split_from_its_credit(caption, expected):
    assert split_credit(caption) == expected


def test_text_without_a_story_is_reported():
    with pytest.raises(IngestError, match="no story found"):
        extract_text("Home\nNews\nSport\nSign in")
    with pytest.raises(IngestError, match="empty"):
        extract_html("   ")


def test_reading_a_page_keeps_nothing_of_it_for_the_next_one():
    # The lines under a page's headline were kept per document id and never dropped: every
    # page read stayed in memory, and a later document given a freed one's id() was read with
    # that page's lines (the real-page standfirst score moved with what ran before it).
    from masthead.ingest import pages

    with_headline = (
        "<html><body><h1>Harbour wall reopens after repairs</h1>"
        "<p class='standfirst'>The council says the work finished two weeks early.</p>"
        f"<p>{'The harbour wall is open again. ' * 12}</p></body></html>"
    )
    story = extract_html(with_headline)
    assert story.standfirst == "The council says the work finished two weeks early."
    assert pages._AFTER_HEADLINE == {}
