"""Writes on accounts: profile, avatar, mail, deletion. Each checks who is acting.

There is deliberately no service that changes a username: it is permanent (and the database
refuses it, see db.py).
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime
from typing import IO

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import formats, timezone

from masthead.accounts import hooks
from masthead.accounts.models import Suspension, User
from masthead.accounts.selectors import display_name_problem, suspension_active_for
from masthead.accounts.tasks import send_email
from masthead.core import images, surrogate
from masthead.core import text as storable
from masthead.core.purging import purge_after_commit
from masthead.core.storage import private_storage

# Data exports are private files under this folder of the private storage.
EXPORTS_FOLDER = "exports"

logger = logging.getLogger(__name__)

AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_MAX_PIXELS = 25_000_000
AVATAR_SIZE = (512, 512)


class AccountPermissionError(PermissionDenied):
    """Someone tried to change an account that is not theirs to change."""


def access_account_for_change(*, actor: AbstractBaseUser, user: User, perm: str) -> None:
    """The reader may change their own account; staff only with the model permission."""
    if not actor.is_authenticated:
        raise AccountPermissionError("Sign in first.")
    if actor.pk == user.pk or actor.has_perm(perm):
        return
    raise AccountPermissionError("You cannot change another member's account.")


class AccountSuspendedError(PermissionDenied):
    """A suspended or banned member tried to post."""

    def __init__(self, suspension: Suspension) -> None:
        until = (
            "until an editor lifts it"
            if suspension.ends_at is None
            else "until "
            + formats.date_format(timezone.localtime(suspension.ends_at), "j F Y, H:i")
        )
        self.suspension = suspension
        self.message = f"Your account may not post {until}. Reason: {suspension.reason}"
        super().__init__(self.message)


def access_member_can_post(*, user: AbstractBaseUser) -> None:
    """Everything a reader publishes (comments, contributions, reports) asks this first."""
    if not user.is_authenticated:
        raise AccountPermissionError("Sign in first.")
    if not user.is_active:
        raise AccountPermissionError("This account is closed.")
    suspension = suspension_active_for(user=user)
    if suspension is not None:
        raise AccountSuspendedError(suspension)


def suspension_create(
    *,
    actor: AbstractBaseUser,
    user: User,
    reason: str,
    ends_at: datetime | None,
    starts_at: datetime | None = None,
) -> Suspension:
    """Suspend ``user`` until ``ends_at`` (None: a ban until lifted). Staff with the
    ``accounts.add_suspension`` permission only; nobody suspends themselves."""
    if not actor.has_perm("accounts.add_suspension"):
        raise AccountPermissionError("You may not suspend members.")
    if actor.pk == user.pk:
        raise AccountPermissionError("You cannot suspend your own account.")
    suspension = Suspension(
        user=user,
        reason=reason.strip(),
        ends_at=ends_at,
        starts_at=starts_at or timezone.now(),
        created_by=actor,
    )
    suspension.full_clean()
    suspension.save()
    logger.info("suspended %s until %s by %s: %s", user, ends_at, actor, reason)
    return suspension


def suspension_lift(*, actor: AbstractBaseUser, suspension: Suspension) -> Suspension:
    if not actor.has_perm("accounts.change_suspension"):
        raise AccountPermissionError("You may not lift suspensions.")
    if suspension.lifted_at is None:
        suspension.lifted_at = timezone.now()
        suspension.lifted_by = actor
        suspension.save(update_fields=["lifted_at", "lifted_by"])
    return suspension


def mail_send_later(*, message: EmailMessage) -> None:
    """Queue ``message`` for the background worker once the surrounding transaction commits."""
    html = None
    if isinstance(message, EmailMultiAlternatives):
        html = next((c for c, mime in message.alternatives if mime == "text/html"), None)
    if message.content_subtype == "html":
        html, body = message.body, ""
    else:
        body = message.body
    kwargs = {
        "subject": message.subject,
        "body": body,
        "from_email": message.from_email,
        "to": list(message.to),
        "html": html,
        "headers": dict(message.extra_headers),
    }
    transaction.on_commit(lambda: send_email.enqueue(**kwargs))


@transaction.atomic
def profile_update(
    *,
    actor: AbstractBaseUser,
    user: User,
    display_name: str,
    bio: str,
    notify_comment_replies: bool,
    notify_contribution_decisions: bool,
    notify_newsletter: bool,
) -> User:
    access_account_for_change(actor=actor, user=user, perm="accounts.change_user")
    # The form says the same; this is for every other caller (issue #13).
    errors = {}
    for field, label, value in (
        ("display_name", "Your display name", display_name),
        ("bio", "Your bio", bio),
    ):
        why = storable.problem(value)
        if why is not None:
            errors[field] = [f"{label} {why}."]
    if "display_name" not in errors:
        problem = display_name_problem(display_name=display_name, user=user)
        if problem:
            errors["display_name"] = [problem]
    if errors:
        raise ValidationError(errors)
    # Plain text, escaped wherever it is shown; only stray whitespace is tidied here.
    user.display_name = " ".join(display_name.split())
    user.bio = bio.strip().replace("\r\n", "\n")
    user.notify_comment_replies = notify_comment_replies
    user.notify_contribution_decisions = notify_contribution_decisions
    user.notify_newsletter = notify_newsletter
    user.full_clean(exclude=["password", "username"])
    user.save(
        update_fields=[
            "display_name", "bio", "notify_comment_replies",
            "notify_contribution_decisions", "notify_newsletter",
        ]
    )  # fmt: skip
    _purge_profile(user.pk)
    return user


@transaction.atomic
def avatar_set(*, actor: AbstractBaseUser, user: User, upload: IO[bytes]) -> User:
    """Store a re-encoded, metadata-free copy of ``upload`` as the avatar."""
    access_account_for_change(actor=actor, user=user, perm="accounts.change_user")
    clean = images.clean_image(
        upload,
        max_bytes=AVATAR_MAX_BYTES,
        max_pixels=AVATAR_MAX_PIXELS,
        fit_within=AVATAR_SIZE,
    )
    old = user.avatar.name if user.avatar else None
    user.avatar.save(f"{user.pk}.{clean.extension}", ContentFile(clean.content), save=False)
    user.save(update_fields=["avatar"])
    if old:
        storage = user.avatar.storage
        transaction.on_commit(lambda: storage.delete(old))
    _purge_profile(user.pk)
    return user


@transaction.atomic
def avatar_remove(*, actor: AbstractBaseUser, user: User) -> User:
    access_account_for_change(actor=actor, user=user, perm="accounts.change_user")
    if user.avatar:
        name, storage = user.avatar.name, user.avatar.storage
        user.avatar = ""
        user.save(update_fields=["avatar"])
        transaction.on_commit(lambda: storage.delete(name))
        _purge_profile(user.pk)
    return user


def _exports_folder(user: AbstractBaseUser) -> str:
    return str(user.pk)


def personal_data_export_store(*, user: User, data: dict) -> tuple[str, str]:
    """Keep the reader's data export as a private file (no public address; only the signed
    link the view hands to its owner reads it) and drop the older ones. Returns the file's
    name in the exports storage and the name the reader's download gets."""
    storage = private_storage(EXPORTS_FOLDER)
    folder = _exports_folder(user)
    _exports_remove(folder=folder)
    stamp = timezone.now().strftime("%Y%m%d")
    name = storage.save(
        f"{folder}/{uuid.uuid4().hex}.json",
        ContentFile(json.dumps(data, indent=2, ensure_ascii=False).encode()),
    )
    return name, f"masthead-{user.username_canonical}-{stamp}.json"


