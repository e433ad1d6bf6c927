"""The newsroom's editorial flow: scheduled publishing, reporter submits and editor publishes,
and each site's staff working on their own site only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Revision,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from masthead.newsroom.tests import factories as f
from masthead.newsroom.tests.admin_forms import (
    add_article_url,
    article_form,
    created_article,
    edit_url,
)

REPORTER_PERMISSIONS = ("add_page", "change_page")
EDITOR_PERMISSIONS = ("add_page", "change_page", "publish_page", "delete_page", "lock_page")


def newsroom_staff(home: Page, django_user_model) -> dict:
    """A site's reporters and editors as the demo sets them up, with the approval workflow."""
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    groups = {}
    for role, codenames in (("reporters", REPORTER_PERMISSIONS), ("editors", EDITOR_PERMISSIONS)):
        group = Group.objects.create(name=f"{home.title} {role}")
        group.permissions.add(admin_access)
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group,
                page=home,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        groups[role] = group
    task = GroupApprovalTask.objects.create(name=f"{home.title}: editor approval")
    task.groups.set([groups["editors"]])
    workflow = Workflow.objects.create(name=f"{home.title}: reporter submits, editor publishes")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=home)

    slug = home.slug.replace("-", "")
    reporter = django_user_model.objects.create_user(
        username=f"{slug}reporter", email=f"reporter@{slug}.test", password="unused-Pw-1"
    )
    editor = django_user_model.objects.create_user(
        username=f"{slug}editor", email=f"editor@{slug}.test", password="unused-Pw-1"
    )
    reporter.groups.add(groups["reporters"])
    editor.groups.add(groups["editors"])
    return {"reporter": reporter, "editor": editor}


@pytest.fixture
def news_staff(network, django_user_model):
    return newsroom_staff(network["news"], django_user_model)


@pytest.fixture
def money_staff(network, django_user_model):
    return newsroom_staff(network["money"], django_user_model)


# --- Scheduled publishing ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_story_scheduled_for_later_waits_and_then_appears_on_the_front_page(
    client, admin_client, network
):
    go_live = timezone.now() + timedelta(hours=2)
    response = admin_client.post(
        add_article_url(network["world"]), article_form("Embargoed report", go_live_at=go_live)
    )
    assert response.status_code == 302
    story = created_article("Embargoed report")
    assert not story.live
    revision = Revision.page_revisions.get(object_id=str(story.pk))
    assert revision.approved_go_live_at is not None
    assert "Embargoed report" not in client.get("/", HTTP_HOST="localhost").content.decode()

    call_command("publish_scheduled")
    story.refresh_from_db()
    assert not story.live, "published before its time"

    # Two hours pass: move the schedule (the approval and the revision's own go-live time)
    # into the past instead of waiting.
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    Page.objects.filter(pk=story.pk).update(go_live_at=past)
    call_command("publish_scheduled")

    story.refresh_from_db()
    assert story.live
    assert "Embargoed report" in client.get("/", HTTP_HOST="localhost").content.decode()
    assert client.get(story.url, HTTP_HOST="localhost").status_code == 200


@pytest.mark.django_db
def test_a_story_past_its_expiry_is_taken_down_by_the_scheduler(client, network):
    story = f.make_article(network["world"], title="Time-limited offer")
    Page.objects.filter(pk=story.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled")
    story.refresh_from_db()
    assert not story.live
    assert client.get(story.url, HTTP_HOST="localhost").status_code == 404


# --- Reporter submits, editor publishes ----------------------------------------------------


@pytest.mark.django_db
def test_a_reporter_submits_a_story_and_an_editor_publishes_it(client, network, news_staff):
    client.force_login(news_staff["reporter"])
    response = client.post(
        add_article_url(network["world"]), article_form("Council votes", action="submit")
    )
    assert response.status_code == 302
    story = created_article("Council votes")
    assert not story.live
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert story.permissions_for_user(news_staff["reporter"]).can_publish() is False

    client.force_login(news_staff["editor"])
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)

    story.refresh_from_db()
    state.refresh_from_db()
    assert story.live
    assert state.status == WorkflowState.STATUS_APPROVED
    client.logout()
    assert "Council votes" in client.get("/", HTTP_HOST="localhost").content.decode()


