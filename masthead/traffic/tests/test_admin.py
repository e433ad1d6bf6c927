"""The admin goes through the services: posting records who and when; reviewing needs the
review permission."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from masthead.accounts.tests.factories import make_member, sign_in
from masthead.traffic.models import Alert
from masthead.traffic.tests.factories import make_alert


def _when(delta: timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%d %H:%M")


def _form(world, **extra) -> dict:
    return {
        "road": "N1",
        "place": world["western_cape"].pk,
        "kind": "closure",
        "severity": "severe",
        "description": "Both directions closed",
        "starts_at": _when(-timedelta(minutes=5)),
        "expected_end": _when(timedelta(hours=3)),
        **extra,
    }


@pytest.fixture
def superuser(db):
    return make_member("chiefeditor", is_staff=True, is_superuser=True)


def test_editor_posts_an_alert_in_the_admin(client, network, world, superuser):
    sign_in(client, superuser)
    assert client.get("/admin/traffic-alerts/new/").status_code == 200
    response = client.post("/admin/traffic-alerts/new/", _form(world))
    assert response.status_code == 302, response.content[:2000]
    alert = Alert.objects.get()
    assert alert.status == "published" and alert.source == "newsroom"
    assert alert.created_by == superuser and alert.reviewed_by == superuser
    listing = client.get("/admin/traffic-alerts/")
    assert b"N1" in listing.content


def test_editor_approves_a_reader_report_in_the_admin(client, network, world, superuser):
    reader = make_member()
    alert = make_alert(world["cape_town"], status="pending", source="reader", reporter=reader)
    sign_in(client, superuser)
    response = client.post(
        f"/admin/traffic-alerts/edit/{alert.pk}/",
        _form(world, place=world["cape_town"].pk, road=alert.road, decision="approve"),
    )
    assert response.status_code == 302, response.content[:2000]
    alert.refresh_from_db()
    assert alert.status == "published" and alert.reviewed_by == superuser
    assert alert.updated_by == superuser


def test_staff_without_the_review_permission_cannot_approve(client, network, world):
    staff = make_member("deskhand", is_staff=True)
    group = Group.objects.create(name="Traffic desk")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_alert"),
    )
    staff.groups.add(group)
    alert = make_alert(world["cape_town"], status="pending", source="reader")
    sign_in(client, staff)
    response = client.post(
        f"/admin/traffic-alerts/edit/{alert.pk}/",
        _form(world, place=world["cape_town"].pk, road=alert.road, decision="approve"),
    )
    assert response.status_code == 200
    assert b"may not review" in response.content
    alert.refresh_from_db()
    assert alert.status == "pending"
