"""Property-based tests (hypothesis) of what takes hostile text: username normalisation, the
HTML sanitiser (nh3), the ingest parsers and the image cleaner. Each property states what must
hold for *every* input; hypothesis looks for the input that breaks it."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from masthead.accounts.usernames import MAX_LENGTH, MIN_LENGTH, canonical, normalise
from masthead.accounts.usernames import username_validators as validators
from masthead.core.images import CleanImage, ImageRejected, clean_image
from masthead.ingest.errors import IngestError
from masthead.ingest.feeds import parse_feed
from masthead.ingest.newsml import parse_newsml
from masthead.ingest.ninjs import parse_ninjs
from masthead.ingest.text import inline_html

QUICK = hsettings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))

# --- Usernames ------------------------------------------------------------------------------

name_text = st.text(
    alphabet=st.one_of(
        st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-. "),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
)


@QUICK
@given(name_text)
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@QUICK
@given(name_text)
def test_canonical_is_idempotent_and_stable_under_normalise(text):
    assert canonical(canonical(text)) == canonical(text)
    assert canonical(normalise(text)) == canonical(text.strip())


@QUICK
@given(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{1,28}[A-Za-z0-9]", fullmatch=True))
def test_capitals_and_separators_never_make_a_new_name(name):
    assert canonical(name.upper()) == canonical(name.lower())
    assert canonical(name.replace("_", ".")) == canonical(name.replace("_", "-"))


@QUICK
@given(name_text)
def test_the_validator_only_accepts_what_the_rules_say(text):
    try:
        for validator in validators:
            validator(text)
    except ValidationError as error:
        assert error.messages and all(len(m) > 10 for m in error.messages)
        return
    value = normalise(text)
    assert MIN_LENGTH <= len(value) <= MAX_LENGTH
    assert value[0] not in "_-." and value[-1] not in "_-."
    assert all(c.isalpha() or c.isdecimal() or c in "_-." for c in value)
    assert not re.search(r"[\s<>&\"'/\\]", value)


# --- The sanitiser --------------------------------------------------------------------------

ALLOWED_TAGS = {"a", "b", "i", "br"}
html_pieces = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=",
                "javascript:alert(1)", "<a href='javascript:alert(1)'>x</a>", "<svg onload=",
                "<iframe src=//evil>", "<style>*{}</style>", "<b>", "</b>", "<em>", "<strong>",
                "<a href=\"https://example.com\" onclick=\"x()\">", "</a>", "<!--", "-->",
                "<math><mi xlink:href=javascript:1>", "&lt;script&gt;", "\"", "'", ">", "<",
                "<p style='x'>", "<a href='data:text/html,<script>1</script>'>d</a>",
                "<SCRIPT SRC=//x>", "<scr<script>ipt>", "<br>", "<object data=x>",
            ]
        ),
        st.text(max_size=20),
    ),
    max_size=25,
).map("".join)  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _harmless_href(value: str) -> bool:
    """The rule, stated apart from the code: http, https or mailto, or a relative reference
    with no colon before its first /, ? or # (nothing a browser could read as a scheme)."""
    value = value.strip()
    if re.match(r"(https?|mailto):", value, re.I):
        return True
    return ":" not in re.split(r"[/?#]", value, maxsplit=1)[0]


@QUICK
@given(html_pieces)
# Found by Hypothesis: nh3 alone kept href=":&lt;script" (no scheme it could parse).
@example("<a href=:<script>alert(1)</script>")
@example("<a href='tel:+441234'>call</a><a href='x:y/z'>x</a>")
def test_the_sanitiser_leaves_only_harmless_markup(markup):
    safe = inline_html(markup)
    collector = _Collector()
    collector.feed(safe)
    for tag, attrs in collector.tags:
        assert tag in ALLOWED_TAGS, (tag, safe)
        for name, value in attrs:
            assert (tag, name) == ("a", "href"), (tag, name, safe)
            assert _harmless_href(value or ""), safe
    assert "<script" not in safe.lower()


