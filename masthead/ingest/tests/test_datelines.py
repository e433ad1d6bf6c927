"""Datelines off a story's first paragraph, as pages and agencies print them."""

from __future__ import annotations

import pytest

from masthead.ingest.story import Block
from masthead.ingest.text import split_dateline, take_dateline


@pytest.mark.parametrize(
    ("text", "place", "agency", "rest"),
    [
        ("OSLO--The ferry left on Monday…", "Oslo", "", "The ferry left on Monday…"),
        ("BERGEN—Fishing boats stayed in port.", "Bergen", "", "Fishing boats stayed in port."),
        ("القاهرة، مصر (رويترز) -- قالت الحكومة إن…", "القاهرة", "رويترز", "قالت الحكومة إن…"),
        ("תל אביב (AP) - המשטרה אמרה…", "תל אביב", "AP", "המשטרה אמרה…"),
    ],
)
def test_a_dateline_is_read_without_spaces_round_its_dash_and_in_scripts_without_capitals(
    text, place, agency, rest
):
    assert split_dateline(text) == (place, agency, rest)


@pytest.mark.parametrize(
    "text",
    [
        "U.S.-based carriers said fares would rise.",
        "كانت الحكومة قد قالت إن الطرق ستغلق",  # no agency in brackets: no dateline
        "Fin de semana: la lluvia vuelve.",
    ],
)
def test_a_sentence_is_no_dateline(text):
    assert split_dateline(text)[0] == ""


def test_a_short_credit_line_before_the_first_paragraph_does_not_hide_its_dateline():
    blocks = [
        Block("paragraph", "Coast Wire"),
        Block("paragraph", "OSLO (Coast Wire) — The ferry company said on Monday that it would."),
    ]

    assert take_dateline(blocks) == ("Oslo", "Coast Wire")
    assert blocks[1].text == "The ferry company said on Monday that it would."
