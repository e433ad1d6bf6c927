"""A reader's query as words, quoted phrases and prefixes, turned into each engine's syntax.

Nothing the reader types reaches an engine as syntax: words are ``\\w+`` runs, a phrase is a
balanced pair of double quotes (an unbalanced quote is just dropped), a prefix is a word
followed directly by ``*``. Each is then written in the engine's own quoting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

WORD = re.compile(r"\w+", re.UNICODE)
PIECE = re.compile(r'"([^"]*)"|(\w+)(\*)?', re.UNICODE)
MAX_TERMS = 12


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False


@dataclass
class ParsedQuery:
    terms: list[Term] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    @property
    def words(self) -> list[str]:
        """Every word, for highlighting and "did you mean"."""
        return [t.word for t in self.terms] + [w for p in self.phrases for w in p]

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every part quoted as a string, joined with AND."""
        parts = [f'"{t.word}"' + (" *" if t.prefix else "") for t in self.terms]
        parts += ['"' + " ".join(p) + '"' for p in self.phrases]
        return " AND ".join(parts)

    def websearch(self) -> str:
        """Words and phrases for PostgreSQL's websearch_to_tsquery (which never fails)."""
        parts = [t.word for t in self.terms if not t.prefix]
        parts += ['"' + " ".join(p) + '"' for p in self.phrases]
        return " ".join(parts)

    def prefixes(self) -> str:
        """Prefix words for to_tsquery: ``word:*`` joined with ``&`` (words are \\w+ only)."""
        return " & ".join(f"{t.word}:*" for t in self.terms if t.prefix)

    def text(self) -> str:
        """The query written back plainly (for "did you mean" and headings)."""
        parts = [t.word + ("*" if t.prefix else "") for t in self.terms]
        parts += ['"' + " ".join(p) + '"' for p in self.phrases]
        return " ".join(parts)


def parse(query: str, *, prefix_last: bool = False) -> ParsedQuery:
    """``prefix_last`` treats the last word as a prefix (search as you type)."""
    parsed = ParsedQuery()
    text = query.lower()
    if text.count('"') % 2:
        # An unbalanced quote quotes nothing.
        last = text.rfind('"')
        text = text[:last] + " " + text[last + 1 :]
    count = 0
    for match in PIECE.finditer(text):
        if count >= MAX_TERMS:
            break
        phrase, word, star = match.groups()
        if phrase is not None:
            words = WORD.findall(phrase)[:MAX_TERMS]
            if len(words) == 1:
                parsed.terms.append(Term(words[0]))
            elif words:
                parsed.phrases.append(words)
            count += len(words)
        elif word:
            parsed.terms.append(Term(word, prefix=bool(star)))
            count += 1
    if prefix_last and parsed.terms and not parsed.phrases:
        last = parsed.terms[-1]
        parsed.terms[-1] = Term(last.word, prefix=True)
    return parsed
