"""Row ids from the outside world, checked at the edge.

SQLite refuses any integer beyond a signed 64-bit one with an ``OverflowError`` deep in the
driver (a 500 on the embedded default), while PostgreSQL and Django's own lookups cope, so a
number is only an id when it is one every engine can compare. Every URL with a row id uses the
``id`` converter (a number out of range does not match: 404), every form field holding one is
an ``IdField`` or an ``IdChoiceField`` (a form error, the rest of the form kept), and any
other place that reads one from a query string calls :func:`parse`.
"""

from __future__ import annotations

from django import forms
from django.urls import register_converter

# The widest id column there is (BigAutoField, SQLite's INTEGER). Narrower PostgreSQL columns
# are handled by Django, which answers "no row" for a value beyond the column's range.
MAX_ID = 2**63 - 1
_MAX_DIGITS = len(str(MAX_ID))


def parse(value: object) -> int | None:
    """``value`` as an id (a whole number from 1 to MAX_ID), or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not text.isascii() or not text.isdigit() or len(text) > _MAX_DIGITS:
            return None
        number = int(text)
    return number if 1 <= number <= MAX_ID else None


class IdConverter:
    """``<id:name>`` in a URL: like ``<int:…>``, but only numbers an id column can hold."""

    regex = f"[0-9]{{1,{_MAX_DIGITS}}}"

    def to_python(self, value: str) -> int:
        number = parse(value)
        if number is None:
            # A ValueError here means "this pattern does not match": the URL is a 404.
            raise ValueError(f"{value!r} is not an id")
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))


register_converter(IdConverter, "id")


class IdField(forms.IntegerField):
    """An id typed or carried in a form (a hidden call-out, say), bounded like the converter."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose value is checked as an id before it reaches the database
    (Django's own catches ValueError and TypeError, not SQLite's OverflowError)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.to_field_name is None and parse(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)
