"""Highlighted snippets: the reader's words marked in an escaped excerpt of the story text."""

from __future__ import annotations

import html
import re

from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_CHARS = 220


def query_terms(query: str) -> list[str]:
    """Words worth marking: two letters or more, without the search syntax around them."""
    seen: list[str] = []
    for word in WORD.findall(query.lower()):
        if len(word) > 1 and word not in seen and word not in {"and", "or", "not"}:
            seen.append(word)
    return seen[:10]


def marker(terms: list[str]) -> re.Pattern | None:
    """The pattern ``highlight`` marks with: made once for a page of hits."""
    if not terms:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)


def escape(text: str) -> str:
    # The standard library's escape, as Django's does, without its lazy-string wrapper (this
    # runs a few hundred times per results page).
    return html.escape(text, quote=True)


def highlight(
    text: str,
    terms: list[str],
    *,
    length: int = SNIPPET_CHARS,
    pattern: re.Pattern | None = None,
) -> SafeString:
    """An excerpt of ``text`` around the first matching word, every match wrapped in <mark>.

    Matching is on word starts, so "elect" marks "election" as a stemming backend would find it.
    The text is escaped piece by piece; only our own <mark> tags are markup. ``pattern``:
    ``marker(terms)`` made once by the caller.
    """
    text = " ".join(text.split())
    if not text:
        return mark_safe("")
    if pattern is None:
        pattern = marker(terms)
    start = 0
    first = pattern.search(text) if pattern else None
    if first and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    excerpt = text[start:end]
    pieces: list[str] = ["…" if start else ""]
    position = 0
    for match in pattern.finditer(excerpt) if pattern else ():
        pieces.append(escape(excerpt[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(excerpt[position:]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of reader-visible text is escaped)
