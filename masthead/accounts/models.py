"""The network-wide account: one user, one permanent username, one profile for every site."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone

from masthead.accounts import usernames


class AccountManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """Superusers are made on the command line by whoever runs the server: their address is
        taken as verified, or mandatory verification would lock them out of the admin."""
        from allauth.account.models import EmailAddress

        user = super().create_superuser(username, email, password, **extra_fields)
        if user.email:
            EmailAddress.objects.update_or_create(
                user=user, email=user.email.lower(), defaults={"verified": True, "primary": True}
            )
        return user


class User(AbstractUser):
    """Readers, reporters and editors alike.

    The username is chosen once and is the address of the profile on every site. The database
    refuses to change it (triggers in migration 0003); ``username_canonical`` holds the folded
    form (see ``usernames.canonical``) under a unique index, so look-alikes cannot coexist.
    """

    username = models.CharField(
        "username",
        max_length=usernames.MAX_LENGTH,
        unique=True,
        validators=usernames.username_validators,
        help_text=usernames.RULES_TEXT,
        error_messages={"unique": "That username is taken."},
    )
    username_canonical = models.CharField(
        "canonical username",
        max_length=150,
        unique=True,
        editable=False,
        help_text="The username folded for look-alike comparison; set once, never changed.",
    )
    display_name = models.CharField(
        max_length=80, blank=True, help_text="Shown on your profile and beside what you write."
    )
    bio = models.TextField(
        "short bio", max_length=500, blank=True, help_text="Up to 500 characters, plain text."
    )
    avatar = models.ImageField(upload_to="avatars/%Y/%m/", blank=True)
    notify_comment_replies = models.BooleanField(
        "e-mail me when someone replies to my comment", default=True
    )
    notify_contribution_decisions = models.BooleanField(
        "e-mail me when editors decide on my story or pictures", default=True
    )
    notify_newsletter = models.BooleanField("send me the daily newsletter", default=False)

    objects = AccountManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(username_canonical=""),
                name="accounts_user_canonical_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    def save(self, *args, **kwargs) -> None:
        # The canonical form is derived from the username, which never changes, so it is
        # computed exactly once: on the first save.
        if not self.username_canonical:
            self.username = usernames.normalise(self.username)
            self.username_canonical = usernames.canonical(self.username)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"username": self.username})

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    @property
    def role_badge(self) -> str:
        """Shown beside a staff member's name on comments and the profile, so a reader's
        display name can never pass for someone speaking for the site (issue #13)."""
        return "Staff" if self.is_staff and self.is_active else ""


class RetiredUsername(models.Model):
    """A deleted account's username stays taken so nobody can step into its old address.

    Only a SHA-256 digest of the canonical form is kept: enough to refuse the name again,
    not a readable record of who the reader was.
    """

    canonical_digest = models.CharField(max_length=64, primary_key=True)
    retired_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.canonical_digest


class SuspensionQuerySet(models.QuerySet):
    def active(self, *, at: datetime | None = None) -> SuspensionQuerySet:
        at = at or timezone.now()
        return self.filter(lifted_at__isnull=True, starts_at__lte=at).filter(
            models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=at)
        )


class Suspension(models.Model):
    """A member may not post (comments, contributions, reports) for a period, or ever (a ban).

    Kept after it ends or is lifted: the record of who did what, when and why.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="suspensions")
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to ban the account until lifted."
    )
    reason = models.CharField(max_length=500, help_text="Shown to the member.")
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="suspensions_made"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="suspensions_lifted"
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["user", "lifted_at", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="accounts_suspension_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} until {self.ends_at or 'lifted'}"

    @property
    def is_ban(self) -> bool:
        return self.ends_at is None


class NetworkSignIn(models.Model):
    """One sign-in of one browser, shared by every site of the network it reached.

    A sign-in on any site starts one; the hop (``accounts/network.py``) carries it to the
    others, and each site's session is recorded under it, so signing out on one site can end
    the sessions of all of them (decision 0105).
    """

    public_id = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="network_sign_ins")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"network sign-in of {self.user_id} at {self.created_at:%Y-%m-%d %H:%M}"


class NetworkSession(models.Model):
    """A site's session that belongs to a network sign-in (deleted when it ends)."""

    sign_in = models.ForeignKey(NetworkSignIn, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, db_index=True)
    hostname = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"session on {self.hostname} of {self.sign_in_id}"


class NetworkTicket(models.Model):
    """A one-time code the issuing site hands to one other site of the network.

    Only a digest of the code's secret is kept; the code is good once, for one audience (the
    site it was issued to), with the state that site's browser holds, for a minute.
    """

    digest = models.CharField(max_length=64, unique=True)
    sign_in = models.ForeignKey(NetworkSignIn, on_delete=models.CASCADE, related_name="tickets")
    audience_site_id = models.BigIntegerField()
    state_digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="accounts_ticket_expiry_idx")]

    def __str__(self) -> str:
        # Never the secret (only its digest is kept), and not the digest either.
        return f"ticket for site {self.audience_site_id} until {self.expires_at:%H:%M:%S}"
