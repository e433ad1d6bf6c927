"""The live desk in the admin: reporters post and change their own updates, editors anyone's,
staff of other sites and readers nothing; each action is one request, no page publish."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from masthead.newsroom import live_services as services
from masthead.newsroom.live_services import LiveUpdateFields
from masthead.newsroom.models import LiveUpdate


def rich_text(text: str) -> str:
    """What Wagtail's rich text editor submits: Draft.js content state."""
    block = {
        "key": "a1b2c",
        "type": "unstyled",
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


def desk_url(desk) -> str:
    return reverse("newsroom_live_desk:desk", args=[desk["blog"].pk])


def posted(desk, who: str, text: str = "<p>An update.</p>") -> LiveUpdate:
    return services.live_update_post(
        blog=desk["blog"], user=desk[who], fields=LiveUpdateFields(body=text)
    )


@pytest.mark.django_db
def test_a_reporter_posts_from_the_desk_without_publishing_the_page(client, desk):
    client.force_login(desk["reporter"])
    revisions = desk["blog"].revisions.count()

    response = client.post(
        desk_url(desk),
        {
            "new-headline": "Roads closed",
            "new-body": rich_text("The coast road is shut."),
            "new-key_event": "on",
        },
    )

    assert response.status_code == 302
    update = LiveUpdate.objects.get()
    assert (update.headline, update.key_event, update.author) == (
        "Roads closed",
        True,
        desk["reporter"],
    )
    assert "The coast road is shut." in str(update.body)
    assert desk["blog"].revisions.count() == revisions
    page = client.get(desk_url(desk)).content.decode()
    assert "Roads closed" in page


@pytest.mark.django_db
def test_an_empty_post_is_refused_with_the_reason_on_the_desk(client, desk):
    client.force_login(desk["reporter"])

    response = client.post(desk_url(desk), {"new-headline": "", "new-body": rich_text("")})

    assert response.status_code == 200
    assert "Write something" in response.content.decode()
    assert not LiveUpdate.objects.exists()


@pytest.mark.django_db
def test_the_desk_offers_change_buttons_only_for_what_the_account_may_change(
    client,
    desk,
):
    mine = posted(desk, "reporter")
    theirs = posted(desk, "other_reporter")
    client.force_login(desk["reporter"])

    html = client.get(desk_url(desk)).content.decode()

    assert reverse("newsroom_live_desk:edit", args=[mine.pk]) in html
    assert reverse("newsroom_live_desk:edit", args=[theirs.pk]) not in html


@pytest.mark.django_db
def test_a_reporter_may_not_delete_a_colleagues_update_but_an_editor_may(
    client,
    desk,
):
    theirs = posted(desk, "other_reporter")
    url = reverse("newsroom_live_desk:act", args=[theirs.pk, "delete"])

    # Wagtail's admin answers a refusal with a redirect to the dashboard and a message.
    client.force_login(desk["reporter"])
    assert client.post(url)["Location"] == reverse("wagtailadmin_home")
    theirs.refresh_from_db()
    assert theirs.deleted_at is None
    client.force_login(desk["editor"])
    assert client.post(url)["Location"].startswith(desk_url(desk))

    theirs.refresh_from_db()
    assert theirs.deleted_at is not None


@pytest.mark.django_db
def test_a_reporter_edits_pins_and_marks_their_own_update(client, desk):
    mine = posted(desk, "reporter")
    client.force_login(desk["reporter"])

    edited = client.post(
        reverse("newsroom_live_desk:edit", args=[mine.pk]),
        {"edit-headline": "", "edit-body": rich_text("Corrected text."), "edit-pinned": "on"},
    )
    keyed = client.post(reverse("newsroom_live_desk:act", args=[mine.pk, "key"]))

    assert edited.status_code == keyed.status_code == 302
    mine.refresh_from_db()
    assert "Corrected text." in str(mine.body)
    assert (mine.pinned, mine.key_event, mine.edited_at is not None) == (True, True, True)


@pytest.mark.django_db
def test_staff_of_another_site_get_no_desk_and_readers_are_sent_to_sign_in(
    client,
    desk,
    django_user_model,
):
    client.force_login(desk["sport_editor"])
    assert client.get(desk_url(desk))["Location"] == reverse("wagtailadmin_home")
    assert client.post(desk_url(desk), {"new-body": rich_text("x")}).status_code == 302

    reader = django_user_model.objects.create_user(username="plainreader", password="pw-x-1234")
    client.force_login(reader)
    assert client.get(desk_url(desk)).status_code == 302
    client.logout()
    assert client.post(desk_url(desk), {"new-body": rich_text("x")}).status_code == 302
    assert not LiveUpdate.objects.exists()


@pytest.mark.django_db
def test_the_page_editor_links_to_the_live_desk(client, desk):
    client.force_login(desk["reporter"])

    html = client.get(reverse("wagtailadmin_pages:edit", args=[desk["blog"].pk])).content.decode()

    assert desk_url(desk) in html
