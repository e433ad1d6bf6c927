"""The extractor against our generated evaluation pages: floors that may only rise.

Raise a floor when the extractor improves; never lower one to make a change pass. The
figures are printed by ``python -m masthead.ingest.tests.eval`` and recorded in docs/ingest.md.
"""

from __future__ import annotations

import pytest

from masthead.ingest.tests.eval.generator import HELD_OUT, generate
from masthead.ingest.tests.eval.score import report

# (precision, recall) floors per field, for saved HTML and for pasted text.
FLOORS = {
    "html": {
        "headline": (1.0, 1.0), "standfirst": (1.0, 0.85), "published_at": (1.0, 0.83),
        "dateline": (1.0, 1.0), "byline": (1.0, 0.8), "caption": (1.0, 1.0), "credit": (1.0, 1.0),
        "tags": (1.0, 1.0), "body words": (0.99, 0.99), "paragraphs": (0.99, 0.97),
        "subheadings": (1.0, 1.0),
    },
    "text": {
        "headline": (0.95, 0.95), "standfirst": (1.0, 0.94), "published_at": (1.0, 0.95),
        "dateline": (1.0, 1.0), "byline": (1.0, 0.8), "caption": (1.0, 0.83), "credit": (1.0, 0.83),
        "tags": (1.0, 1.0), "body words": (0.97, 0.99), "paragraphs": (0.95, 0.99),
        "subheadings": (0.95, 0.99),
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def results():
    return report(per_layout=8)


@pytest.mark.parametrize("mode", ["html", "text"])
def test_extraction_stays_above_its_floors(results, mode):
    below = []
    for field, (precision, recall) in FLOORS[mode].items():
        tally = results[mode][field]
        if tally.precision < precision or tally.recall < recall:
            below.append(
                f"{field}: {tally.precision:.2f}/{tally.recall:.2f} < {precision}/{recall}"
            )
    assert not below, f"{mode} extraction fell below its floors: {below}"


def test_the_evaluation_set_is_the_same_every_run():
    first, second = generate(per_layout=2), generate(per_layout=2)

    assert [c.html for c in first] == [c.html for c in second]
    assert {c.layout for c in first} >= set(HELD_OUT)
