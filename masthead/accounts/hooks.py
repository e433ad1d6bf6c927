"""Extension points other apps use to add to a reader's profile, data export and erasure.

Accounts imports none of those apps: comments, contributions, places and galleries register
here from their ``AppConfig.ready()``. Example (in comments/apps.py)::

    from masthead.accounts import hooks

    hooks.register_profile_section(
        key="comments", title="Recent comments", template="comments/profile_section.html",
        context=lambda user: {"comments": selectors.comments_visible_for_author(author=user)},
        order=30,
    )
    hooks.register_personal_data("comments", lambda user: [...json-able...])
    hooks.register_eraser("comments", lambda user, keep_content: ...)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser


@dataclass(frozen=True)
class ProfileSection:
    key: str
    title: str
    template: str
    # Reads only what everyone may see: the profile page is cached for all readers.
    context: Callable[[AbstractBaseUser], dict[str, Any]]
    order: int = 100


_profile_sections: dict[str, ProfileSection] = {}
_personal_data: dict[str, Callable[[AbstractBaseUser], Any]] = {}
_erasers: dict[str, Callable[[AbstractBaseUser, bool], None]] = {}
_profile_listeners: dict[str, Callable[[int], None]] = {}


def register_profile_section(
    *,
    key: str,
    title: str,
    template: str,
    context: Callable[[AbstractBaseUser], dict[str, Any]],
    order: int = 100,
) -> None:
    """Add a public block to /u/<username>/ (home location, contributions, comments …)."""
    _profile_sections[key] = ProfileSection(
        key=key, title=title, template=template, context=context, order=order
    )


def register_personal_data(key: str, collect: Callable[[AbstractBaseUser], Any]) -> None:
    """Add what an app holds about a reader to "Download my data" under ``key``."""
    _personal_data[key] = collect


def register_eraser(key: str, erase: Callable[[AbstractBaseUser, bool], None]) -> None:
    """Called before an account is deleted, with ``keep_content``: remove the reader's
    published content, or keep it with the author anonymised, as the reader chose."""
    _erasers[key] = erase


def register_profile_listener(key: str, changed: Callable[[int], None]) -> None:
    """Called with the reader's id after a commit that changed what other pages show of them
    (display name, picture, or the account gone): an app whose cached pages show readers
    (comment threads) renders them again."""
    _profile_listeners[key] = changed


def unregister(key: str) -> None:
    """For tests of the extension points themselves."""
    _profile_sections.pop(key, None)
    _personal_data.pop(key, None)
    _erasers.pop(key, None)
    _profile_listeners.pop(key, None)


def profile_sections() -> list[ProfileSection]:
    return sorted(_profile_sections.values(), key=lambda s: (s.order, s.key))


def personal_data_collectors() -> dict[str, Callable[[AbstractBaseUser], Any]]:
    return dict(_personal_data)


def erasers() -> dict[str, Callable[[AbstractBaseUser, bool], None]]:
    return dict(_erasers)


def profile_listeners() -> dict[str, Callable[[int], None]]:
    return dict(_profile_listeners)
