"""The extractor against our generated evaluation pages: floors that may only rise.

Raise a floor when the extractor improves; never lower one to make a change pass. The
figures are printed by ``python -m masthead.ingest.tests.eval`` and recorded in docs/ingest.md.
"""

from __future__ import annotations

import pytest

from masthead.ingest.tests.eval.generator import HELD_OUT, LAYOUTS, generate
from masthead.ingest.tests.eval.score import report

# One xdist worker takes the whole module: the module's extraction report runs once.
pytestmark = pytest.mark.xdist_group("ingest-evaluation")

# (precision, recall) floors per field, for saved HTML and for pasted text: on the layouts the
# extractor was tuned on, and on the held-out layout it has never been tuned on.
TUNED_FLOORS = {
    "html": {
        "headline": (1.0, 1.0), "standfirst": (1.0, 1.0), "published_at": (1.0, 1.0),
        "dateline": (1.0, 1.0), "byline": (1.0, 1.0), "caption": (1.0, 1.0), "credit": (1.0, 1.0),
        "tags": (1.0, 1.0), "body words": (0.99, 0.99), "paragraphs": (0.99, 0.97),
        "subheadings": (1.0, 1.0),
    },
    "text": {
        "headline": (1.0, 1.0), "standfirst": (1.0, 1.0), "published_at": (1.0, 1.0),
        "dateline": (1.0, 1.0), "byline": (1.0, 1.0), "caption": (1.0, 1.0), "credit": (1.0, 1.0),
        "tags": (1.0, 1.0), "body words": (0.99, 0.99), "paragraphs": (0.99, 0.99),
        "subheadings": (0.99, 0.99),
    },
}  # fmt: skip
HELD_OUT_FLOORS = {
    "html": {
        "headline": (1.0, 1.0), "published_at": (1.0, 1.0), "tags": (1.0, 1.0),
        "body words": (0.85, 0.92), "paragraphs": (0.54, 0.81), "subheadings": (1.0, 1.0),
    },
    "text": {
        "headline": (1.0, 1.0), "standfirst": (1.0, 1.0), "published_at": (1.0, 1.0),
        "dateline": (1.0, 1.0),
        "caption": (1.0, 1.0), "credit": (1.0, 1.0), "tags": (1.0, 1.0),
        "body words": (0.92, 0.99), "paragraphs": (0.84, 0.99), "subheadings": (1.0, 1.0),
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def results():
    tuned = tuple(layout for layout in LAYOUTS if layout not in HELD_OUT)
    return {
        "tuned": report(per_layout=8, layouts=tuned),
        "held out": report(per_layout=8, layouts=HELD_OUT),
    }


def _below(tallies: dict, floors: dict) -> list[str]:
    below = []
    for field, (precision, recall) in floors.items():
        tally = tallies[field]
        if tally.precision < precision or tally.recall < recall:
            below.append(
                f"{field}: {tally.precision:.2f}/{tally.recall:.2f} < {precision}/{recall}"
            )
    return below


@pytest.mark.parametrize("mode", ["html", "text"])
def test_extraction_on_the_tuned_layouts_stays_above_its_floors(results, mode):
    assert not _below(results["tuned"][mode], TUNED_FLOORS[mode])


@pytest.mark.parametrize("mode", ["html", "text"])
def test_extraction_on_the_held_out_layout_stays_above_its_floors(results, mode):
    assert not _below(results["held out"][mode], HELD_OUT_FLOORS[mode])


def test_the_evaluation_set_is_the_same_every_run():
    first, second = generate(per_layout=2), generate(per_layout=2)

    assert [c.html for c in first] == [c.html for c in second]
    assert {c.layout for c in first} >= set(HELD_OUT)
