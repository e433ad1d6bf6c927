"""The living style guide: every component of the design system on one staff-only page."""

from __future__ import annotations

from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


class SampleForm(forms.Form):
    """A form with one of each control, shown once as new and once refused."""

    name = forms.CharField(label="Your name", help_text="As it should appear beside your story.")
    email = forms.EmailField(label="E-mail address")
    section = forms.ChoiceField(
        label="Section", choices=[("", "Choose a section"), ("news", "News"), ("sport", "Sport")]
    )
    story = forms.CharField(
        label="Your story", widget=forms.Textarea(attrs={"rows": 4}), help_text="At least 50 words."
    )
    delivery = forms.ChoiceField(
        label="How should we reply?",
        choices=[("email", "By e-mail"), ("none", "Do not reply")],
        widget=forms.RadioSelect,
    )
    photo = forms.FileField(label="Photo", required=False)
    agree = forms.BooleanField(label="I took these pictures myself")


@never_cache
@staff_member_required(login_url="/accounts/login/")
def styleguide(request: HttpRequest) -> HttpResponse:
    refused = SampleForm(data={"name": "Ama", "email": "not-an-address", "story": "Too short."})
    refused.is_valid()
    return render(
        request,
        "core/styleguide.html",
        {
            "fresh": SampleForm(auto_id="new_%s"),
            "refused": refused,
            "colours": [
                "ink",
                "muted",
                "rule",
                "wash",
                "accent",
                "accent-dark",
                "accent-wash",
                "focus",
                "error",
                "success",
                "warning",
                "info",
                "live",
                "opinion",
                "community",
            ],
            "steps": ["5", "4", "3", "2", "1", "0", "-1", "-2"],
        },
    )
