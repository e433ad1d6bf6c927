"""Counting a reader's words the way the live counter in the browser does (wordcount.js)."""

from __future__ import annotations

import re

MIN_WORDS = 200

# A word is a run of non-space characters with at least one letter or digit in it, so
# "—" or "..." on their own do not count, and "well-known" counts once.
_WORD = re.compile(r"\S+")


def count_words(text: str) -> int:
    return sum(1 for w in _WORD.findall(text or "") if any(c.isalnum() for c in w))


def too_short_message(words: int) -> str:
    noun = "word" if words == 1 else "words"
    return f"Your story has {words} {noun}; contributions must have at least {MIN_WORDS}."


def paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by a blank line; single line breaks join up."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    return [" ".join(b.split()) for b in blocks if b.strip()]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Plain text as typed, minus control characters; it is escaped when shown."""
    return _CONTROL.sub("", text or "").replace("\r\n", "\n").strip()
