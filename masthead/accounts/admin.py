"""Django admin for accounts (for deployments that mount it): the username is read-only."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.db.models import QuerySet
from django.http import HttpRequest

from masthead.accounts import services
from masthead.accounts.models import User
from masthead.accounts.selectors import username_availability


class UserCreationForm(BaseUserCreationForm):
    """Staff-created accounts obey the look-alike rule (reserved words are allowed to staff)."""

    class Meta(BaseUserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        verdict = username_availability(username=username)
        if not verdict.available and verdict.code != "reserved":
            raise forms.ValidationError(verdict.message, code=verdict.code)
        return username


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    add_fieldsets = ((None, {"fields": ("username", "email", "password1", "password2")}),)
    list_display = ("username", "email", "display_name", "is_staff", "date_joined")
    search_fields = ("username", "username_canonical", "email", "display_name")
    fieldsets = (
        (None, {"fields": ("username", "username_canonical", "password")}),
        ("Profile", {"fields": ("display_name", "email", "bio", "avatar")}),
        (
            "Notifications",
            {
                "fields": (
                    "notify_comment_replies",
                    "notify_contribution_decisions",
                    "notify_newsletter",
                )
            },
        ),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None):
        readonly = ("username_canonical",)
        # Chosen once at creation; after that no screen may offer to change it.
        return (*readonly, "username") if obj is not None else readonly

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        # Staff deletions keep what the member published, anonymised, and retire the name.
        services.account_delete(actor=request.user, user=obj, keep_content=True)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.account_delete(actor=request.user, user=user, keep_content=True)
