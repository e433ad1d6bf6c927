"""Reader text: clean what arrives, render it as escaped HTML, match word lists.

A comment is plain text. ``clean_body`` refuses what cannot be stored honestly (the shared
rule of ``core.text``: invalid UTF-8, a NUL or another control character) and over-long text,
and removes what is only ever used to deceive (zero-width and bidi control characters);
``render_body`` escapes everything, keeps line breaks and turns http(s) URLs into links with
``rel="nofollow ugc noopener"``; nh3 then re-checks the result as a safety net.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape

from masthead.core import text as storable

# Zero-width characters, the byte order mark and every bidi embedding/override/isolate mark.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?)]}'\""
LINK_REL = "nofollow ugc noopener"


class CommentTextError(ValidationError):
    """The text cannot be accepted as a comment; the message says why."""


def clean_body(text: str | bytes, *, max_length: int) -> str:
    # The storable-text rule every app shares (core.text): invalid UTF-8, a NUL or another
    # control character is refused with the reason, never silently removed.
    why = storable.problem(text)
    if why is not None:
        raise CommentTextError(f"Your comment {why}.", code="unstorable")
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    text = unicodedata.normalize("NFC", text)
    text = INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\t", " ")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise CommentTextError("Write something first: the comment is empty.")
    if len(text) > max_length:
        raise CommentTextError(
            f"Your comment is {len(text)} characters long; the limit is {max_length}."
        )
    return text


def body_hash(text: str) -> str:
    folded = " ".join(fold(text).split())
    return hashlib.sha256(folded.encode()).hexdigest()


def has_link(text: str) -> bool:
    return bool(URL.search(text)) or bool(re.search(r"\bwww\.\S+\.\w{2,}", text, re.I))


def _linkify(escaped_line: str) -> str:
    def link(match: re.Match) -> str:
        url = match.group(0)
        tail = ""
        while url and url[-1] in TRAILING_PUNCTUATION:
            tail = url[-1] + tail
            url = url[:-1]
        return f'<a href="{url}" rel="{LINK_REL}">{url}</a>{tail}'

    return URL.sub(link, escaped_line)


def render_body(text: str) -> str:
    paragraphs = []
    for block in text.split("\n\n"):
        lines = [_linkify(escape(line)) for line in block.split("\n")]
        paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    html = "".join(paragraphs)
    # Escaping already made the text inert; nh3 keeps it to p/br/a with http(s) links.
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
    )


# --- Word lists ------------------------------------------------------------------------------
# Obvious obfuscations: digits and symbols standing for letters.
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
    }
)


def fold(text: str) -> str:
    """Case, accents and look-alike digits folded away: "ŚP4M" → "spam"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().translate(_LEET)


def _collapse(word: str) -> str:
    # "spaaaam" → "spam": repeated letters are the commonest way round a filter.
    return re.sub(r"(.)\1+", r"\1", word)


def _tokens(text: str) -> list[str]:
    tokens = re.findall(r"[^\W\d_]+", fold(text))
    # "s p a m", "s.p.a.m", "s-p-a-m": runs of single letters are read as one word as well.
    joined: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1:
            run.append(token)
            continue
        # Every stretch of the run: "a s c a m" holds "scam" after the article "a".
        run = run[:30]
        joined.extend(
            "".join(run[i:j]) for i in range(len(run)) for j in range(i + 2, len(run) + 1)
        )
        run = []
    return [_collapse(t) for t in tokens + joined]


@dataclass(frozen=True)
class WordList:
    entries: tuple[tuple[tuple[str, ...], bool], ...]  # (folded words of a phrase, prefix?)

    @classmethod
    def parse(cls, text: str) -> WordList:
        entries = []
        for line in (text or "").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            prefix = line.endswith("*")
            words = tuple(_collapse(w) for w in re.findall(r"[^\W\d_]+", fold(line.rstrip("*"))))
            if words:
                entries.append((words, prefix))
        return cls(entries=tuple(entries))

    def find(self, text: str) -> str | None:
        """The first entry found in ``text`` (as written in the list, folded), or None."""
        if not self.entries:
            return None
        tokens = _tokens(text)
        for words, prefix in self.entries:
            n = len(words)
            for i in range(len(tokens) - n + 1):
                window = tokens[i : i + n]
                if window[:-1] != list(words[:-1]):
                    continue
                last = window[-1]
                if last == words[-1] or (prefix and last.startswith(words[-1])):
                    return " ".join(words)
        return None
