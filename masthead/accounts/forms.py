"""Forms: the username picker (sign-up, first social sign-in), profile settings, deletion."""

from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.socialaccount.forms import SignupForm as AllauthSocialSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from masthead.accounts import usernames
from masthead.accounts.models import User
from masthead.core.forms import HoneypotField, StorableTextMixin


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


class LoginForm(AllauthLoginForm):
    """allauth's sign-in in the site's words: the reset link is the page's own (a full-size
    target beside the button), not a small link inside the password's help text."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"


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

    def try_save(self, request):
        if self.account_already_exists:
            # A registered address gets the same answer as a new one, and must take the same
            # time: a new account's password is hashed (the slow part, on purpose), so this
            # one is hashed too and thrown away. Both paths then render one mail and queue it
            # for the worker (adapters.AccountAdapter.send_mail). Without this, sign-up told
            # registered addresses apart by time: median 0.32 s against 3.04 s (issue #13).
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class SocialSignupForm(UsernamePickerMixin, AllauthSocialSignupForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._set_up_username()


class ProfileForm(StorableTextMixin, forms.ModelForm):
    class Meta:
        model = User
        # The username is deliberately absent: it can never change.
        fields = [
            "display_name", "bio", "notify_comment_replies",
            "notify_contribution_decisions", "notify_newsletter",
        ]  # fmt: skip
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 500})}

    def clean_display_name(self) -> str:
        from masthead.accounts.selectors import display_name_problem

        name = self.cleaned_data.get("display_name", "")
        problem = display_name_problem(display_name=name, user=self.instance)
        if problem:
            raise forms.ValidationError(problem, code="display_name")
        return name


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
