"""Alert actions: who and when is recorded, reports wait, reviews need the permission,
expired alerts leave by themselves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from masthead.accounts.tests.factories import make_member
from masthead.traffic import selectors, services
from masthead.traffic.models import Alert
from masthead.traffic.tests.factories import make_alert


@pytest.fixture
def editor(db):
    user = make_member("trafficdesk")
    user.user_permissions.add(Permission.objects.get(codename="review_alert"))
    return type(user).objects.get(pk=user.pk)  # fresh permission cache


def test_newsroom_alert_is_published_at_once_with_who_and_when(world, editor):
    end = timezone.now() + timedelta(hours=3)
    alert = services.alert_issue(
        by=editor,
        road="<b>N2</b> outbound",
        place=world["cape_town"],
        kind="closure",
        severity="severe",
        expected_end=end,
        description="Closed <script>x</script>after the Airport exit",
    )
    assert alert.status == Alert.Status.PUBLISHED
    assert alert.source == Alert.Source.NEWSROOM
    assert alert.created_by == editor and alert.reviewed_by == editor
    assert alert.created_at and alert.reviewed_at
    assert alert.road == "N2 outbound"  # markup stripped: shown as text
    assert "<" not in alert.description
    assert selectors.alerts_for_place(place=world["cape_town"]) == [alert]


def test_end_before_start_is_refused(world, editor):
    with pytest.raises(services.TrafficError, match="after the start"):
        services.alert_issue(
            by=editor,
            road="N1",
            place=world["cape_town"],
            kind="crash",
            severity="minor",
            expected_end=timezone.now() - timedelta(minutes=1),
        )


def test_reader_report_waits_for_review_and_is_shown_once_approved(world, editor):
    reader = make_member("roadwatcher")
    alert = services.alert_report(
        reporter=reader, road="M3", place=world["cape_town"], kind="congestion"
    )
    assert alert.status == Alert.Status.PENDING and alert.source == Alert.Source.READER
    assert alert.reporter == reader
    assert selectors.alerts_for_place(place=world["cape_town"]) == []
    assert selectors.alerts_pending() == [alert]

    services.alert_approve(alert=alert, by=editor, note="confirmed by the traffic desk")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.PUBLISHED
    assert alert.reviewed_by == editor and alert.reviewed_at is not None
    assert selectors.alerts_for_place(place=world["cape_town"]) == [alert]


def test_rejected_report_is_never_shown_and_reviewing_needs_the_permission(world, editor):
    reader = make_member()
    alert = services.alert_report(
        reporter=reader, road="R44", place=world["stellenbosch"], kind="crash"
    )
    with pytest.raises(services.TrafficPermissionError):
        services.alert_approve(alert=alert, by=reader)
    services.alert_reject(alert=alert, by=editor, note="no such crash")
    alert.refresh_from_db()
    assert alert.status == Alert.Status.REJECTED and alert.reviewed_by == editor
    with pytest.raises(services.TrafficError, match="not pending"):
        services.alert_approve(alert=alert, by=editor)
    assert selectors.alerts_for_place(place=world["western_cape"]) == []


def test_suspended_reader_cannot_report(world):
    from masthead.accounts import services as account_services

    moderator = make_member("moderator", is_superuser=True)
    reader = make_member()
    account_services.suspension_create(
        actor=moderator, user=reader, reason="spam", ends_at=timezone.now() + timedelta(days=1)
    )
    with pytest.raises(PermissionDenied):
        services.alert_report(reporter=reader, road="N1", place=world["durban"], kind="crash")
    assert not Alert.objects.exists()


def test_expired_alerts_leave_by_themselves_and_the_command_marks_them(world):
    gone = make_alert(
        world["cape_town"],
        starts_at=timezone.now() - timedelta(hours=5),
        expected_end=timezone.now() - timedelta(minutes=1),
    )
    live = make_alert(world["cape_town"])
    past = {
        "starts_at": timezone.now() - timedelta(hours=5),
        "expected_end": timezone.now() - timedelta(minutes=1),
    }
    # Reader reports nobody reviewed before their end, and one still waiting.
    stale_report = make_alert(
        world["cape_town"], status=Alert.Status.PENDING, source=Alert.Source.READER, **past
    )
    waiting_report = make_alert(
        world["cape_town"], status=Alert.Status.PENDING, source=Alert.Source.READER
    )
    rejected = make_alert(world["cape_town"], status=Alert.Status.REJECTED, **past)
    assert selectors.alerts_for_place(place=world["cape_town"]) == [live]
    call_command("traffic_expire", verbosity=0)
    for alert in (gone, live, stale_report, waiting_report, rejected):
        alert.refresh_from_db()
    assert gone.status == Alert.Status.EXPIRED
    assert live.status == Alert.Status.PUBLISHED
    assert stale_report.status == Alert.Status.EXPIRED
    assert waiting_report.status == Alert.Status.PENDING
    assert rejected.status == Alert.Status.REJECTED  # a decision stays on the record
    assert Alert.objects.pending().get() == waiting_report


def test_traffic_page_covers_places_within_and_the_ribbon_places_that_contain(world):
    regional = make_alert(world["western_cape"], severity="severe", road="N1")
    local = make_alert(world["stellenbosch"], severity="severe", road="R44")
    make_alert(world["durban"], severity="severe", road="N3")
    moderate = make_alert(world["western_cape"], severity="moderate", road="N7")
    # The region's page lists alerts of every place in it, the most severe first.
    assert set(selectors.alerts_for_place(place=world["western_cape"])) == {
        regional,
        local,
        moderate,
    }
    assert selectors.alerts_for_place(place=world["western_cape"])[-1] == moderate
    # A reader in Cape Town sees the region's severe alert, not Stellenbosch's or Durban's.
    assert selectors.ribbon_alerts_for(place=world["cape_town"]) == [regional]
    assert set(selectors.ribbon_alerts_for(place=world["stellenbosch"])) == {regional, local}
    assert selectors.ribbon_alerts_for(place=world["durban"])[0].road == "N3"


def test_alert_not_yet_started_is_not_active(world):
    make_alert(
        world["cape_town"],
        starts_at=timezone.now() + timedelta(hours=1),
        expected_end=timezone.now() + timedelta(hours=3),
        severity="severe",
    )
    assert selectors.ribbon_alerts_for(place=world["cape_town"]) == []
