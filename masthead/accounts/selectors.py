"""Reads: username availability, profiles, and everything held about a reader."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.text import slugify

from masthead.accounts import hooks, usernames
from masthead.accounts.models import RetiredUsername, Suspension, User
from masthead.core.sites import network_sites


@dataclass(frozen=True)
class Availability:
    available: bool
    code: str
    message: str


def retired_digest(canonical: str) -> str:
    return hashlib.sha256(canonical.encode()).hexdigest()


def reserved_canonicals() -> frozenset[str]:
    """Reserved words and the network's own site names, all in canonical form."""
    words = set(usernames.RESERVED_WORDS)
    for site in network_sites():
        words.add(site.name)
        words.add(slugify(site.name))
        words.update(label for label in site.hostname.split(".") if label)
    return frozenset(usernames.canonical(w) for w in words if w)


def reserved_bare_keys() -> frozenset[str]:
    """The reserved names as :func:`usernames.lookalike_keys` gives them (no separators)."""
    return frozenset(usernames.bare(key) for key in reserved_canonicals())


def display_name_problem(*, display_name: str, user: AbstractBaseUser | None) -> str | None:
    """Why ``display_name`` may not be shown as ``user``'s name, or None. A display name must
    not read as a role of the site or as another reader's username, and must not hide
    characters that change how it reads (issue #13)."""
    name = " ".join(display_name.split())
    if not name:
        return None
    hidden = usernames.invisible_characters(name)
    if hidden:
        return (
            "Your display name contains invisible or direction-changing characters "
            f"({', '.join(hidden)}), which can make it read as something else; remove them."
        )
    if usernames.lookalike_keys(name) & reserved_bare_keys():
        return f"“{name}” reads as a name reserved for the site itself. Please choose another."
    others = User.objects.filter(username_canonical__in=usernames.username_keys(name))
    if user is not None and user.pk is not None:
        others = others.exclude(pk=user.pk)
    if others.exists():
        return (
            f"“{name}” reads as another member's username. Choose a display name that "
            "is yours (your own username is fine)."
        )
    return None


def username_availability(*, username: str) -> Availability:
    """Whether ``username`` may be taken now, and the reason in the reader's words if not."""
    name = usernames.normalise(username)
    try:
        for validator in usernames.username_validators:
            validator(name)
    except ValidationError as exc:
        return Availability(False, exc.code or "invalid", exc.messages[0])
    key = usernames.canonical(name)
    if key in reserved_canonicals() or usernames.lookalike_keys(name) & reserved_bare_keys():
        return Availability(
            False, "reserved", f"“{name}” is reserved for the site itself. Please pick another."
        )
    holder = User.objects.filter(username_canonical=key).values_list("username", flat=True)
    taken_by = holder.first()
    if taken_by is not None:
        if taken_by == name:
            message = f"“{name}” is taken. Please pick another."
        else:
            message = (
                f"“{name}” looks too much like the existing username “{taken_by}”. "
                "Please pick another."
            )
        return Availability(False, "taken", message)
    if RetiredUsername.objects.filter(canonical_digest=retired_digest(key)).exists():
        return Availability(
            False, "taken", f"“{name}” belonged to a closed account. Please pick another."
        )
    return Availability(True, "available", f"“{name}” is available.")


def profile_get(*, username: str) -> User:
    """The active member whose username matches; look-alike spellings find the same member
    (the view redirects them to the real spelling)."""
    user = (
        User.objects.filter(username_canonical=usernames.canonical(username), is_active=True)
        .only(
            "id", "username", "username_canonical", "display_name", "bio", "avatar",
            "date_joined", "is_active",
        )
        .first()
    )  # fmt: skip
    if user is None:
        raise Http404("No member has that username.")
    return user


def profile_sections_for(*, user: User) -> list[dict[str, Any]]:
    return [
        {"key": s.key, "title": s.title, "template": s.template, **s.context(user)}
        for s in hooks.profile_sections()
    ]


def personal_data_for(*, user: User) -> dict[str, Any]:
    """Everything the network holds about ``user``, as JSON-able data ("Download my data")."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    data: dict[str, Any] = {
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "bio": user.bio,
            "avatar": user.avatar.url if user.avatar else None,
            "member_since": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_staff": user.is_staff,
            "has_password": user.has_usable_password(),
            "profile_url": user.get_absolute_url(),
        },
        "notification_preferences": {
            "comment_replies": user.notify_comment_replies,
            "contribution_decisions": user.notify_contribution_decisions,
            "newsletter": user.notify_newsletter,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "connected_accounts": [
            {
                "provider": a.provider,
                "uid": a.uid,
                "connected": a.date_joined.isoformat(),
                "last_login": a.last_login.isoformat() if a.last_login else None,
                # What the provider told us about the reader (tokens are never exported).
                "profile": a.extra_data,
            }
            for a in SocialAccount.objects.filter(user=user).order_by("provider", "uid")
        ],
        "two_factor": [
            {"type": a.type, "created": a.created_at.isoformat()}
            for a in Authenticator.objects.filter(user=user).order_by("type")
        ],
        "groups": sorted(user.groups.values_list("name", flat=True)),
        # When and on which sites the reader is signed in (accounts/network.py); never the
        # session keys or the sign-in's own identifier.
        "network_sign_ins": [
            {
                "started": s.created_at.isoformat(),
                "ended": s.ended_at.isoformat() if s.ended_at else None,
                "sites": sorted({n.hostname for n in s.sessions.all()}),
            }
            for s in user.network_sign_ins.prefetch_related("sessions").order_by("created_at")
        ],
    }
    for key, collect in sorted(hooks.personal_data_collectors().items()):
        data[key] = collect(user)
    return data


def suspension_active_for(*, user: AbstractBaseUser) -> Suspension | None:
    """The suspension that stops ``user`` posting now (the longest, a ban first), or None."""
    if not user.is_authenticated:
        return None
    active = list(Suspension.objects.active().filter(user_id=user.pk))
    if not active:
        return None
    return max(active, key=lambda s: (s.ends_at is None, s.ends_at or s.starts_at))
