"""Suggested tags: places from the gazetteer, the source's keywords, recurring names."""

from __future__ import annotations

from masthead.ingest.places import default_gazetteer
from masthead.ingest.story import Block, WireStory
from masthead.ingest.tagging import suggest_tags


def test_the_gazetteer_knows_cities_and_countries():
    gazetteer = default_gazetteer()

    assert gazetteer.lookup("ankara").kind == "city"
    assert gazetteer.lookup("Turkey").country_code == "TR"
    assert gazetteer.lookup("Qwertyville") is None


def test_places_in_running_text_are_found_but_sentence_openers_are_not():
    found = {p.name for p in default_gazetteer().find_in_text(
        "Jos sanoi niin. Talks moved from Buenos Aires to Istanbul on Monday."
    )}  # fmt: skip

    assert {"Buenos Aires", "Istanbul"} <= found
    assert "Jos" not in found


def test_tags_put_places_first_then_keywords_then_recurring_names():
    story = WireStory(
        format="text",
        original_id="x",
        headline="Erdogan meets Merkel in Ankara",
        dateline="Ankara",
        keywords=["diplomacy"],
        body=[
            Block("paragraph", "President Recep Erdogan met Angela Merkel in Ankara on Tuesday."),
            Block("paragraph", "Critics said Recep Erdogan had little to offer; Berlin disagreed."),
            Block("paragraph", "Angela Merkel later flew on to Istanbul."),
        ],
    )

    tags = suggest_tags(story)

    assert tags[0] == "Ankara"
    assert {"Istanbul", "diplomacy", "Recep Erdogan", "Angela Merkel"} <= set(tags)
    assert "Critics" not in tags and "Tuesday" not in tags
    assert len(tags) <= 8
