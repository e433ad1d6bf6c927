"""The admin screens: upload form, ingest log and applying a waiting update, with access checks."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import GroupPagePermission

from masthead.accounts.models import User
from masthead.ingest.models import IngestedItem, IngestLogEntry
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db

PASTED = """Home | News | Sport | Weather
Sign in
Council approves the harbour bridge plan
By Ayla Demir
1 March 2016 10:20 GMT
LEEDS - The city council approved the harbour bridge plan on Monday after a long debate.
The vote was close and the opposition said it would keep fighting the plan in court.
Join the conversation"""


@pytest.fixture
def editor(section):
    """A newsroom editor: admin access, the ingest permissions and page rights on the section."""
    group = Group.objects.create(name="Wire desk")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="ingest"),
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=section, permission=Permission.objects.get(codename=codename)
        )
    user = User.objects.create_user(username="wire", email="wire@example.com", password="pw")
    user.groups.add(group)
    return user


@pytest.fixture
def outsider():
    user = User.objects.create_user(username="outsider", email="o@example.com", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_anonymous_visitors_are_sent_to_log_in(client, section):
    response = client.get(reverse("ingest:upload"))

    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_without_the_ingest_permission_are_refused(client, outsider, section):
    client.force_login(outsider)
    home = reverse("wagtailadmin_home")

    # Wagtail turns a refusal inside the admin into a redirect home with a message.
    for response in (
        client.get(reverse("ingest:upload")),
        client.post(reverse("ingest:upload"), {"section": section.pk, "text": PASTED}),
        client.get(reverse("ingest:log")),
        client.post(reverse("ingest:apply_update", args=[1])),
    ):
        assert (response.status_code, response["Location"]) == (302, home)
    assert ArticlePage.objects.count() == 0


def test_an_editor_pastes_a_page_and_gets_a_draft(client, editor, section):
    client.force_login(editor)

    response = client.post(reverse("ingest:upload"), {"section": section.pk, "text": PASTED})

    assert response.status_code == 200
    page = ArticlePage.objects.get()
    assert page.title == "Council approves the harbour bridge plan" and not page.live
    assert page.dateline == "Leeds"
    assert "Council approves the harbour bridge plan" in response.content.decode()
    assert IngestLogEntry.objects.get().user == editor


def test_an_uploaded_broken_file_is_reported_on_the_page_and_in_the_log(client, editor, section):
    client.force_login(editor)
    upload = SimpleUploadedFile(
        "wire.xml", b"<newsMessage xmlns='http://iptc.org/std/nar/2006-10-01/'>"
    )

    response = client.post(reverse("ingest:upload"), {"section": section.pk, "file": upload})
    log = client.get(reverse("ingest:log"), {"outcome": "failed"})

    assert "broken XML" in response.content.decode()
    assert "upload: wire.xml" in log.content.decode() and "broken XML" in log.content.decode()
    assert ArticlePage.objects.count() == 0


def test_the_form_needs_exactly_one_thing_to_import(client, editor, section):
    client.force_login(editor)

    response = client.post(reverse("ingest:upload"), {"section": section.pk})

    assert "Give one thing to import" in response.content.decode()


def test_sections_the_editor_cannot_add_to_are_not_offered(client, editor, network):
    client.force_login(editor)

    response = client.post(
        reverse("ingest:upload"), {"section": network["football"].pk, "text": PASTED}
    )

    assert "Select a valid choice" in response.content.decode()
    assert ArticlePage.objects.count() == 0


def test_an_editor_applies_a_waiting_update_from_the_log(client, editor, section):
    client.force_login(editor)
    client.post(reverse("ingest:upload"), {"section": section.pk, "text": PASTED})
    f.publish(ArticlePage.objects.get())
    client.post(
        reverse("ingest:upload"),
        {"section": section.pk, "text": PASTED.replace("long debate", "short debate")},
    )
    item = IngestedItem.objects.get()
    assert item.status == IngestedItem.Status.UPDATE_AVAILABLE
    assert "Apply as a draft revision" in client.get(reverse("ingest:log")).content.decode()

    response = client.post(reverse("ingest:apply_update", args=[item.pk]))

    assert response.status_code == 302
    page = ArticlePage.objects.get()
    assert "long debate" in str(page.body[0].value)
    assert "short debate" in str(page.get_latest_revision_as_object().body[0].value)


def test_the_menu_shows_ingest_only_to_those_allowed(client, editor, outsider):
    client.force_login(editor)
    assert reverse("ingest:upload") in client.get("/admin/").content.decode()
    client.force_login(outsider)
    assert reverse("ingest:upload") not in client.get("/admin/").content.decode()
