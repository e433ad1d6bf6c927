"""Garbage in: every parser answers with an IngestError (a ValidationError), nothing else."""

from __future__ import annotations

import contextlib
import json
import os

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from masthead.ingest.errors import IngestError
from masthead.ingest.formats import parse_input
from masthead.ingest.newsml import parse_newsml
from masthead.ingest.ninjs import parse_ninjs
from masthead.ingest.pages import extract_html, extract_text

# INGEST_FUZZ_EXAMPLES=5000 for a long hunt; no example database is written into the checkout.
CHECKS = settings(
    max_examples=int(os.environ.get("INGEST_FUZZ_EXAMPLES", "150")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)
ninjs_keys = st.sampled_from(
    ["uri", "guid", "type", "headline", "headlines", "body_html", "body_text", "bodies", "byline",
     "associations", "renditions", "descriptions", "versioncreated", "place", "keywords", "located"]
)  # fmt: skip
ninjs_like = st.dictionaries(ninjs_keys, json_values, max_size=8)
tags = st.sampled_from(
    ["newsItem", "newsMessage", "itemSet", "contentMeta", "headline", "itemMeta", "itemClass",
     "contentSet", "inlineXML", "remoteContent", "located", "name", "p", "h2", "rss", "feed",
     "html", "body", "article", "h1", "figure", "figcaption", "time"]
)  # fmt: skip


@st.composite
def markup(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(tags)
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(f'<{tag} guid="{draw(st.text(max_size=5))}" qcode="ninat:text">')
        else:
            parts.append(draw(st.text(max_size=30)))
    return "".join(parts)


def _only_ingest_errors(call) -> None:
    # Anything but an IngestError escapes and fails the example.
    with contextlib.suppress(IngestError):
        call()


@CHECKS
@given(st.binary(max_size=2000))
def test_any_bytes_at_all(data):
    _only_ingest_errors(lambda: parse_input(data))


@CHECKS
@given(ninjs_like)
def test_ninjs_shaped_json(item):
    _only_ingest_errors(lambda: parse_ninjs(json.dumps(item).encode()))


@CHECKS
@given(markup())
def test_xml_shaped_text(text):
    prefix = '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g">'
    _only_ingest_errors(lambda: parse_newsml((prefix + text).encode()))
    _only_ingest_errors(lambda: parse_input(text.encode(), name="x.xml"))
    _only_ingest_errors(lambda: parse_input(("<rss>" + text).encode()))


@CHECKS
@given(markup(), st.text(max_size=400))
def test_html_and_pasted_text(html, text):
    _only_ingest_errors(lambda: extract_html(html))
    _only_ingest_errors(lambda: extract_text(text))


def test_ingest_error_is_a_validation_error():
    assert issubclass(IngestError, ValidationError)
