"""Field-level accuracy of the page extractor on real article pages, saved HTML and pasted text.

The pages, the text Chromium copies from them (``pasted.py``) and the fields a reader sees on
them (judged by hand, ``expected.json``) are under tests/data/ingest-pages/ (README there).
Each page is ``tune`` (rules may be written while looking at it) or ``test`` (never looked at
while writing rules); the figures are given for both and for all pages.

    .venv/bin/python -m masthead.ingest.tests.eval.realpages            # the table
    .venv/bin/python -m masthead.ingest.tests.eval.realpages --misses   # what each field got wrong
    .venv/bin/python -m masthead.ingest.tests.eval.realpages --show cnn-1 --mode text
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

PAGES_DIR = Path(__file__).resolve().parents[4] / "tests" / "data" / "ingest-pages"
MODES = ("html", "text")
FIELDS = (
    "headline", "published", "byline", "standfirst", "lead_picture", "caption", "credit",
    "dateline", "subheadings", "body", "tags",
)  # fmt: skip
# The targets: share of pages whose field is right.
TARGETS = {
    "headline": 0.95, "published": 0.95, "body": 0.95, "byline": 0.85, "caption": 0.85,
    "credit": 0.85, "dateline": 0.85, "subheadings": 0.85,
}  # fmt: skip
BODY_F1 = 0.95  # a body is right when its words match the expected words this well
# Pasted text carries no picture files: the lead picture is judged on HTML only.
NOT_IN_TEXT = {"lead_picture"}


def case_dirs() -> list[Path]:
    return sorted(p for p in PAGES_DIR.iterdir() if (p / "page.html").is_file())


@dataclass
class Case:
    name: str
    html: bytes
    text: str
    expected: dict

    @property
    def split(self) -> str:
        return self.expected.get("split", "test")


def load_cases() -> list[Case]:
    return [
        Case(
            name=d.name,
            html=(d / "page.html").read_bytes(),
            text=(d / "pasted.txt").read_text(encoding="utf-8"),
            expected=json.loads((d / "expected.json").read_text(encoding="utf-8")),
        )
        for d in case_dirs()
        if (d / "expected.json").is_file()
    ]


# --- What the extractor gave, in the expectation's terms ------------------------------------------


@dataclass
class Found:
    headline: str = ""
    published: datetime | None = None
    byline: list[str] = field(default_factory=list)
    standfirst: str = ""
    lead_picture: str = ""
    caption: str = ""
    credit: str = ""
    dateline: str = ""
    subheadings: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    error: str = ""


def extract(case: Case, mode: str) -> Found:
    from masthead.ingest.bylines import byline_people
    from masthead.ingest.decoding import decode_bytes
    from masthead.ingest.errors import IngestError
    from masthead.ingest.pages import extract_html, extract_text

    try:
        story = extract_html(decode_bytes(case.html)) if mode == "html" else extract_text(case.text)
    except IngestError as error:
        return Found(error=error.reason)
    people: list[str] = []
    for byline in story.byline:
        people += [p for p in byline_people(byline) if p not in people]
    picture = story.picture
    return Found(
        headline=story.headline,
        published=story.published_at,
        byline=people,
        standfirst=story.standfirst,
        lead_picture=picture_name(picture.url) if picture and picture.url else "",
        caption=picture.caption if picture else "",
        credit=picture.credit if picture else "",
        dateline=story.dateline,
        subheadings=[b.text for b in story.body if b.kind == "subheading"],
        body=[b.text for b in story.body if b.kind == "paragraph"],
        tags=list(story.keywords),
    )


def picture_name(url: str) -> str:
    """The file name a picture's address ends in ("…/gen/369284/thumbs/x-large570.jpg?w=2")."""
    path = unquote(urlsplit(url.strip()).path)
    return path.rstrip("/").rsplit("/", 1)[-1]


# --- Judging one field ---------------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"',
                         "»": '"', "–": "-", "—": "-", "\u00a0": " "})  # fmt: skip


def norm(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).translate(_QUOTES).casefold()
    return re.sub(r"\s+", " ", text).strip(" .,;:-|()[]\"'")


def _choices(expected: object) -> list:
    return expected if isinstance(expected, list) else [expected]


