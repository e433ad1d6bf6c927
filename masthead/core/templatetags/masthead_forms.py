"""Form helpers for the design system's field template (templates/forms/field.html)."""

from __future__ import annotations

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def widget_type(field: BoundField) -> str:
    """The widget's class name in lower case: "checkboxinput" is "checkbox", as Django's
    BoundField.widget_type says it, so a template can choose the layout."""
    return field.widget_type if isinstance(field, BoundField) else ""


@register.filter
def described(field: BoundField):
    """The control, described by its help text and its error (ids from forms/field.html), so a
    screen reader says both when the control takes focus. Django links the help text only."""
    ids = []
    own = field.field.widget.attrs.get("aria-describedby")
    if own:
        ids.append(own)
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return field.as_widget(attrs={"aria-describedby": " ".join(ids)} if ids else None)
