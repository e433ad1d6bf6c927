"""Real ninjs 3.0 files from IPTC's examples (tests/data/ninjs, README in tests/data) imported
the way a watched folder or the ingest command imports them, and checked on the draft as an
editor would: headline, time stamp, agency, language, body, byline, picture credit and caption.
What is no story (audio, an event) is refused with what it is."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest
from django.utils.html import strip_tags
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from masthead.ingest import services
from masthead.ingest.models import IngestedItem, IngestLogEntry
from masthead.newsroom.models import ArticlePage

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "ninjs"
ITEMS = sorted(p.name for p in DATA.glob("*.json"))
CEST = timezone(timedelta(hours=2))


def _draft(section, name: str) -> tuple[ArticlePage, IngestedItem]:
    summary = services.path_import(path=DATA / name, section=section)
    [result] = summary.results
    assert result.outcome == IngestLogEntry.Outcome.CREATED, result.message
    page = ArticlePage.objects.get(pk=result.page_id)
    return page, IngestedItem.objects.get(page=page)


def _paragraphs(page: ArticlePage) -> list[str]:
    return [strip_tags(b.value.source) for b in page.body if b.block_type == "paragraph"]


def test_the_files_are_the_ones_the_readme_names():
    assert ITEMS == [
        "SIPA_image_3.json", "ap_audio.json", "ap_image.json", "dpa_text.json",
        "ninjsExSimpleText_3.json", "ntb_text.json", "simpleEvent.json", "tt_text_image_3.json",
    ]  # fmt: skip
    readme = (DATA.parent / "README.md").read_text()
    assert all(f"`ninjs/{name}`" in readme for name in ITEMS)


@pytest.mark.parametrize("name", ITEMS)
def test_each_file_is_valid_ninjs_3_by_iptcs_schema(name):
    schema = json.loads((DATA / "schema" / "ninjs-schema_3.0.json").read_bytes())
    # The schema points at geojson.org for place shapes; the tests run offline, so a place's
    # geoJSON is taken as any JSON (everything else is checked).
    offline = Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json", DRAFT202012.create_resource({})
    )
    validator = jsonschema.Draft202012Validator(schema, registry=offline)
    item = json.loads((DATA / name).read_bytes())

    assert [error.message for error in validator.iter_errors(item)] == []
    assert not validator.is_valid({**item, "pubStatus": "draft"})  # the schema does check


@pytest.mark.parametrize(
    ("name", "headline", "published_at", "agency", "language", "opening", "authors"),
    [
        ("dpa_text.json", "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?",
         datetime(2019, 5, 10, 16, 2, 28, tzinfo=CEST), "dpa", "de",
         "Für Lucien Favre war es «der größte Skandal im Fußball seit Jahren».",
         ["Christian Hollmann"]),
        ("tt_text_image_3.json", "Militärövning i jätteformat hålls 2023",
         datetime(2021, 5, 26, 13, 40, 18, tzinfo=CEST), "TT", "sv",
         "Pandemin satte stopp för den stora internationella militärövningen Aurora 2020", []),
        ("ntb_text.json", "Google har kjøpt giganttomt i Skien",
         datetime(2019, 8, 9, 9, 30, 4, tzinfo=UTC), "NTB", "nb-NO",
         "IT-giganten Google har kjøpt en tomt på nærmere 2.000 mål i Skien", []),
        ("ninjsExSimpleText_3.json", "Captain of wrecked cruise ship on trial in Italy",
         datetime(2013, 7, 9, 10, 37, tzinfo=UTC), "AP", "",
         "The trial of the captain of the shipwrecked Costa Concordia cruise liner",
         ["Paulo Santalucia", "Frances d'Emilio"]),
    ],
)  # fmt: skip
def test_a_real_3x_text_item_becomes_a_draft_an_editor_can_trust(
    section, name, headline, published_at, agency, language, opening, authors
):
    page, item = _draft(section, name)

    assert page.title == headline and not page.live
    assert item.original_published_at == published_at  # firstCreated, else versionCreated
    assert page.agency.short_name == agency  # copyrightHolder, or the dateline's "(AP)"
    assert page.language == language
    paragraphs = _paragraphs(page)
    assert paragraphs[0].startswith(opening)
    # No XML declaration, no agency XML (TT-NITF), no escaped markup shown as text.
    assert not any(("<" in p or "&lt;" in p or "TTNITF" in p) for p in paragraphs)
    assert sorted(a.name for a in page.authors.all()) == sorted(authors)
    assert page.standfirst == ""  # each description only repeats the opening words


def test_ap_text_keeps_its_dateline_off_the_first_paragraph(section):
    page, _item = _draft(section, "ninjsExSimpleText_3.json")

    assert page.dateline == "Grosseto"
    assert not _paragraphs(page)[0].startswith("GROSSETO")


def test_tt_text_carries_its_picture_caption_and_photographer(section):
    page, item = _draft(section, "tt_text_image_3.json")

    caption = "En stor internationell försvarsövning planeras 2023 med fokus på södra Sverige"
    # The picture is on TT's servers (not fetched without a source allowed to): the caption
    # keeps the credit for the editor.
    assert page.lead_image is None
    assert page.lead_image_caption.startswith(caption)
    assert page.lead_image_caption.endswith("(Karl Melander/TT)")
    assert item.picture_credit == "Karl Melander/TT"
    assert item.picture_url.endswith("a001_NormalHires.jpg")  # the largest rendition


@pytest.mark.parametrize(
    ("name", "headline", "caption", "credit", "agency"),
    [
        ("ap_image.json", "Turkey Islamic State",
         "FILE - In this Monday, Nov. 11, 2019 file photo, a man identified by Turkish media",
         "ASSOCIATED PRESS", "ASSOCIATED PRESS"),
        ("SIPA_image_3.json",
         "Italy: Italy Demonstration of the workers congresses and conferences",
         "Demonstration of the workers of congresses and conferences against he measures",
         "Insidefoto / SIPA USA", "SIPA USA"),
    ],
)  # fmt: skip
def test_a_real_3x_picture_item_keeps_caption_credit_and_agency(
    section, name, headline, caption, credit, agency
):
    page, item = _draft(section, name)

    assert page.title == headline
    assert page.lead_image_caption.startswith(caption)
    assert page.lead_image_caption.endswith(f"({credit})")
    assert item.picture_credit == credit
    # The agency is who sells the picture (credit line, copyright holder), not the party AP
    # names as its information source (DHA).
    assert page.agency.short_name == agency
    assert _paragraphs(page)[0].startswith(caption)
    assert page.language == "en"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("ap_audio.json", "ninjs 3.x an audio item: audio is not imported"),
        ("simpleEvent.json", "ninjs 3.x an event item (a diary entry, not a story)"),
    ],
)
def test_a_real_3x_item_that_is_no_story_is_refused_with_what_it_is(section, name, reason):
    summary = services.path_import(path=DATA / name, section=section)

    [result] = summary.results
    assert result.outcome == IngestLogEntry.Outcome.FAILED
    assert reason in result.message
    assert "only text and picture items become stories" in result.message
    assert IngestLogEntry.objects.get(outcome=IngestLogEntry.Outcome.FAILED).message == (
        result.message
    )
    assert not ArticlePage.objects.exists()
