"""Bytes to text: the declared encoding when there is one we know, else UTF-8, else Latin-1.

Feeds and pages in the wild declare ISO-8859-1 or windows-1251, or declare nothing and send
Latin-1; a declaration naming an encoding no codec knows is reported, not guessed around.
"""

from __future__ import annotations

import codecs
import re

from masthead.ingest.errors import EncodingError

_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_HTML_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def known_encoding(name: str) -> str:
    """The codec's canonical name, or EncodingError naming what was declared."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise EncodingError(f"declares the unknown character encoding {name!r}") from None


def declared_encoding(data: bytes, *, content_type: str = "") -> str | None:
    """The encoding the input says it uses: HTTP header, BOM, XML declaration or HTML meta."""
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type or "", re.I)
    if match:
        return known_encoding(match.group(1))
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:2048]
    found = _XML_DECLARATION.match(head) or _HTML_META.search(head)
    if found:
        return known_encoding(found.group(1).decode("ascii"))
    return None


def decode_bytes(data: bytes, *, content_type: str = "") -> str:
    """Text of ``data``; never fails on undeclared bytes (Latin-1 decodes anything)."""
    encoding = declared_encoding(data, content_type=content_type)
    if encoding:
        text = data.decode(encoding, errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Undeclared and not UTF-8: windows-1252 is what such pages nearly always are
            # (a superset of Latin-1 for text); Latin-1 takes the few bytes cp1252 leaves out.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    return text.lstrip("\ufeff")


_UTF16_DECLARED = re.compile(rb"^(\xff\xfe|\xfe\xff)?(<\x00\?\x00|\x00<\x00\?)")
_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""")


def as_utf8(data: bytes) -> bytes:
    """UTF-16 and UTF-32 input (with a byte-order mark, or an XML declaration in UTF-16) as
    UTF-8, its declaration saying so: every parser and sniffer after this reads bytes."""
    encoding = None
    marks = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
             (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
    for bom, name in marks:
        if data.startswith(bom):
            encoding = name
            break
    if encoding is None and _UTF16_DECLARED.match(data[:8]):
        encoding = "utf-16-le" if data[:1] == b"<" else "utf-16-be"
    if encoding is None:
        return data
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise EncodingError(f"says it is {encoding.upper()} but is not: {error.reason}") from None
    text = _DECLARED_ENCODING.sub(r'\1"utf-8"', text.lstrip("\ufeff"), count=1)
    return text.encode("utf-8")
