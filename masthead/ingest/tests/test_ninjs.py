"""IPTC ninjs 1.x and 2.x text and picture items from agencies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from masthead.ingest.errors import IngestError
from masthead.ingest.ninjs import parse_ninjs


def _story(path):
    [item] = parse_ninjs(path.read_bytes())
    assert item.ok, item.error
    return item.story


def test_ninjs_1_text_keeps_dateline_agency_byline_and_main_picture(shared_data):
    story = _story(shared_data / "ninjs" / "ninjs-1.4_ninjsExComplex2.json")

    assert story.headline == "Captain of wrecked cruise ship on trial in Italy"
    assert story.dateline == "Grosseto" and story.agency == "AP"
    assert story.body[0].text.startswith("The trial of the captain")  # dateline moved off
    assert story.byline == ["Paulo Santalucia and Frances d'Emilio"]
    assert story.picture.caption.startswith("The Costa Concordia cruise ship lies on its side")
    assert story.picture.url.endswith("-big.jpg")
    assert "Italy" in story.places and "Francesco Schettino" in story.keywords


def test_ninjs_2_text_reads_the_html_body_and_the_associated_picture(shared_data):
    story = _story(shared_data / "ninjs" / "ninjs-2.1_tt_text_image_2.json")

    assert story.headline == "Militärövning i jätteformat hålls 2023"
    assert len(story.body) == 4 and all(b.kind == "paragraph" for b in story.body)
    assert story.body[0].text.startswith("Pandemin satte stopp")
    assert story.published_at == datetime(2021, 5, 26, 11, 40, 18, tzinfo=UTC)
    assert story.picture.credit == "Karl Melander/TT"
    assert story.picture.url.endswith("a001_NormalHires.jpg")  # the largest rendition
    assert story.standfirst == ""  # the description only repeats the opening words


def test_ninjs_2_picture_item_has_caption_and_credit_and_no_false_dateline(shared_data):
    story = _story(shared_data / "ninjs" / "ninjs-2.1_ap_image.json")

    assert story.headline == "Turkey Islamic State"
    assert story.picture.caption.startswith("FILE - In this Monday, Nov. 11, 2019 file photo")
    assert story.picture.credit == "ASSOCIATED PRESS"
    assert story.picture.usage_terms.startswith("This content is intended for editorial use only")
    assert story.dateline == ""


def test_superdesk_ninjs_keeps_subheadings_apart_and_reads_keywords(shared_data):
    story = _story(shared_data / "ninjs" / "superdesk_ninjs4_funke.json")

    kinds = [b.kind for b in story.body]
    assert "subheading" in kinds and kinds[0] == "paragraph"
    assert story.original_id.startswith("https://www.futurezone.de/science/article216742303/")
    assert story.published_at == datetime(2019, 3, 25, 8, 54, 9, tzinfo=UTC)
    assert "Polizeihund" in story.keywords
    assert story.picture.credit == "ANTHONY WALLACE/AFP/Getty Images"
    assert "<b>China</b>" in story.body[0].html


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"headline": "No id"}', "neither uri nor guid"),
        (b'{"uri": "urn:x"}', "no headline"),
    ],
)
def test_broken_ninjs_is_reported_with_the_reason(data, reason):
    try:
        items = parse_ninjs(data)
    except IngestError as error:
        assert reason in error.reason
    else:
        assert reason in items[0].error.reason
