"""Staff are accounts too: the admin signs in through allauth, and 2FA can be required."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission

from masthead.accounts.tests.factories import PASSWORD, authenticator_code, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(network):
    group = Group.objects.create(name="Reporters")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = make_member("cub.reporter")
    user.groups.add(group)
    return user


def test_the_admin_sends_visitors_to_the_rate_limited_allauth_sign_in(client, network):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")


def test_wagtails_own_sign_in_form_is_replaced(client, network):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 302


def test_the_admin_login_redirect_refuses_foreign_next_urls(client, network):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_a_reporter_signs_in_through_allauth_and_reaches_the_admin(client, reporter):
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": reporter.email, "password": PASSWORD}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, reporter, settings):
    settings.MASTHEAD_STAFF_REQUIRE_2FA = True
    client.force_login(reporter)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    # Their reader pages are unaffected.
    assert client.get("/accounts/profile/").status_code == 200


def test_readers_are_not_asked_for_two_factor(client, network, settings):
    settings.MASTHEAD_STAFF_REQUIRE_2FA = True
    reader = make_member("plain.reader")
    client.force_login(reader)
    response = client.get("/admin/")
    # Wagtail itself turns the reader away; no 2FA set-up is demanded.
    assert "/2fa/" not in response.get("Location", "")


def test_staff_with_totp_sign_in_with_a_code_and_reach_the_admin(client, reporter, settings):
    settings.MASTHEAD_STAFF_REQUIRE_2FA = True
    secret = generate_totp_secret()
    TOTP.activate(reporter, secret)
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": reporter.email, "password": PASSWORD}
    )
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    done = client.post("/accounts/2fa/authenticate/", {"code": authenticator_code(secret)})
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_creating_an_account_in_wagtail_get_the_look_alike_rule(client, network):
    from masthead.accounts.models import User

    make_member("columnist")
    chief = User.objects.create_superuser("chief", "chief@example.test", "pw-chief-1")
    client.force_login(chief)
    response = client.post(
        "/admin/users/new/",
        {
            "username": "c0lumnist",
            "email": "other@example.test",
            "first_name": "Col",
            "last_name": "Umnist",
            "password1": "a-long-pass-phrase-1",
            "password2": "a-long-pass-phrase-1",
        },
    )
    assert response.status_code == 200
    assert "looks too much like" in response.content.decode()
    assert not User.objects.filter(email="other@example.test").exists()


def test_a_superuser_from_the_command_line_can_sign_in_at_once(client, network):
    from django.core.management import call_command

    call_command("createsuperuser", username="ops", email="ops@example.test", interactive=False)
    from masthead.accounts.models import User

    ops = User.objects.get(username="ops")
    ops.set_password(PASSWORD)
    ops.save()
    response = client.post("/accounts/login/", {"login": "ops@example.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
