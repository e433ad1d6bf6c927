"""The search form: what a reader may ask for, with messages that say how to fix it."""

from __future__ import annotations

import html

from django import forms
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.safestring import SafeString, mark_safe

from masthead.search.selectors import KINDS, MAX_QUERY_CHARS

MAX_ID = 2**53 - 1


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for",
        max_length=MAX_QUERY_CHARS,
        required=False,
        # The widget's own type: a "type" in attrs would be written beside type="text".
        widget=forms.SearchInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    order = forms.ChoiceField(
        label="Order",
        choices=[("relevance", "Most relevant"), ("newest", "Newest first")],
        required=False,
    )
    scope = forms.ChoiceField(
        label="Where",
        choices=[("site", "This site"), ("network", "The whole network")],
        required=False,
    )
    section = forms.TypedChoiceField(label="Section", coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label="Kind", choices=[("", "All kinds"), *KINDS], required=False)
    tag = forms.SlugField(label="Tag", required=False, max_length=100)
    author = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    place = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    published_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    exact = forms.BooleanField(required=False, widget=forms.HiddenInput)
    after = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)

    def __init__(self, *args, sections: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "All sections"), *sections]

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and start > end:
            self.add_error("published_to", "The end date is before the start date.")
        return data

    def fields_html(self) -> dict[str, SafeString]:
        """The form's fields as HTML: "hidden" (all but ``after``), "q" and "options" (every
        other visible field), each field a ``<p class="field field--name">`` with its label,
        widget and errors. Written here, not by the widgets' templates: rendered that way the
        form was a third of the search page's time (a template per widget and option)."""
        hidden = "".join(_widget(field) for field in self.hidden_fields() if field.name != "after")
        visible = {field.name: _paragraph(field) for field in self.visible_fields()}
        query = visible.pop("q", "")
        return {
            "hidden": mark_safe(hidden),  # noqa: S308 - every value escaped in _widget
            "q": mark_safe(query),  # noqa: S308
            "options": mark_safe("".join(visible.values())),  # noqa: S308
        }


def _attributes(attrs: dict) -> str:
    # As Django's widgets/attrs.html: True is a bare attribute, False none.
    return "".join(
        f" {name}" if value is True else f' {name}="{html.escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _widget(field: BoundField) -> str:
    """The widget as Django's input.html/select.html would write it."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    name = html.escape(context["name"])
    if isinstance(widget, forms.Select):
        options = "".join(
            f'<option value="{html.escape(str(option["value"]))}"'
            f"{_attributes(option['attrs'])}>{html.escape(str(option['label']))}</option>"
            for _group, choices, _index in context["optgroups"]
            for option in choices
        )
        return f'<select name="{name}"{_attributes(context["attrs"])}>{options}</select>'
    if isinstance(widget, Input):
        value = context["value"]
        shown = "" if value is None else f' value="{html.escape(str(value))}"'
        return (
            f'<input type="{html.escape(context["type"])}" name="{name}"{shown}'
            f"{_attributes(context['attrs'])}>"
        )
    return str(field)


def _paragraph(field: BoundField) -> str:
    label = (
        f'<label for="{html.escape(field.id_for_label)}">{html.escape(str(field.label))}:</label>'
    )
    # The id aria-describedby names (Django's "<id>_error").
    errors = "".join(
        f'<span class="field-error" role="alert" id="{html.escape(field.auto_id)}_error">'
        f"{html.escape(str(error))}</span>"
        for error in field.errors
    )
    suggest = ' data-suggest="/search/suggest/"' if field.name == "q" else ""
    return f'<p class="field field--{field.name}"{suggest}>{label} {_widget(field)}{errors}</p>'