def _for_mode(expected: object, mode: str) -> object:
    return expected.get(mode) if isinstance(expected, dict) else expected


def same_text(expected: object, found: str) -> bool:
    return any(norm(choice) == norm(found) for choice in _choices(expected or ""))


def same_time(expected: object, found: datetime | None) -> bool:
    for choice in _choices(expected):
        if not choice:
            if found is None:
                return True
            continue
        if found is None:
            continue
        if re.fullmatch(r"\d{4}-\d\d-\d\d", choice):
            if found.date() == date.fromisoformat(choice):
                return True
            continue
        wanted = datetime.fromisoformat(choice)
        if wanted.tzinfo is None:  # the page prints no zone: its wall clock is what counts
            if found.replace(tzinfo=None, second=0, microsecond=0) == wanted:
                return True
        elif abs((found - wanted).total_seconds()) < 60:
            return True
    return False


def same_set(expected: list[str], found: list[str]) -> bool:
    return {norm(x) for x in expected or []} == {norm(x) for x in found}


def same_list(expected: list[str], found: list[str]) -> bool:
    return [norm(x) for x in expected or []] == [norm(x) for x in found]


def _words(paragraphs: list[str]) -> Counter[str]:
    return Counter(w for p in paragraphs for w in re.findall(r"\w+", norm(p)))


def body_scores(expected: list[str], found: list[str]) -> tuple[float, float]:
    """Word precision and recall of the body (a multiset of words; splitting a paragraph in
    two or joining two costs nothing, a missing or an extra paragraph costs its words)."""
    wanted, got = _words(expected), _words(found)
    common = sum((wanted & got).values())
    precision = common / sum(got.values()) if got else (1.0 if not wanted else 0.0)
    recall = common / sum(wanted.values()) if wanted else 1.0
    return precision, recall


def extra_lines(expected: list[str], found: list[str]) -> list[str]:
    """Body paragraphs that are in no expected paragraph: the page's furniture."""
    wanted = [norm(p) for p in expected]
    extras = []
    for paragraph in found:
        text = norm(paragraph)
        if not text or any(text in w or w in text for w in wanted):
            continue
        words = set(re.findall(r"\w+", text))
        if any(len(words & set(re.findall(r"\w+", w))) >= 0.6 * len(words) for w in wanted):
            continue
        extras.append(paragraph)
    return extras


def judge(case: Case, found: Found, mode: str) -> dict[str, bool]:
    e = {key: _for_mode(value, mode) for key, value in case.expected.items()}
    precision, recall = body_scores(e["body"], found.body)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "headline": same_text(e["headline"], found.headline),
        "published": same_time(e["published"], found.published),
        "byline": same_set(e["byline"], found.byline),
        "standfirst": same_text(e["standfirst"], found.standfirst),
        "lead_picture": any(
            norm(c) == norm(found.lead_picture) for c in _choices(e["lead_picture"] or "")
        ),
        "caption": same_text(e["caption"], found.caption),
        "credit": same_text(e["credit"], found.credit),
        "dateline": same_text(e["dateline"], found.dateline),
        "subheadings": same_list(e["subheadings"], found.subheadings),
        "body": f1 >= BODY_F1 and not extra_lines(e["body"], found.body),
        "tags": same_set(e["tags"], found.tags),
    }


# --- The whole set -------------------------------------------------------------------------------


@dataclass
class Result:
    case: Case
    mode: str
    found: Found
    right: dict[str, bool]
    body_precision: float
    body_recall: float
    extras: list[str]


def evaluate(cases: list[Case] | None = None, *, progress: Callable | None = None) -> list[Result]:
    results = []
    cases = load_cases() if cases is None else cases
    steps = [(case, mode) for case in cases for mode in MODES]
    for case, mode in progress(steps) if progress else steps:
        found = extract(case, mode)
        body = _for_mode(case.expected["body"], mode)
        precision, recall = body_scores(body, found.body)
        results.append(
            Result(
                case,
                mode,
                found,
                judge(case, found, mode),
                precision,
                recall,
                extra_lines(body, found.body),
            )
        )
    return results


