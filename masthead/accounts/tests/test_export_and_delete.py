"""Download my data, delete my account, and who may do either."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from masthead.accounts import hooks, services
from masthead.accounts.models import User
from masthead.accounts.selectors import username_availability
from masthead.accounts.tests.factories import make_member, reauthenticate, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(network):
    user = make_member("leaver", display_name="Lea Ver", bio="Bye")
    SocialAccount.objects.create(
        user=user, provider="facebook", uid="10158", extra_data={"name": "Lea Ver"}
    )
    return user


def test_export_is_a_json_download_of_everything_held(client, member):
    hooks.register_personal_data("test-notes", lambda user: [f"note by {user.username}"])
    client.force_login(member)
    try:
        response = client.get("/accounts/data/", follow=True)
    finally:
        hooks.unregister("test-notes")
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(b"".join(response.streaming_content))
    assert data["account"]["username"] == "leaver"
    assert data["account"]["display_name"] == "Lea Ver"
    assert data["email_addresses"] == [
        {"email": "leaver@example.test", "verified": True, "primary": True}
    ]
    assert data["connected_accounts"][0]["provider"] == "facebook"
    assert data["notification_preferences"]["comment_replies"] is True
    assert data["test-notes"] == ["note by leaver"]
    assert "password" not in json.dumps(data["account"]).replace("has_password", "")


def test_export_needs_a_signed_in_reader(client, network):
    response = client.get("/accounts/data/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_delete_page_states_both_choices_before_confirming(client, member):
    sign_in(client, member)
    reauthenticate(client)
    html = client.get("/accounts/delete/").content.decode()
    assert "Remove everything I published" in html
    assert "Keep what I published" in html
    assert "cannot be undone" in html


def test_deleting_asks_for_the_password_again(client, member):
    sign_in(client, member)
    for response in (
        client.get("/accounts/delete/"),
        client.post("/accounts/delete/", {"content": "remove", "confirm": "on"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/reauthenticate/")
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_without_the_confirmation_tick_keeps_the_account(client, member):
    sign_in(client, member)
    reauthenticate(client)
    response = client.post("/accounts/delete/", {"content": "remove"})
    assert response.status_code == 200
    assert User.objects.filter(pk=member.pk).exists()


@pytest.mark.parametrize(("choice", "keep"), [("remove", False), ("anonymise", True)])
def test_delete_erases_personal_data_and_passes_the_choice_to_content_owners(
    client, member, choice, keep, django_capture_on_commit_callbacks
):
    calls = []
    hooks.register_eraser("test-content", lambda user, keep_content: calls.append(keep_content))
    sign_in(client, member)
    reauthenticate(client)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/accounts/delete/", {"content": choice, "confirm": "on"})
    finally:
        hooks.unregister("test-content")
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert calls == [keep]
    assert not User.objects.filter(pk=member.pk).exists()
    assert not EmailAddress.objects.filter(email="leaver@example.test").exists()
    assert not SocialAccount.objects.filter(uid="10158").exists()
    assert "_auth_user_id" not in client.session
    assert client.get("/u/leaver/").status_code == 404


def test_a_deleted_username_stays_retired(member):
    services.account_delete(actor=member, user=member, keep_content=False)
    verdict = username_availability(username="Leaver")
    assert not verdict.available
    assert "closed account" in verdict.message


def test_nobody_may_delete_or_edit_someone_elses_account(member):
    stranger = make_member("stranger")
    with pytest.raises(services.AccountPermissionError):
        services.account_delete(actor=stranger, user=member, keep_content=False)
    with pytest.raises(services.AccountPermissionError):
        services.profile_update(
            actor=stranger,
            user=member,
            display_name="Hijacked",
            bio="",
            notify_comment_replies=False,
            notify_contribution_decisions=False,
            notify_newsletter=False,
        )
    member.refresh_from_db()
    assert member.display_name == "Lea Ver"


def test_deleting_in_the_wagtail_admin_runs_the_erasers_and_retires_the_name(client, member):
    calls = []
    hooks.register_eraser("test-content", lambda user, keep_content: calls.append(keep_content))
    chief = User.objects.create_superuser("chief", "chief@example.test", "pw-chief-1")
    client.force_login(chief)
    try:
        response = client.post(f"/admin/users/delete/{member.pk}/")
    finally:
        hooks.unregister("test-content")
    assert response.status_code == 302
    assert calls == [True]
    assert not User.objects.filter(pk=member.pk).exists()
    assert username_availability(username="leaver").code == "taken"


def test_even_a_queryset_delete_retires_the_name(member):
    User.objects.filter(pk=member.pk).delete()
    assert "closed account" in username_availability(username="LEAVER").message
