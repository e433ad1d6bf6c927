"""RSS and Atom from real news sites: encodings, relative links, media:content, odd dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from masthead.ingest import services
from masthead.ingest.errors import EmptyInputError, EncodingError, IngestError
from masthead.ingest.feeds import parse_feed
from masthead.ingest.formats import parse_input
from masthead.ingest.models import IngestLogEntry


def _stories(path):
    items = parse_feed(path.read_bytes())
    assert all(item.ok for item in items), [i.error for i in items if not i.ok]
    return [item.story for item in items]


def test_iso_8859_1_feed_reads_portuguese_accents(shared_data):
    stories = _stories(shared_data / "rss" / "jn-pt_iso-8859-1.rss")

    assert len(stories) == 40
    assert stories[0].headline == "Mãe de utente é a nova presidente da Raríssimas"
    assert stories[0].published_at == datetime(2018, 1, 3, 13, 47, tzinfo=UTC)


def test_windows_1251_feed_reads_cyrillic_and_its_image_enclosure(shared_data):
    stories = _stories(shared_data / "rss" / "oren-ru_windows-1251.rss")

    assert stories[0].headline.startswith("В Бузулуке главные стройплощадки")
    assert stories[0].picture.url == "http://www.oren.ru/upload/iblock/be8/stroitelstvo_krany.jpg"
    assert stories[0].picture.data is None  # a remote picture is never fetched while parsing


def test_undeclared_latin1_feed_with_portuguese_dates_still_reads(shared_data):
    stories = _stories(shared_data / "rss" / "uol_undeclared-latin1.rss")

    assert len(stories) == 15
    assert "simulações" in stories[0].headline
    # "Seg, 24 Set 2018 19:42:40 -0300": names feedparser rejects.
    assert stories[0].published_at == datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)
    assert stories[0].picture.url.startswith("https://conteudo.imguol.com.br/")


def test_relative_atom_links_resolve_against_the_feeds_own_link(shared_data):
    stories = _stories(shared_data / "rss" / "tpm_relative-links.atom")

    assert stories[0].url == (
        "http://talkingpointsmemo.com/livewire/"
        "hannity-announces-fox-hired-sebastian-gorka-national-security-strategist"
    )
    assert stories[0].original_id == "tag:talkingpointsmemo.com,2005:ArticleDecorator/270060"
    assert stories[0].byline == ["Esme Cribb"]
    assert stories[0].body[0].text.startswith("Fox News star host Sean Hannity")


def test_media_content_gives_the_widest_picture_and_its_credit(shared_data):
    story = _stories(shared_data / "rss" / "guardian_media-content.rss")[0]

    assert "w=460" in story.picture.url
    assert story.picture.credit == "Photograph: Networ/Sipa USA/REX/Shutterstock"
    assert story.byline == ["David Smith in Washington"]
    assert "US politics" in story.keywords
    assert story.standfirst.startswith("The president’s ‘new American moment’ speech")


def test_atom_times_with_offsets_become_utc(shared_data):
    story = _stories(shared_data / "rss" / "heise-developer.atom")[0]

    assert story.published_at == datetime(2016, 2, 1, 16, 22, tzinfo=UTC)
    assert story.format == "atom"


def test_a_feed_naming_an_unknown_encoding_is_reported():
    with pytest.raises(EncodingError, match="x-klingon"):
        parse_feed(b'<?xml version="1.0" encoding="x-klingon"?><rss><channel></channel></rss>')


def test_a_document_that_is_no_feed_is_reported():
    with pytest.raises(IngestError, match="not a readable RSS or Atom feed"):
        parse_feed(b"<rss><channel><title>cut off")


def test_an_entry_without_a_title_fails_alone():
    feed = b"""<rss version="2.0"><channel><title>t</title>
    <item><guid>1</guid><description>no title here</description></item>
    <item><guid>2</guid><title>A real story</title><description>Text.</description></item>
    </channel></rss>"""

    items = parse_feed(feed)

    assert [item.ok for item in items] == [False, True]
    assert items[0].error.reason == "the entry has no title"


def test_a_picture_address_urllib_cannot_read_leaves_the_story_without_it():
    # Found by the feed parser's property test: "http://[" is an invalid IPv6 address to
    # urllib, whose ValueError escaped parse_feed (a 500 in the admin's import).
    feed = b"""<rss version="2.0"><channel><title>t</title><link>http://[feed</link>
    <item><guid>1</guid><title>Odd picture</title>
    <description><![CDATA[<p>Text.</p><img src="http://[x/a.jpg" alt="x">]]></description></item>
    <item><guid>2</guid><title>A real story</title><description>Text.</description></item>
    </channel></rss>"""

    items = parse_feed(feed, base_url="https://wire.example/")

    assert [item.ok for item in items] == [True, True]
    assert items[0].story.picture is None


def _as_utf16(path, *, codec: str) -> bytes:
    """The real feed as a UTF-16 file would carry it: re-encoded and declared so."""
    text = path.read_bytes().decode("utf-8")
    text = re.sub(r"""encoding=["'][^"']+["']""", 'encoding="UTF-16"', text, count=1)
    return text.encode(codec)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_feeds_with_a_byte_order_mark_or_only_declared_are_read(shared_data, codec):
    path = shared_data / "rss" / "guardian_media-content.rss"
    expected = [item.story.headline for item in parse_input(path.read_bytes())]

    data = _as_utf16(path, codec=codec)
    assert data.startswith((b"\xff\xfe", b"\xfe\xff")) == (codec == "utf-16")
    items = parse_input(data, name="guardian.rss")

    assert [item.story.headline for item in items] == expected
    assert "Trump" in expected[0]


@pytest.mark.django_db
def test_a_valid_feed_with_no_items_says_so_and_is_no_failure(shared_data, section):
    real = (shared_data / "rss" / "heise-developer.atom").read_text(encoding="utf-8")
    empty = re.sub(r"<entry>.*</entry>", "", real, flags=re.S)
    assert "<entry>" not in empty and "<title" in empty

    with pytest.raises(EmptyInputError, match="an Atom feed with no items"):
        parse_feed(empty.encode())
    summary = services.input_import(
        data=empty.encode(), origin="heise.atom", name="heise.atom", section=section
    )
    (result,) = summary.results
    assert result.outcome == IngestLogEntry.Outcome.EMPTY and not summary.failed
    assert IngestLogEntry.objects.get().message == "an Atom feed with no items: nothing to import"

    with pytest.raises(IngestError, match="not a readable RSS or Atom feed"):
        parse_feed(real.encode()[:400])  # cut off: broken, not empty
