"""An authentication backend standing in for a database that is down: every password check
fails the way Django does when PostgreSQL is restarting (OperationalError)."""

from __future__ import annotations

from typing import Any

from django.db import OperationalError
from django.http import HttpRequest


class DatabaseDown:
    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        raise OperationalError("the database system is shutting down")

    def get_user(self, user_id: int) -> None:
        return None
