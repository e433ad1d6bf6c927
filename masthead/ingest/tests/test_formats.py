"""Which parser an input goes to, and inputs refused before any parser sees them."""

from __future__ import annotations

import pytest

from masthead.ingest.decoding import decode_bytes
from masthead.ingest.errors import EncodingError, TooLargeError, UnknownFormatError
from masthead.ingest.formats import parse_input, sniff


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b'\xef\xbb\xbf{"uri": "x"}', "", "ninjs"),
        (b"<?xml version='1.0'?>\n<newsMessage xmlns='x'>", "", "newsml-g2"),
        (b"<?xml version='1.0'?><rss version='2.0'>", "", "feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "", "feed"),
        (b"<!DOCTYPE html><html><body>", "", "html"),
        (b"Headline\nSome text", "story.txt", "text"),
    ],
)
def test_inputs_are_recognised_by_their_bytes(data, name, kind):
    assert sniff(data, name=name) == kind


def test_binary_files_and_unknown_xml_are_refused_with_a_reason():
    with pytest.raises(UnknownFormatError, match="binary file"):
        parse_input(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(UnknownFormatError, match="neither RSS/Atom nor NewsML-G2"):
        parse_input(b"<?xml version='1.0'?><kml></kml>")


def test_an_input_over_the_byte_limit_is_refused_before_parsing(settings):
    settings.INGEST_MAX_BYTES = 1000

    with pytest.raises(TooLargeError, match="over the limit of 1000 bytes"):
        parse_input(b"<rss>" + b" " * 2000 + b"</rss>")


def test_a_page_declaring_an_unknown_charset_is_reported():
    with pytest.raises(EncodingError, match="x-unknown-8"):
        parse_input(
            b'<html><head><meta charset="x-unknown-8"></head><body><h1>Hi</h1></body></html>'
        )


def test_undeclared_latin1_and_declared_cp1251_text_decode():
    assert decode_bytes("Notícias de São Paulo".encode("latin-1")) == "Notícias de São Paulo"
    page = '<meta charset="windows-1251"><p>Новости</p>'.encode("cp1251")
    assert "Новости" in decode_bytes(page)
    assert decode_bytes(b"caf\xc3\xa9", content_type="text/plain; charset=utf-8") == "café"


def test_a_control_character_beside_a_dropped_element_is_dropped_too():
    """lxml keeps a control character in the tree but refuses it when a dropped element's
    tail moves to its parent (a feed fuzzer found it as a ValueError out of parse_feed)."""
    from masthead.ingest.text import html_to_blocks

    (block,) = html_to_blocks("<p>Opening<script>x</script>\x01 words</p>")
    assert block.text == "Opening words"