@pytest.mark.parametrize(
    ("markup", "kept"),
    [
        ("<a href=:<script>alert(1)</script>", "<a>alert(1)</a>"),
        ('<a href="tel:+441234">call</a>', "<a>call</a>"),
        ('<a href="x:y/z">x</a>', "<a>x</a>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="/news/a-story/">s</a>', '<a href="/news/a-story/">s</a>'),
        ('<a href="story?at=10:30#top">s</a>', '<a href="story?at=10:30#top">s</a>'),
        ('<a href="HTTPS://example.com/">s</a>', '<a href="HTTPS://example.com/">s</a>'),
        ('<a href="mailto:desk@example.com">s</a>', '<a href="mailto:desk@example.com">s</a>'),
    ],
)
def test_an_href_neither_allowed_nor_a_clean_relative_path_is_dropped(markup, kept):
    assert inline_html(markup) == kept


@QUICK
@given(html_pieces)
# Found by Hypothesis (explore profile): <object> scopes the inner link; once it is dropped
# the links are nested, and the next parse split them.
@example(
    """<a href="https://example.com" onclick="x()"><object data=x>"""
    """<a href='javascript:alert(1)'>x</a>"""
)
def test_sanitising_twice_changes_nothing(markup):
    once = inline_html(markup)
    assert inline_html(once) == once


# --- Ingest parsers: only their declared error ------------------------------------------------


def _seeds(shared_data: Path, folder: str, suffixes: tuple[str, ...]) -> list[bytes]:
    path = shared_data / folder
    return [p.read_bytes() for p in sorted(path.iterdir()) if p.suffix in suffixes]


@st.composite
def mutated(draw, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 200))]
        elif action == "insert":
            data[at:at] = draw(
                st.one_of(
                    st.binary(max_size=30),
                    st.sampled_from(
                        [b"<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]>", b"&a;",
                         b"\x00", b"\xff\xfe", b"]]>", b"<![CDATA[", b"{", b"}", b"[", b'"',
                         b"null", b"1e999", b"[[[[[[[[[[[[[[[[[[[[", b"</", b"&#0;"]
                    ),
                )
            )  # fmt: skip
        else:
            del data[at:]
    return bytes(data)


def _only_declared_errors(parse, data: bytes) -> None:
    try:
        items = parse(data)
    except IngestError:
        return
    for item in items:
        assert item.story is not None or isinstance(item.error, IngestError)


def test_ninjs_parser_raises_only_ingest_errors(shared_data):
    seeds = _seeds(shared_data, "ninjs", (".json",))

    @QUICK
    @given(mutated(seeds))
    def run(data):
        _only_declared_errors(parse_ninjs, data)

    run()


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30)),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                ["uri", "guid", "headline", "headlines", "body_text", "body_html",
                 "bodies", "byline", "by", "versioncreated", "firstcreated", "associations",
                 "renditions", "href", "width", "height", "subject", "keywords", "language",
                 "type", "descriptions", "role", "value", "name", "located", "places"]
            ),
            children,
            max_size=6,
        ),
    ),
    max_leaves=25,
)  # fmt: skip


@QUICK
@given(json_values)
# Found by Hypothesis: JSON true/false where text belongs (bool is an int in Python).
@example({"uri": False, "headline": False, "guid": None, "body_html": False})
@example({"headline": "Bridge reopens", "body_text": True, "bodies": [{"value": False}]})
# Found by Hypothesis (explore profile): keywords that are not a list.
@example({"headline": "Bridge reopens", "body_text": "Open again.", "keywords": True})
def test_ninjs_parser_on_generated_documents(document):
    _only_declared_errors(parse_ninjs, json.dumps(document).encode())


def test_newsml_parser_raises_only_ingest_errors(shared_data):
    seeds = _seeds(shared_data, "newsml-g2", (".xml",))

    @QUICK
    @given(mutated(seeds))
    def run(data):
        _only_declared_errors(parse_newsml, data)

    run()


def test_feed_parser_raises_only_ingest_errors(shared_data):
    seeds = _seeds(shared_data, "rss", (".rss", ".atom", ".xml"))

    @QUICK
    @given(mutated(seeds))
    def run(data):
        _only_declared_errors(lambda d: parse_feed(d, base_url="https://wire.example/"), data)

    run()


# --- Images ---------------------------------------------------------------------------------


def _image_seeds() -> list[bytes]:
    from tests.security.hostile_uploads import CASES_FOR_FUZZING

    return CASES_FOR_FUZZING()


def test_clean_image_on_mutated_pictures_refuses_or_cleans():
    seeds = _image_seeds()

    @hsettings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(mutated(seeds))
    def run(data):
        try:
            result = clean_image(io.BytesIO(data), max_bytes=5_000_000, max_pixels=4_000_000)
        except ImageRejected:
            return
        assert isinstance(result, CleanImage)
        assert result.format in ("JPEG", "PNG")

    run()
