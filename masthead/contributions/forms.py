"""The reader's form for a story or pictures, with up to three new photo rows per save."""

from __future__ import annotations

from django import forms

from masthead.contributions.models import Contribution
from masthead.core.forms import HoneypotField, StorableTextMixin
from masthead.core.ids import IdChoiceField, IdField
from masthead.newsroom.models import SectionPage

PHOTO_ROWS = 3


class ContributionForm(StorableTextMixin, forms.Form):
    title = forms.CharField(max_length=200, label="Headline")
    body = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "data-word-counter": "word-count"}),
        label="Your story",
    )
    place_text = forms.CharField(
        required=False, max_length=200, label="Where it happened", help_text="Town, suburb or area."
    )
    # Filled by placesearch.js when the reader picks a catalogue place from the type-ahead.
    place = forms.SlugField(required=False, max_length=220, widget=forms.HiddenInput)
    section = IdChoiceField(
        queryset=SectionPage.objects.none(),
        required=False,
        label="Section it suits",
        empty_label="Let the editors choose",
    )
    declaration = forms.BooleanField(
        required=False,
        label="This is my own work, and the people shown agreed to be photographed.",
    )
    licence = forms.ChoiceField(
        required=False,
        choices=[("", "Choose a licence"), *Contribution.Licence.choices],
        label="The licence you grant us",
    )
    website = HoneypotField()
    callout = IdField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kind: str, sections, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["section"].queryset = sections
        self.fields["place_text"].widget.attrs.update(
            {
                "list": "place-options",
                "autocomplete": "off",
                "data-place-search": "/location/search/",
                "data-place-slug": "id_place",
            }
        )
        if kind == Contribution.Kind.PICTURES:
            self.fields["title"].label = "What the pictures show"
            self.fields["body"].label = "A few words about them (optional)"
            self.fields["body"].widget.attrs.pop("data-word-counter", None)
            self.fields["body"].widget.attrs["rows"] = 4
            self.fields[
                "declaration"
            ].label = (
                "I took these pictures myself, and the people shown agreed to be photographed."
            )
        for n in range(PHOTO_ROWS):
            self.fields[f"photo_{n}"] = forms.FileField(
                required=False,
                label=f"Photo {n + 1}",
                widget=forms.ClearableFileInput(
                    attrs={
                        "accept": (
                            "image/jpeg,image/png,image/gif,image/webp,image/heic,image/heif,.heic"
                        )
                    }
                ),
            )
            self.fields[f"caption_{n}"] = forms.CharField(
                required=False, max_length=500, label=f"Caption for photo {n + 1}"
            )
            self.fields[f"photo_place_{n}"] = forms.CharField(
                required=False, max_length=200, label=f"Where photo {n + 1} was taken"
            )
            self.fields[f"taken_on_{n}"] = forms.DateField(
                required=False,
                label=f"When photo {n + 1} was taken",
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def photo_rows(self) -> list[dict]:
        return [
            {
                "file": self[f"photo_{n}"],
                "caption": self[f"caption_{n}"],
                "place": self[f"photo_place_{n}"],
                "taken_on": self[f"taken_on_{n}"],
            }
            for n in range(PHOTO_ROWS)
        ]

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError("Your contribution could not be saved.", code="honeypot")
        for n in range(PHOTO_ROWS):
            if data.get(f"photo_{n}") and not data.get(f"caption_{n}", "").strip():
                self.add_error(f"caption_{n}", "Give this photo a caption.")
        return data


class DecisionForm(forms.Form):
    ACTIONS = [
        ("review", "Start review"),
        ("request_changes", "Ask for changes"),
        ("decline", "Decline"),
        ("accept", "Accept as a draft page"),
        ("publish", "Accept and publish now"),
        ("verify", "Mark verified"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Note")
