"""Hooks into the other apps, connected from PlacesConfig.ready()."""

from __future__ import annotations


def connect() -> None:
    pass
