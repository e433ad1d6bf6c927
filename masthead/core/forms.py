"""Form pieces every reader-facing form shares."""

from __future__ import annotations

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from masthead.core.text import validate_storable


class HoneypotField(forms.CharField):
    """A field people never see (the stylesheet hides it, never an inline style) and cannot
    tab into; form-filling robots fill it in. Each form decides what a filled one means."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Leave this empty")
        kwargs.setdefault("template_name", "forms/honeypot.html")
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict:
        return {**super().widget_attrs(widget), "tabindex": "-1", "autocomplete": "off"}


class StorableTextMixin:
    """Every text field of the form follows the storable-text rule (``core.text``): invalid
    UTF-8, a NUL or another control character is a field error that says so, and the rest of
    what the reader typed stays in the form."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field, HoneypotField):
                # Ours says which character and why; Django's own NUL check would say it twice.
                field.validators = [
                    v
                    for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                field.validators.append(validate_storable)
