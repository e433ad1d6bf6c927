"""IPTC ninjs 1.x, 2.x and 3.x text and picture items from agencies; what is no story is
refused with what it is."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime

import pytest

from masthead.ingest.errors import IngestError
from masthead.ingest.ninjs import ninjs_version, parse_ninjs

# ninjs 3.0 renamed 2.x's properties to camelCase (specification/ninjs-schema_3.0.json);
# "embargoed" became "embargoedUntil". Every other 2.x name is the same word in 3.x.
NINJS_3_NAMES = {
    name.lower(): name
    for name in (
        "versionCreated", "firstCreated", "contentCreated", "embargoedUntil", "pubStatus",
        "copyrightHolder", "copyrightNotice", "usageTerms", "edNote", "infoSources",
        "trustIndicators", "altIds", "representationType", "contentType", "sizeInBytes",
        "charCount", "wordCount", "geoJSON", "digitalSourceType", "rightsInfo", "contactInfo",
    )
}  # fmt: skip
NINJS_3_NAMES["embargoed"] = "embargoedUntil"


def as_ninjs_3(value):
    """A real 2.x item written the 3.x way: the same content under 3.x's property names."""
    if isinstance(value, dict):
        renamed = {NINJS_3_NAMES.get(k, k): as_ninjs_3(v) for k, v in value.items()}
        if isinstance(renamed.get("standard"), dict):
            renamed["standard"] = {**renamed["standard"], "version": "3.1"}
        return renamed
    if isinstance(value, list):
        return [as_ninjs_3(v) for v in value]
    return value


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


@pytest.mark.parametrize("name", ["ninjs-2.1_tt_text_image_2.json", "ninjs-2.1_ap_image.json"])
def test_ninjs_3_camel_case_reads_the_same_as_its_2x_original(shared_data, name):
    original = json.loads((shared_data / "ninjs" / name).read_bytes())
    camel = as_ninjs_3(original)
    assert "versionCreated" in camel and "versioncreated" not in camel
    assert ninjs_version(original) == "2" and ninjs_version(camel) == "3"

    [from_2] = parse_ninjs(json.dumps(original).encode())
    [from_3] = parse_ninjs(json.dumps(camel).encode())

    assert from_3.ok, from_3.error
    assert asdict(from_3.story) == asdict(from_2.story)
    assert from_3.story.published_at is not None  # time stamp kept (versionCreated/firstCreated)
    assert from_3.story.agency  # copyrightHolder (TT) or infoSources (AP's picture)


def test_ninjs_3_text_keeps_time_agency_and_reads_html_not_the_xml_body(shared_data):
    camel = as_ninjs_3(
        json.loads((shared_data / "ninjs" / "ninjs-2.1_tt_text_image_2.json").read_bytes())
    )
    # The agency's own XML body first: it must never become a paragraph.
    camel["bodies"].sort(key=lambda b: b["contentType"] != "application/xml")

    [item] = parse_ninjs(json.dumps(camel).encode())

    story = item.story
    assert story.published_at == datetime(2021, 5, 26, 11, 40, 18, tzinfo=UTC)
    assert story.agency == "TT"
    assert story.language == "sv"
    assert story.body[0].text.startswith("Pandemin satte stopp")
    assert not any(b.text.startswith(("<?xml", "<TTNITF")) for b in story.body)


def test_ninjs_3_nitf_body_is_read_as_nitf_with_its_subheadings():
    item = {
        "uri": "urn:example:nitf-1",
        "type": "text",
        "versionCreated": "2023-10-08T02:34:03+02:00",
        "copyrightHolder": "Example Agency",
        "language": "en-AU",
        "headlines": [{"role": "main", "value": "Testing rules tightened"}],
        "bodies": [
            {
                "role": "nitf",
                "contentType": "text/vnd.IPTC.NITF",
                "value": '<?xml version="1.0" encoding="UTF-8"?><nitf><head/><body>'
                "<body.head><hedline><hl1>Testing rules tightened</hl1></hedline></body.head>"
                "<body.content><p>ADELAIDE (EA) - Riders face more tests this year.</p>"
                "<hl2>Night visits</hl2><p>Testers may call at any hour.</p>"
                "</body.content></body></nitf>",
            },
            {"role": "text", "contentType": "text/plain", "value": "Riders face more tests."},
        ],
    }
    [parsed] = parse_ninjs(json.dumps(item).encode())
    story = parsed.story
    assert [(b.kind, b.text) for b in story.body] == [
        ("paragraph", "Riders face more tests this year."),
        ("subheading", "Night visits"),
        ("paragraph", "Testers may call at any hour."),
    ]
    assert story.dateline == "Adelaide" and story.agency == "EA"
    assert story.published_at == datetime(2023, 10, 8, 0, 34, 3, tzinfo=UTC)


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"type": "video", "renditions": [{"name": "mp4", "contentType": "video/mp4"}]},
         "ninjs 3.x a video item: video is not imported"),
        ({"type": "audio", "versioncreated": "2020-01-01T00:00:00Z"},
         "ninjs 2.x an audio item: audio is not imported"),
        ({"type": "event", "eventDetails": {"dates": {"startDate": "2026-05-01T10:00:00Z"}}},
         "an event item (a diary entry, not a story)"),
        ({"eventDetails": {"dates": {"startDate": "2026-05-01T10:00:00Z"}}},
         "an event item (a diary entry, not a story)"),
        ({"type": "planning", "plannedCoverage": [{"uri": "urn:c"}]},
         "a planning item (planned coverage, not a story)"),
        ({"type": "component", "bodies": [{"value": "x"}]}, "a component item"),
        ({"type": "text", "pubStatus": "canceled", "bodies": [{"value": "Gone."}]},
         "the agency has canceled this item"),
        ({"type": "text", "pubstatus": "withheld", "body_text": "Held."},
         "the agency has withheld this item"),
        ({"type": "text"}, "the ninjs text item has no body text to import"),
    ],
)  # fmt: skip
def test_what_is_no_story_is_refused_with_what_it_is(item, reason):
    item = {"uri": "urn:example:1", "headlines": [{"role": "main", "value": "A title"}], **item}
    [parsed] = parse_ninjs(json.dumps(item).encode())
    assert not parsed.ok
    assert reason in parsed.error.reason
    if "not imported" in reason:
        assert "only text and picture items become stories" in parsed.error.reason


def test_a_brief_with_only_a_description_becomes_its_body():
    item = {
        "uri": "urn:example:brief",
        "type": "text",
        "firstCreated": "2019-08-09T09:30:04Z",
        "copyrightHolder": "NTB",
        "language": "nb-NO",
        "descriptions": [
            {"role": "text", "contentType": "text/plain", "value": "Google har kjøpt en tomt."}
        ],
        "headlines": [{"role": "main", "value": "Google har kjøpt giganttomt i Skien"}],
    }
    [parsed] = parse_ninjs(json.dumps(item).encode())
    assert [b.text for b in parsed.story.body] == ["Google har kjøpt en tomt."]
    assert parsed.story.standfirst == "" and parsed.story.agency == "NTB"
