"""A staff account with an authenticator app cannot reach the admin with its password alone, by
any route (issue #13: Django's bare LoginView at /_util/login/ let it straight in).

Every route of the URL configuration whose page shows a password field is found first (with
Django's test client, the fast way); then the browser, as an attacker who knows the password,
fills and sends each of those forms, the sign-in-only story's "sign in to read" redirect and
the admin's own sign-in, and tries /admin/ after each: it always ends at a sign-in or
second-factor page. With the code from the authenticator app, the admin opens (the control)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import expect
from wagtail.models import PageViewRestriction

from masthead.accounts.tests.factories import PASSWORD, make_member
from masthead.newsroom.tests import factories as f
from tests.security.test_one_sign_in_door import _concrete, every_route

EDITOR_EMAIL = "night.desk@example.test"
IDENTIFIER = re.compile(r"e-?mail|username|login", re.I)


def _routes_with_a_password_field() -> list[str]:
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    found = []
    for route in every_route():
        path = _concrete(route)
        response = client.get(path)
        if response.status_code == 200 and 'type="password"' in response.content.decode(
            errors="replace"
        ):
            found.append(path)
    return found


def _fill_and_send(page) -> None:
    for field in page.locator("input:visible").all():
        kind = (field.get_attribute("type") or "text").lower()
        name = " ".join(
            filter(None, [field.get_attribute("name"), field.get_attribute("autocomplete")])
        )
        if kind == "password":
            field.fill(PASSWORD)
        elif kind in ("email", "text") and IDENTIFIER.search(name):
            field.fill(EDITOR_EMAIL)
    page.locator("input[type=password]:visible").first.press("Enter")
    page.wait_for_load_state()


def _admin_refused(page, site_url) -> None:
    page.goto(site_url("localhost", "/admin/"))
    expect(page).to_have_url(re.compile(r"/accounts/(login|2fa/authenticate)/"))
    expect(page.get_by_role("heading", name=re.compile("Welcome to", re.I))).to_have_count(0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_staff_password_alone_never_opens_the_admin(page, site_url, live_network):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from masthead.accounts.tests.factories import authenticator_code

    editor = make_member("night.desk", email=EDITOR_EMAIL, is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    members = f.make_section(live_network["news_section"], "Members")
    story = f.make_article(members, title="Inside the newsroom")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)

    doors = _routes_with_a_password_field()
    assert "/accounts/login/" in doors  # the walk finds the real door
    assert "/_util/login/" not in doors
    doors += ["/admin/login/?next=/admin/", "/admin/", story.url]

    for door in doors:
        page.context.clear_cookies()
        page.goto(door if door.startswith("http") else site_url("localhost", door))
        if page.locator("input[type=password]:visible").count():
            _fill_and_send(page)
        _admin_refused(page, site_url)

    # The control: password and the authenticator's code open the admin.
    page.context.clear_cookies()
    page.goto(site_url("localhost", "/admin/"))
    _fill_and_send(page)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.get_by_label(re.compile("code", re.I)).fill(authenticator_code(secret))
    page.get_by_role("button", name=re.compile("sign in|confirm|verify", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