@pytest.mark.django_db
def test_a_reporter_cannot_publish_directly(client, network, news_staff):
    client.force_login(news_staff["reporter"])
    client.post(add_article_url(network["world"]), article_form("Straight to print"))
    story = created_article("Straight to print")
    assert not story.live
    assert Page.objects.filter(pk=story.pk, live=True).count() == 0


@pytest.mark.django_db
def test_a_reporter_cannot_approve_their_own_submission(client, network, news_staff):
    client.force_login(news_staff["reporter"])
    client.post(add_article_url(network["world"]), article_form("Self approval", action="submit"))
    story = created_article("Self approval")
    task_state = WorkflowState.objects.get(object_id=str(story.pk)).current_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    story.refresh_from_db()
    assert not story.live


# --- Each site's staff on their own site ---------------------------------------------------


@pytest.mark.django_db
def test_a_reporter_of_one_site_cannot_edit_another_sites_pages(
    client, network, news_staff, money_staff
):
    news_story = f.make_article(network["world"], title="Original headline")
    money_reporter = money_staff["reporter"]
    assert not news_story.permissions_for_user(money_reporter).can_edit()
    assert network["markets"].permissions_for_user(money_reporter).can_add_subpage()

    client.force_login(money_reporter)
    response = client.get(edit_url(news_story))
    assert response.status_code in (302, 403)
    form = article_form("Rewritten by the wrong desk", action="save")
    form["slug"] = news_story.slug
    client.post(edit_url(news_story), form)
    news_story.refresh_from_db()
    assert news_story.title == "Original headline"
    assert not Revision.page_revisions.filter(
        object_id=str(news_story.pk), user=money_reporter
    ).exists()

    client.post(add_article_url(network["world"]), article_form("Planted story"))
    assert not Page.objects.filter(title="Planted story").exists()


@pytest.mark.django_db
def test_a_reporter_can_edit_their_own_sites_pages(client, network, news_staff):
    news_story = f.make_article(network["world"], title="Before the edit")
    client.force_login(news_staff["reporter"])
    assert client.get(edit_url(news_story)).status_code == 200
    form = article_form("After the edit", action="save")
    form["slug"] = news_story.slug
    assert client.post(edit_url(news_story), form).status_code == 302
    news_story.refresh_from_db()
    assert news_story.get_latest_revision_as_object().title == "After the edit"
    assert news_story.title == "Before the edit", "a reporter's draft must not go live"


@pytest.mark.django_db
def test_an_editor_of_one_site_cannot_publish_on_another(network, news_staff, money_staff):
    money_story = f.make_article(network["markets"], title="Markets story")
    assert not money_story.permissions_for_user(news_staff["editor"]).can_publish()
    assert money_story.permissions_for_user(money_staff["editor"]).can_publish()


# --- The demo network's newsroom ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.thorough  # builds the demo network
def test_the_demo_gives_each_site_its_own_desks_and_workflow(client):
    from allauth.account.models import EmailAddress

    from masthead.newsroom.models import HomePage

    call_command("demo_network", articles=0, seed=1)

    homes = list(HomePage.objects.order_by("path"))
    assert len(homes) == 3
    for home in homes:
        workflow = home.get_workflow()
        approvers = {
            group.name for task in workflow.tasks.all() for group in task.specific.groups.all()
        }
        assert approvers == {f"{home.title} editors"}, home.title
        reporters = Group.objects.get(name=f"{home.title} reporters")
        assert GroupPagePermission.objects.filter(group=reporters, page=home).exists()
    # The printed sign-in works: allauth signs in by a verified e-mail address.
    editor_address = EmailAddress.objects.get(user__username="editor")
    assert editor_address.verified and editor_address.primary
