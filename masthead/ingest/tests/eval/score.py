"""Precision and recall of the page extractor on the generated evaluation set.

Per field: precision = correct / fields the extractor filled in, recall = correct / fields the
page had. Body: over words (a multiset, so a dropped or an extra paragraph both count), and over
whole paragraphs and subheadings kept apart. Tags: over individual tags.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from masthead.ingest.errors import IngestError
from masthead.ingest.pages import extract_html, extract_text
from masthead.ingest.story import WireStory
from masthead.ingest.tests.eval.generator import EvalCase, generate

FIELDS = ["headline", "standfirst", "published_at", "dateline", "byline", "caption", "credit"]


def _norm(value: object) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().strip(".").casefold()


@dataclass
class Tally:
    correct: float = 0
    extracted: float = 0
    expected: float = 0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def _fields(story: WireStory | None) -> dict[str, str]:
    if story is None:
        return dict.fromkeys(FIELDS, "")
    picture = story.picture
    return {
        "headline": story.headline,
        "standfirst": story.standfirst,
        "published_at": story.published_at.strftime("%Y-%m-%d %H:%M %z")
        if story.published_at
        else "",
        "dateline": story.dateline,
        "byline": ", ".join(story.byline),
        "caption": picture.caption if picture else "",
        "credit": picture.credit if picture else "",
    }


def _expected(case: EvalCase) -> dict[str, str]:
    e = case.expected
    return {
        "headline": e.headline,
        "standfirst": e.standfirst,
        "published_at": e.published_at.strftime("%Y-%m-%d %H:%M %z"),
        "dateline": e.dateline,
        "byline": e.byline,
        "caption": e.caption,
        "credit": e.credit,
    }


def _count(tally: Tally, got: Counter, want: Counter) -> None:
    tally.correct += sum((got & want).values())
    tally.extracted += sum(got.values())
    tally.expected += sum(want.values())


def score(cases: list[EvalCase], *, mode: str) -> dict[str, Tally]:
    """Tallies per field for ``mode`` "html" (saved pages) or "text" (copied text)."""
    tallies = {
        name: Tally() for name in [*FIELDS, "tags", "body words", "paragraphs", "subheadings"]
    }
    for case in cases:
        try:
            story = extract_html(case.html) if mode == "html" else extract_text(case.text)
        except IngestError:
            story = None
        got, want = _fields(story), _expected(case)
        for name in FIELDS:
            tally = tallies[name]
            tally.extracted += bool(got[name])
            tally.expected += bool(want[name])
            tally.correct += bool(want[name]) and _norm(got[name]) == _norm(want[name])
        _count(
            tallies["tags"],
            Counter(_norm(t) for t in (story.keywords if story else [])),
            Counter(_norm(t) for t in case.expected.tags),
        )
        got_blocks = story.body if story else []
        _count(
            tallies["body words"],
            Counter(" ".join(b.text for b in got_blocks).casefold().split()),
            Counter(" ".join(t for _k, t in case.expected.blocks).casefold().split()),
        )
        for kind, name in (("paragraph", "paragraphs"), ("subheading", "subheadings")):
            _count(
                tallies[name],
                Counter(_norm(b.text) for b in got_blocks if b.kind == kind),
                Counter(_norm(t) for k, t in case.expected.blocks if k == kind),
            )
    return tallies


def report(*, per_layout: int = 8, layouts: tuple[str, ...] = ()) -> dict[str, dict[str, Tally]]:
    cases = [c for c in generate(per_layout=per_layout) if not layouts or c.layout in layouts]
    return {mode: score(cases, mode=mode) for mode in ("html", "text")}
