"""The search form: what a reader may ask for, with messages that say how to fix it."""

from __future__ import annotations

from django import forms

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
