"""The admin upload form: a file, pasted text or an address, and the section to file into."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from masthead.core.fetching import max_input_bytes
from masthead.newsroom.models import SectionPage


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SectionPage) -> str:
        site = obj.get_site()
        return f"{site.site_name if site else '?'} › {obj.title}"


class IngestUploadForm(forms.Form):
    section = SectionChoiceField(queryset=SectionPage.objects.none(), help_text="Drafts go here.")
    file = forms.FileField(
        required=False,
        help_text=(
            "RSS/Atom, ninjs (.json), NewsML-G2 (.xml), a saved article page (.html) or text."
        ),
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Or paste the article",
        help_text="Copied from a web page, boilerplate and all: the story is picked out of it.",
    )
    url = forms.URLField(required=False, label="Or an address", assume_scheme="https")

    def __init__(self, *args, sections, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > max_input_bytes():
            raise ValidationError(
                f"The file is {upload.size} bytes; the limit is {max_input_bytes()} bytes."
            )
        return upload

    def clean(self) -> dict:
        data = super().clean()
        given = [name for name in ("file", "text", "url") if data.get(name)]
        if len(given) != 1:
            raise ValidationError("Give one thing to import: a file, pasted text or an address.")
        return data