def _exports_remove(*, folder: str) -> None:
    storage = private_storage(EXPORTS_FOLDER)
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        storage.delete(f"{folder}/{file}")


@transaction.atomic
def account_delete(*, actor: AbstractBaseUser, user: User, keep_content: bool) -> None:
    """Erase the account and its personal data.

    Each app that holds the reader's published content removes it or anonymises it
    (``keep_content``) through its registered eraser. The username stays retired (as a
    digest) so nobody can take over the old profile address.
    """
    access_account_for_change(actor=actor, user=user, perm="accounts.delete_user")
    for key, erase in sorted(hooks.erasers().items()):
        logger.info("erasing %s for account %s (keep_content=%s)", key, user.pk, keep_content)
        erase(user, keep_content)
    avatar_name = user.avatar.name if user.avatar else None
    exports = _exports_folder(user)
    storage = user.avatar.storage
    # E-mail addresses, social accounts and tokens and authenticators held by allauth cascade
    # with the user row; the pre_delete receiver retires the username (signals.py).
    user.delete()
    if avatar_name:
        transaction.on_commit(lambda: storage.delete(avatar_name))
    transaction.on_commit(lambda: _exports_remove(folder=exports))
    _purge_profile(user.pk)


def _purge_profile(user_id: int) -> None:
    """Pages that show the reader's name, avatar or bio: their profile (``user-<id>``), and
    whatever the other apps show of them (``hooks.register_profile_listener``)."""
    purge_after_commit([surrogate.user(user_id)], reason="profile changed")
    for changed in hooks.profile_listeners().values():
        transaction.on_commit(lambda changed=changed: changed(user_id))
