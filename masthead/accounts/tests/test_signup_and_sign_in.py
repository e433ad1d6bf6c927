# ruff: noqa: RUF001, RUF003 - look-alike characters and typographic dashes are the subject here
"""E-mail sign-up with mandatory verification, sign-in, reset, enumeration and rate limits."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from masthead.accounts.models import User
from masthead.accounts.tests.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db


def _sign_up(client, *, email="new@example.test", username="newreader"):
    return client.post(
        "/accounts/signup/",
        {"email": email, "username": username, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_up_form_states_the_username_rules_before_typing(client, network):
    page = client.get("/accounts/signup/").content.decode()
    assert "cannot be edited later" in page
    assert "3–30 characters" in page
    assert 'data-availability-url="/accounts/username-available/"' in page


def test_sign_up_sends_the_verification_mail_from_the_task_queue_after_commit(
    client, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _sign_up(client)
    assert response.status_code == 302
    assert mail.outbox == []  # nothing is sent while the reader waits on the request
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.test"]
    user = User.objects.get(email="new@example.test")
    assert user.username_canonical == "newreader"
    assert not EmailAddress.objects.get(user=user).verified


def test_verification_link_verifies_and_signs_in(
    client, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client)
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.test").verified
    assert client.get("/fragments/account/").context["user"].username == "newreader"


def test_sign_in_is_refused_until_the_address_is_verified(client, network):
    user = User.objects.create_user("unverified", "unverified@example.test", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post(
        "/accounts/login/", {"login": "unverified@example.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_a_taken_username_is_refused_with_a_clear_message(client, network):
    make_member("Kestrel")
    response = _sign_up(client, username="kestrel")
    assert response.status_code == 200
    assert "looks too much like the existing username" in response.content.decode()
    assert not User.objects.filter(email="new@example.test").exists()


def test_a_look_alike_username_is_refused_with_a_clear_message(client, network):
    make_member("harbour")
    response = _sign_up(client, username="h\u0430rb0ur")  # Cyrillic а and a zero
    assert "looks too much like the existing username “harbour”" in response.content.decode()


def test_signing_up_with_a_registered_address_reveals_nothing(
    client, network, django_capture_on_commit_callbacks
):
    make_member("owner", email="owner@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client, email="owner@example.test", username="intruder")
    # Same answer as a fresh sign-up; the owner is told by mail instead.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not User.objects.filter(username="intruder").exists()
    assert mail.outbox[0].to == ["owner@example.test"]


def test_password_reset_answers_the_same_for_unknown_addresses(
    client, network, django_capture_on_commit_callbacks
):
    make_member("known", email="known@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/accounts/password/reset/", {"email": "known@example.test"})
        unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox if "known@" in m.to[0]] == [["known@example.test"]]


def test_wrong_passwords_are_rate_limited_even_against_the_right_one(client, network):
    make_member("target", email="target@example.test")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "target@example.test", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"login": "target@example.test", "password": PASSWORD}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_and_sign_out(client, network):
    make_member("regular", email="regular@example.test")
    response = client.post(
        "/accounts/login/", {"login": "regular@example.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session
