"""The reader's report form: a honeypot field, the place by name or slug, and limits."""

from __future__ import annotations

from django import forms

from masthead.core.forms import HoneypotField, StorableTextMixin
from masthead.places.models import Place
from masthead.places.selectors import place_search
from masthead.traffic.models import Alert


class ReportForm(StorableTextMixin, forms.Form):
    road = forms.CharField(max_length=200, label="Road")
    direction = forms.ChoiceField(
        choices=[("", "Not sure"), *Alert.Direction.choices],
        required=False,
        label="Which way (optional)",
    )
    place = forms.CharField(
        max_length=200,
        label="Town or region",
        help_text="Start typing the place's name; the closest match is used.",
        widget=forms.TextInput(attrs={"data-place-search": "/location/search/"}),
    )
    kind = forms.ChoiceField(choices=Alert.Kind.choices, label="What is happening")
    severity = forms.ChoiceField(
        choices=Alert.Severity.choices, initial=Alert.Severity.MODERATE, label="How bad is it"
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=2000, required=False, label="Details"
    )
    website = HoneypotField()

    def clean_place(self) -> Place:
        text = self.cleaned_data["place"].strip()
        place = Place.objects.filter(slug=text.lower()).first()
        if place is None:
            matches = place_search(q=text, limit=1)
            place = matches[0] if matches else None
        if place is None:
            raise forms.ValidationError("We do not know that place; try a nearby town.")
        return place

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))
