"""Personal API tokens: a reader's key for scripts and apps, shown once, stored as a hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from masthead.core.api.auth import Scope

__all__ = ["ApiToken", "ApiTokenQuerySet", "Scope"]


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. “My app”.")
    # The first characters of the token, kept so a reader can tell their tokens apart.
    prefix = models.CharField(max_length=16)
    # SHA-256 of the whole token: a database leak does not hand out working tokens.
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Scope values (``Scope``); a list so a scope added later needs no migration of its own.
    scopes = models.JSONField(default=list, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])
