# ruff: noqa: RUF001, RUF003 - the look-alike table is made of ambiguous characters on purpose
"""The username rules: what may be chosen, and the canonical form that makes look-alikes collide.

The canonical form is what the unique column holds, so two usernames a reader could mistake for
each other can never both exist. See docs/decisions/0101-username-canonical-form.md.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

MIN_LENGTH = 3
MAX_LENGTH = 30
PUNCTUATION = "_-."

RULES_TEXT = (
    f"{MIN_LENGTH}–{MAX_LENGTH} characters: letters, digits and _ - . , starting and ending "
    "with a letter or digit. It is the address of your profile page and cannot be edited later. "
    "Names that differ only in capitals, accents, look-alike letters, 0/o, 1/l/i or _ - . "
    "count as the same name."
)

# Words no reader may take: they name roles or places of the site itself. Site names from
# the Site table are added at check time (see reserved_canonicals in selectors).
RESERVED_WORDS = frozenset(
    {
        "about", "account", "accounts", "admin", "administrator", "api", "anonymous", "bot",
        "contact", "deleted", "desk", "editor", "editors", "feeds", "fragments", "help",
        "info", "login", "logout", "mail", "masthead", "media", "moderator", "moderators",
        "news", "newsroom", "null", "official", "owner", "press", "reporter", "reporters",
        "root", "security", "settings", "signin", "signup", "sport", "staff", "static",
        "support", "system", "team", "undefined", "user", "users", "webmaster", "www",
    }
)  # fmt: skip

# Letters from other scripts that render like a Latin letter, folded onto that letter.
# A deliberately small table covering Cyrillic and Greek (the scripts impersonators use);
# Unicode's full confusables table would add little for 3–30 character names.
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "і": "l", "ї": "l",
    "ј": "j", "к": "k", "ӏ": "l", "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "г": "r",
    "ѕ": "s", "т": "t", "ѵ": "v", "ԝ": "w", "х": "x", "у": "y", "з": "3", "ь": "b", "п": "n",
    # Greek
    "α": "a", "β": "b", "ϲ": "c", "ε": "e", "η": "n", "ι": "l", "κ": "k", "μ": "u", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ω": "w", "σ": "o",
    # Latin letters and digits that read alike in most sans-serif faces
    "0": "o", "1": "l", "i": "l", "ı": "l", "|": "l",
}  # fmt: skip
# Letter pairs that read as one letter at a glance.
_DIGRAPHS = (("rn", "m"), ("vv", "w"))
_SEPARATORS = re.compile(r"[_.\-]+")


def normalise(username: str) -> str:
    """The stored spelling: what the reader typed, composed (NFC) and trimmed."""
    return unicodedata.normalize("NFC", username.strip())


def canonical(username: str) -> str:
    """Fold everything that could make two names look alike onto one key."""
    folded = unicodedata.normalize("NFKC", username).casefold()
    # Strip accents so 'é' and 'e' collide: decompose, drop combining marks.
    folded = "".join(
        c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c)
    )
    folded = "".join(_CONFUSABLES.get(c, c) for c in folded)
    for pair, single in _DIGRAPHS:
        folded = folded.replace(pair, single)
    # john.smith, john-smith and john_smith are one name; so is john__smith.
    return _SEPARATORS.sub("_", folded)


@deconstructible
class UsernameCharactersValidator:
    """Length and characters, with a message that says which rule was broken."""

    def __call__(self, value: str) -> None:
        value = normalise(value)
        if not MIN_LENGTH <= len(value) <= MAX_LENGTH:
            raise ValidationError(
                f"Use {MIN_LENGTH}–{MAX_LENGTH} characters (this has {len(value)}).",
                code="username_length",
            )
        bad = sorted({c for c in value if not (c.isalpha() or c.isdecimal() or c in PUNCTUATION)})
        if any(c.isdecimal() and not c.isascii() for c in value):
            bad.extend(c for c in value if c.isdecimal() and not c.isascii())
        if bad:
            shown = " ".join(repr(c) for c in dict.fromkeys(bad))
            raise ValidationError(
                f"Only letters, digits and _ - . are allowed (not {shown}).",
                code="username_characters",
            )
        if value[0] in PUNCTUATION or value[-1] in PUNCTUATION:
            raise ValidationError("Start and end with a letter or a digit.", code="username_edges")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UsernameCharactersValidator)


username_validators = [UsernameCharactersValidator()]


# --- Names a reader could be mistaken for (issue #13) -----------------------------------------
# Spaces and separators between words; ASCII digits at either end ("Admin1", "2editor").
_GAPS = re.compile(r"[\s_.\-]+")
_END_DIGITS = re.compile(r"^[0-9]+|[0-9]+$")
# Words that make a role name read as someone ("the editor", "real admin").
_LEAD_WORDS = ("the", "real", "our", "your")


def bare(key: str) -> str:
    """A canonical key with its separators gone: ``the_edltor`` → ``theedltor``."""
    return key.replace("_", "")


def lookalike_keys(text: str) -> set[str]:
    """The bare keys ``text`` may be read as: folded as a username is (case, NFKC, accents,
    look-alike letters), with the gaps between words gone, with and without digits at its
    ends and a leading "the". "The  Admin", "Admin1", "editor2", "the_editor" and "EDITOR"
    spelt with a Cyrillic E all give a reserved word's key."""
    words = _GAPS.sub("_", text.strip()).strip("_")
    forms = {words, _END_DIGITS.sub("", words).strip("_")}
    keys = set()
    for form in forms:
        if not form:
            continue
        # The digits at the ends go before folding (1 folds to l), the rest fold as usual.
        key = bare(canonical(form))
        keys.add(key)
        for lead in _LEAD_WORDS:
            if key.startswith(lead) and len(key) > len(lead):
                keys.add(key[len(lead) :])
    return keys


def username_keys(text: str) -> set[str]:
    """Canonical spellings (as the unique column holds them) of a username ``text`` could
    be read as: its words joined by a separator or run together."""
    words = [w for w in _GAPS.split(text.strip()) if w]
    if not words:
        return set()
    keys = set()
    for joined in ("_".join(words), "".join(words)):
        keys.add(canonical(joined))
        stripped = _END_DIGITS.sub("", joined).strip("_")
        if stripped:
            keys.add(canonical(stripped))
    return keys


# Characters that change how text around them is laid out or are not seen at all: bidi
# embeddings, overrides, isolates and marks; zero-width spaces; word joiners; the BOM;
# soft hyphens; Hangul and Braille blanks; tag characters. A display name must not hold one:
# U+202E turned "nimda ehT" into "The admin".
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f]"
)
# Joiners that some scripts need between two letters (Persian ZWNJ, Indic conjuncts).
_JOINER_BETWEEN_LETTERS = re.compile(r"(?<=\w)[\u200c\u200d](?=\w)")


def invisible_characters(text: str) -> list[str]:
    """The invisible or direction-changing characters in ``text`` ("U+202E", …)."""
    text = _JOINER_BETWEEN_LETTERS.sub("", text)
    found = [c for c in text if _INVISIBLE.match(c) or unicodedata.category(c) == "Cf"]
    return [f"U+{ord(c):04X}" for c in dict.fromkeys(found)]
