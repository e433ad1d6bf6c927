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
    f"{MIN_LENGTH}–{MAX_LENGTH} characters: letters, digits, and _ - . "
    "It must start and end with a letter or digit. "
    "It is unique across the network: names that only differ in capitals, accents that look "
    "the same, look-alike letters from other alphabets, 0/o, 1/l/i or the choice of _ - . "
    "count as the same name. It is the address of your profile page and can never be changed."
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
