"""Forms: the username picker (sign-up, first social sign-in), profile settings, deletion."""

from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.socialaccount.forms import SignupForm as AllauthSocialSignupForm
from django import forms
from django.urls import reverse

from masthead.accounts import usernames
from masthead.accounts.models import User
from masthead.core.forms import HoneypotField


class UsernamePickerMixin:
    """Says the rules before the reader types and wires the live availability check."""

    def _set_up_username(self) -> None:
        field = self.fields["username"]
        field.label = "Username"
        field.help_text = usernames.RULES_TEXT
        field.widget.attrs.update(
            {
                "placeholder": "",
                "autocomplete": "username",
                "spellcheck": "false",
                "autocapitalize": "none",
                "data-availability-url": reverse("accounts:username_availability"),
            }
        )


class SignupForm(UsernamePickerMixin, AllauthSignupForm):
    website = HoneypotField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._set_up_username()

    def clean(self):
        cleaned = super().clean()
        if self.data.get("website"):
            raise forms.ValidationError("Your profile could not be created.", code="honeypot")
        return cleaned


class SocialSignupForm(UsernamePickerMixin, AllauthSocialSignupForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._set_up_username()


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        # The username is deliberately absent: it can never change.
        fields = [
            "display_name", "bio", "notify_comment_replies",
            "notify_contribution_decisions", "notify_newsletter",
        ]  # fmt: skip
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 500})}


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        label="New picture",
        help_text="JPEG, PNG, GIF or WebP, up to 5 MB. We keep a 512-pixel copy and remove "
        "camera and location details.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )


class DeleteAccountForm(forms.Form):
    CONTENT_CHOICES = [
        ("remove", "Remove everything I published (comments, stories, pictures)"),
        ("anonymise", "Keep what I published, shown as by “a former member”"),
    ]
    content = forms.ChoiceField(
        label="What happens to what you published",
        choices=CONTENT_CHOICES,
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label="I understand that my account is deleted for good and cannot be restored",
        required=True,
    )

    @property
    def keep_content(self) -> bool:
        return self.cleaned_data["content"] == "anonymise"
