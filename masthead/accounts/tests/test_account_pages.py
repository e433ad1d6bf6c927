"""allauth's management pages inside our frame, sign-in across sister sites, trigger upkeep."""

import pytest
from django.db import connection

from masthead.accounts.db import (
    POSTGRES_DROP,
    SQLITE_DROP,
    ensure_username_is_permanent,
    has_username_trigger,
)
from masthead.accounts.tests.factories import PASSWORD, make_member, sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/accounts/profile/", "Account settings"),
        ("/accounts/email/", "Email Addresses"),
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/3rdparty/", "Account Connections"),
        ("/accounts/2fa/", "Two-Factor Authentication"),
    ],
)
def test_account_pages_render_in_the_sites_frame_and_are_never_cached(client, network, path, text):
    member = make_member("pages")
    client.force_login(member)
    response = client.get(path, HTTP_HOST="money.localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert text in html
    assert "Test Money" in html
    assert "public" not in response.get("Cache-Control", "")
    assert response.get("X-Cache") is None


def test_account_pages_need_a_signed_in_reader(client, network):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_settings_saves_display_name_bio_and_notification_preferences(client, network):
    member = make_member("prefs")
    client.force_login(member)
    response = client.post(
        "/accounts/profile/",
        {
            "display_name": "  Pref   Erences ",
            "bio": "Line one\r\nLine two",
            "notify_newsletter": "on",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Pref Erences"
    assert member.bio == "Line one\nLine two"
    assert (member.notify_newsletter, member.notify_comment_replies) == (True, False)


def test_a_bio_over_the_limit_is_refused_and_nothing_is_lost(client, network):
    member = make_member("wordy")
    client.force_login(member)
    response = client.post("/accounts/profile/", {"display_name": "Wordy", "bio": "x" * 501})
    assert response.status_code == 200
    assert "at most 500 characters" in response.content.decode()
    assert "x" * 501 in response.content.decode()  # the reader's text is still in the form
    member.refresh_from_db()
    assert member.bio == ""


def test_signing_in_sets_the_session_cookie_for_the_parent_domain(client, network, settings):
    settings.SESSION_COOKIE_DOMAIN = ".localhost"
    member = make_member("roamer")
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": PASSWORD}, HTTP_HOST="localhost"
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["domain"] == ".localhost"


def test_one_session_is_signed_in_on_every_sister_site(client, network):
    member = make_member("sister")
    sign_in(client, member)
    for host in ("localhost", "money.localhost", "sport.localhost"):
        html = client.get("/fragments/account/", HTTP_HOST=host).content.decode()
        assert 'href="/u/sister/"' in html


def test_a_lost_trigger_is_put_back_after_migrate():
    # SQLite drops triggers whenever a later migration rebuilds the table.
    with connection.cursor() as cursor:
        for statement in [SQLITE_DROP] if connection.vendor == "sqlite" else POSTGRES_DROP:
            cursor.execute(statement)
    assert not has_username_trigger(connection)
    ensure_username_is_permanent(connection)
    assert has_username_trigger(connection)


def test_the_accounts_app_config_is_the_one_that_connects_signals():
    from django.apps import apps

    from masthead.accounts.apps import AccountsConfig

    assert isinstance(apps.get_app_config("accounts"), AccountsConfig)
