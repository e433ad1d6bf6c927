"""Suspensions: staff suspend or ban a member, the member cannot post, and the record stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.utils import timezone

from masthead.accounts import services
from masthead.accounts.models import Suspension
from masthead.accounts.selectors import suspension_active_for
from masthead.accounts.tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    user = make_member("deskeditor")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="accounts",
            codename__in=["add_suspension", "change_suspension"],
        )
    )
    return type(user).objects.get(pk=user.pk)  # fresh: permissions are cached per instance


def test_a_suspended_member_may_not_post_and_is_told_until_when_and_why(moderator):
    member = make_member("loudreader")
    services.access_member_can_post(user=member)  # allowed before
    ends = timezone.now() + timedelta(days=3)
    services.suspension_create(actor=moderator, user=member, reason="Abuse", ends_at=ends)
    with pytest.raises(services.AccountSuspendedError) as refused:
        services.access_member_can_post(user=member)
    assert "Reason: Abuse" in refused.value.message
    assert "until" in refused.value.message


def test_a_ban_lasts_until_lifted_and_the_record_stays(moderator):
    member = make_member("spammer")
    ban = services.suspension_create(actor=moderator, user=member, reason="Spam", ends_at=None)
    assert ban.is_ban
    with pytest.raises(services.AccountSuspendedError, match="until an editor lifts it"):
        services.access_member_can_post(user=member)
    services.suspension_lift(actor=moderator, suspension=ban)
    services.access_member_can_post(user=member)
    ban.refresh_from_db()
    assert ban.lifted_by == moderator and ban.created_by == moderator


def test_an_ended_suspension_no_longer_applies(moderator):
    member = make_member("wasquiet")
    past = timezone.now() - timedelta(days=10)
    services.suspension_create(
        actor=moderator, user=member, reason="Old", starts_at=past, ends_at=past + timedelta(days=1)
    )
    assert suspension_active_for(user=member) is None
    services.access_member_can_post(user=member)


def test_only_staff_with_the_permission_suspend_and_nobody_suspends_themselves(moderator):
    reader = make_member("ordinary")
    target = make_member("target")
    with pytest.raises(services.AccountPermissionError):
        services.suspension_create(actor=reader, user=target, reason="x", ends_at=None)
    with pytest.raises(services.AccountPermissionError, match="your own"):
        services.suspension_create(actor=moderator, user=moderator, reason="x", ends_at=None)
    assert not Suspension.objects.exists()


def test_anonymous_visitors_may_not_post():
    with pytest.raises(services.AccountPermissionError, match="Sign in"):
        services.access_member_can_post(user=AnonymousUser())


def test_an_editor_suspends_a_member_in_the_admin(client, moderator):
    moderator.is_staff = True
    moderator.save()
    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    member = make_member("troll")
    client.force_login(moderator)
    response = client.post(
        "/admin/suspensions/new/",
        {"user": member.pk, "ends_at": "", "reason": "Repeated abuse"},
    )
    assert response.status_code == 302, response.content[:2000]
    suspension = Suspension.objects.get(user=member)
    assert suspension.created_by == moderator and suspension.is_ban
    response = client.post(f"/admin/suspensions/edit/{suspension.pk}/", {"lift": "on"})
    assert response.status_code == 302
    suspension.refresh_from_db()
    assert suspension.lifted_by == moderator
