"""The search form: what a reader may ask for, with messages that say how to fix it."""

from __future__ import annotations

from django import forms

from masthead.search.selectors import MAX_QUERY_CHARS


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", max_length=MAX_QUERY_CHARS, required=False)
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
    tag = forms.SlugField(label="Tag", required=False, max_length=100)
    published_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
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
