"""IPTC NewsML-G2 text and picture items, parsed without entity expansion; the other kinds
of item (package, concept, planning) refused as what they are."""

from __future__ import annotations

import re

import pytest

from masthead.ingest.errors import EmptyInputError, IngestError
from masthead.ingest.formats import parse_input, sniff
from masthead.ingest.newsml import parse_newsml


def _story(path, **kwargs):
    [item] = parse_newsml(path.read_bytes(), **kwargs)
    assert item.ok, item.error
    return item.story


def test_iptc_text_item_reads_headline_place_byline_and_provider(shared_data):
    story = _story(shared_data / "newsml-g2" / "iptc_LISTING_1_News_Item_text.xml")

    assert story.headline == 'Fed to halt QE to avert "bubble"'
    assert story.original_id == "urn:newsml:acmenews.com:20161018:US-FINANCE-FED"
    assert story.dateline == "Berlin" and "Germany" in story.places
    assert story.byline == ["Meredith Jameson"]
    assert story.agency == "REUTERS"


def test_iptc_picture_item_gives_caption_credit_and_the_largest_rendition(shared_data):
    story = _story(shared_data / "newsml-g2" / "iptc_LISTING_3_Photo.xml")

    assert story.picture.caption.startswith("A general view of part of downtown")
    assert story.picture.credit == "Spencer Platt / Getty Images"
    assert story.picture.url.endswith(".jpg")
    assert "Las Vegas" in story.places


def test_picture_file_beside_the_item_is_read_from_the_folder(shared_data, tmp_path, tiny_jpeg):
    source = shared_data / "newsml-g2" / "iptc_LISTING_3_Photo.xml"
    story = _story(source)
    (tmp_path / story.picture.url.rsplit("/", 1)[-1]).write_bytes(tiny_jpeg)

    with_file = _story(source, base_dir=tmp_path)

    assert with_file.picture.data == tiny_jpeg


def test_dpa_message_drops_the_xhtml_header_and_moves_the_dateline(shared_data):
    story = _story(shared_data / "newsml-g2" / "superdesk_dpa_text.xml")

    assert story.headline.startswith("Eintracht in London")
    assert story.dateline == "London"
    assert story.body[0].text.startswith("2019 gab es bittere Tränen")
    assert all(b.text not in ("Fußball", "Deutschland") for b in story.body)


def test_reuters_picture_message_and_stt_text_with_subheadings(shared_data):
    picture = _story(shared_data / "newsml-g2" / "superdesk_reuters_picture_LYNXMPEA6F0MS.xml")
    text = _story(shared_data / "newsml-g2" / "superdesk_stt_text_fi.xml")

    assert picture.picture.credit == "REUTERS TV / Reuters"
    assert "BASEIMAGE" in picture.picture.url or "FILEDIMAGE" in picture.picture.url
    assert text.dateline == "Helsinki" and text.agency == "STT"
    assert ("subheading", "Also the unemployment law went through") in [
        (b.kind, b.text) for b in text.body
    ]
    assert "o'clock" in text.body_text  # the agency's twice-escaped apostrophe, repaired


def test_external_entities_are_refused():
    xxe = b"""<?xml version="1.0"?><!DOCTYPE n [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g"><contentMeta>
    <headline>&x;</headline></contentMeta></newsItem>"""

    with pytest.raises(IngestError, match="refused unsafe XML"):
        parse_newsml(xxe)


def test_entity_expansion_bombs_are_refused():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">
    <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><newsItem>&b;</newsItem>"""

    with pytest.raises(IngestError, match="refused unsafe XML"):
        parse_newsml(bomb)


def test_broken_xml_and_other_g2_items_are_reported():
    with pytest.raises(IngestError, match="broken XML"):
        parse_newsml(b"<newsItem><contentMeta>")
    [item] = parse_newsml(
        b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g"><itemMeta>'
        b'<itemClass qcode="ninat:video"/></itemMeta></newsItem>'
    )
    assert "only text and picture items become stories" in item.error.reason


def _as_other_item(path, tag: str, item_class: str = "") -> bytes:
    """The real IPTC news item re-rooted as another kind of G2 item (same namespace,
    guid and metadata), as an agency's feed of mixed items delivers them."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<newsItem\b", f"<{tag}", text, count=1).replace("</newsItem>", f"</{tag}>")
    if item_class:
        text = re.sub(r'<itemClass qcode="[^"]+"', f'<itemClass qcode="{item_class}"', text)
    return text.encode()


@pytest.mark.parametrize(
    ("tag", "item_class", "reason"),
    [
        ("packageItem", "ninat:composite", "is a package item (a list of other items"),
        ("conceptItem", "cpnat:person", "is a concept item"),
        ("planningItem", "plinat:newscoverage", "is a planning item"),
        ("newsItem", "ninat:video", "a NewsML-G2 video news item (ninat:video)"),
    ],
)
def test_package_concept_planning_and_video_items_are_refused_as_what_they_are(
    shared_data, tag, item_class, reason
):
    data = _as_other_item(shared_data / "newsml-g2" / "iptc_LISTING_1_News_Item_text.xml", tag,
                          item_class)  # fmt: skip
    assert sniff(data) == "newsml-g2"  # not "neither RSS/Atom nor NewsML-G2"

    [item] = parse_input(data)

    assert not item.ok
    assert reason in item.error.reason
    assert "neither" not in item.error.reason


def test_a_message_with_a_package_and_a_text_item_imports_the_text_and_names_the_package(
    shared_data,
):
    real = (shared_data / "newsml-g2" / "superdesk_dpa_text.xml").read_text(encoding="utf-8")
    start, end = real.index("<newsItem"), real.index("</newsItem>") + len("</newsItem>")
    package = real[start:end].replace("<newsItem", "<packageItem", 1)
    package = package.replace("</newsItem>", "</packageItem>").replace(
        'guid="urn:newsml:dpa.com:', 'guid="urn:package:dpa.com:', 1
    )
    message = real[:end] + package + real[end:]

    items = parse_input(message.encode())

    assert [item.ok for item in items] == [True, False]
    assert items[0].story.language == "de"
    assert "is a package item" in items[1].error.reason
    assert items[1].reference == "item 2"


def test_a_message_without_items_and_newsml_1_are_told_apart():
    with pytest.raises(EmptyInputError, match="newsMessage with no items"):
        parse_newsml(
            b'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header/>'
            b"<itemSet/></newsMessage>"
        )
    with pytest.raises(IngestError, match=r"NewsML 1\.x"):
        parse_input(b'<?xml version="1.0"?><NewsML Version="1.2"><NewsEnvelope/></NewsML>')
