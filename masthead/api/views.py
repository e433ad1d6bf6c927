"""The reader's token page: create a personal API token, see it once, revoke it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from masthead.api import selectors, services
from masthead.api.models import ApiToken, Scope
from masthead.core.forms import StorableTextMixin


class TokenForm(StorableTextMixin, forms.Form):
    name = forms.CharField(label="Token name", max_length=100, help_text="What it is for.")
    live_write = forms.BooleanField(
        label="May post, edit and delete live blog updates",
        required=False,
        help_text="Only on the live blogs your account may post to.",
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not services.may_have_scope(user=user, scope=Scope.LIVE_WRITE):
            del self.fields["live_write"]

    def scopes(self) -> list[str]:
        return [Scope.LIVE_WRITE] if self.cleaned_data.get("live_write") else []


@never_cache
@login_required
def token_page(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None, user=request.user)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_secret = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"], scopes=form.scopes()
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            form = TokenForm(user=request.user)
            messages.success(request, f"Token “{token.name}” created. Copy it now.")
    tokens = selectors.api_tokens_for_user(user=request.user)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = services.api_token_revoke(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist:
        messages.error(request, "That token does not exist.")
    else:
        messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("api-tokens")


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse(
        {
            "error": {
                "code": "not_found",
                "message": "No API endpoint at this address; see /api/v1/docs.",
                "details": [],
            }
        },
        status=404,
    )