def accuracy(results: list[Result], *, mode: str, split: str = "all") -> dict[str, float]:
    chosen = [r for r in results if r.mode == mode and split in ("all", r.case.split)]
    if not chosen:
        return {}
    return {
        f: sum(r.right[f] for r in chosen) / len(chosen)
        for f in FIELDS
        if not (mode == "text" and f in NOT_IN_TEXT)
    }


def furniture_lines(results: list[Result], *, mode: str) -> int:
    return sum(len(r.extras) for r in results if r.mode == mode)


def _table(results: list[Result]):
    from rich.table import Table

    cases = {r.case.name: r.case for r in results}
    sites = {c.expected["source"].get("url", "").split("/")[2] for c in cases.values()
             if c.expected["source"].get("url")}  # fmt: skip
    table = Table(
        title=f"Real pages: {len(cases)} pages from {len(sites)} sites (share of pages right)"
    )
    table.add_column("field")
    for mode in MODES:
        for split in ("tune", "test", "all"):
            count = sum(1 for c in cases.values() if split in ("all", c.split))
            table.add_column(f"{mode} {split} ({count})", justify="right")
    table.add_column("target", justify="right")
    figures = {(m, s): accuracy(results, mode=m, split=s) for m in MODES for s in
               ("tune", "test", "all")}  # fmt: skip
    for name in FIELDS:
        row = [name]
        for mode in MODES:
            for split in ("tune", "test", "all"):
                value = figures[(mode, split)].get(name)
                if value is None:
                    row.append("n/a")
                    continue
                target = TARGETS.get(name)
                style = (
                    ""
                    if target is None or split != "all"
                    else ("green" if value >= target else "red")
                )
                row.append(f"[{style}]{value:.2f}[/]" if style else f"{value:.2f}")
        row.append(f"≥ {TARGETS[name]:.2f}" if name in TARGETS else "")
        table.add_row(*row)
    for label, key in (("body word precision", "p"), ("body word recall", "r")):
        row = [label]
        for mode in MODES:
            for split in ("tune", "test", "all"):
                chosen = [r for r in results if r.mode == mode and split in ("all", r.case.split)]
                values = [r.body_precision if key == "p" else r.body_recall for r in chosen]
                row.append(f"{sum(values) / len(values):.2f}" if values else "")
        table.add_row(*row, "")
    row = ["furniture lines in bodies"]
    for mode in MODES:
        for split in ("tune", "test", "all"):
            chosen = [r for r in results if r.mode == mode and split in ("all", r.case.split)]
            row.append(str(sum(len(r.extras) for r in chosen)))
    table.add_row(*row, "0")
    return table


def _misses(results: list[Result], console) -> None:
    for name in FIELDS:
        wrong = [
            r for r in results
            if not r.right[name] and not (r.mode == "text" and name in NOT_IN_TEXT)
        ]  # fmt: skip
        if not wrong:
            continue
        console.rule(f"{name}: {len(wrong)} wrong")
        for r in wrong:
            got = getattr(r.found, name)
            if name == "body":
                got = f"P {r.body_precision:.2f} R {r.body_recall:.2f}; extra: {r.extras[:3]}"
            wanted = _for_mode(r.case.expected[name], r.mode)
            if name == "body":
                wanted = f"{len(wanted)} paragraphs"
            line = f"{r.case.name} [{r.mode}] got {str(got)[:160]!r}  wanted {str(wanted)[:160]!r}"
            console.print(line, markup=False, highlight=False)


def main(argv: list[str] | None = None) -> int:
    import django

    django.setup()
    from rich.console import Console
    from rich.progress import track

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong field")
    parser.add_argument("--show", help="one page: what was found and what was expected")
    parser.add_argument("--mode", choices=MODES, default="html")
    args = parser.parse_args(argv)
    console = Console(width=160)
    cases = load_cases()
    if args.show:
        (case,) = [c for c in cases if c.name == args.show]
        found = extract(case, args.mode)
        console.print(found)
        console.print(judge(case, found, args.mode))
        return 0
    results = evaluate(cases, progress=lambda steps: track(steps, description="Extracting"))
    console.print(_table(results))
    if args.misses:
        _misses(results, console)
    return 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.test")
    raise SystemExit(main())
