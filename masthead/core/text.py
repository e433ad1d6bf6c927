"""The one rule for text a reader gives us to store: refuse what cannot be stored honestly.

Django decodes a form with ``errors="replace"``, so bytes that are not UTF-8 arrive as U+FFFD
and would be stored as "�" in place of what the reader meant; a JSON body can carry a lone
surrogate (PostgreSQL refuses it, SQLite keeps it); a NUL is refused by PostgreSQL and kept by
SQLite; other control characters are invisible and were removed silently here and there.
Each of these is refused with a message saying why (issue #13), never altered, so what is
stored is what the reader saw they sent. Every reader-facing form uses :class:`StorableTextMixin`
(or the ``validate_storable`` validator); services that take text from other doors (the API's
JSON, comments read straight from the request) call :func:`check_storable`.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# C0 controls other than tab, line feed and carriage return; DEL; the C1 block.
_CONTROL_CHARS = "\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
# The same rule as a regular expression for a schema (the API's OpenAPI document), so
# clients and fuzzers know it: no control character and no U+FFFD.
STORABLE_PATTERN = f"^[^{_CONTROL_CHARS}\ufffd]*$"
_SURROGATE = re.compile("[\ud800-\udfff]")


class UnstorableText(ValidationError):
    """The text holds something that cannot be stored as the reader typed it."""


def problem(text: str | bytes) -> str | None:
    """Why ``text`` cannot be stored (the second half of a sentence), or None if it can."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return "contains bytes that are not valid UTF-8 text"
    if "\ufffd" in text or _SURROGATE.search(text):
        return (
            "contains characters that are not valid text (they show as “�”: the bytes sent "
            "were not UTF-8); type or paste it again"
        )
    control = _CONTROL.search(text)
    if control:
        code = f"U+{ord(control.group()):04X}"
        name = "a NUL character" if control.group() == "\x00" else "a control character"
        return f"contains {name} ({code}) that text cannot hold; remove it"
    return None


def check_storable(text: str | bytes, *, what: str = "This text") -> str:
    """``text`` (decoded if bytes) when it can be stored; :class:`UnstorableText` otherwise."""
    why = problem(text)
    if why is not None:
        raise UnstorableText(f"{what} {why}.", code="unstorable")
    return text.decode("utf-8") if isinstance(text, bytes) else text


@deconstructible
class StorableTextValidator:
    message_subject = "This text"

    def __call__(self, value) -> None:
        if isinstance(value, str | bytes):
            check_storable(value, what=self.message_subject)

    def __eq__(self, other) -> bool:
        return isinstance(other, StorableTextValidator)


validate_storable = StorableTextValidator()
