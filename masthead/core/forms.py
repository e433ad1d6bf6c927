"""Form pieces every reader-facing form shares."""

from __future__ import annotations

from django import forms


class HoneypotField(forms.CharField):
    """A field people never see (the stylesheet hides it, never an inline style) and cannot
    tab into; form-filling robots fill it in. Each form decides what a filled one means."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Leave this empty")
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict:
        return {**super().widget_attrs(widget), "tabindex": "-1", "autocomplete": "off"}
