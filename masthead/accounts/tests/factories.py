"""Members for tests, created the way sign-up leaves them: verified primary e-mail."""

from __future__ import annotations

import itertools

from allauth.account.models import EmailAddress

from masthead.accounts.models import User

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def make_member(username: str | None = None, *, email: str | None = None, **fields) -> User:
    n = next(_counter)
    username = username or f"member{n}"
    email = email or f"{username.lower()}@example.test"
    user = User.objects.create_user(username=username, email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def sign_in(client, user: User) -> None:
    """Sign in through allauth's form, as a reader does (it records a fresh authentication)."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


def reauthenticate(client) -> None:
    """Confirm the password again, as allauth asks before sensitive actions."""
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


def ensure_wagtail_root() -> None:
    """Put back Wagtail's root page (and default locale) if a transactional test flushed them.

    Browser tests run transactionally; the flush after one empties every table, including the
    rows Wagtail's migrations created, and serialized rollback does not always restore them
    once the browser has run. The `network` fixture needs the root page to build its tree.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is not None:
        return
    from django.contrib.contenttypes.models import ContentType

    # The flush recreated content types under new ids; the per-process cache still has the old.
    ContentType.objects.clear_cache()
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
