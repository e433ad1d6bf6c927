# ruff: noqa: RUF003 - the comments spell out look-alike characters
"""A new reader, in a real browser: sign up, verify, pick a username, find the profile on all
three sites, fail to change the username, download the data and delete the account."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from masthead.accounts.models import User
from masthead.accounts.tests.factories import ensure_wagtail_root, make_member
from tests.e2e.journeys import goto_past_hop, open_on_sister_site

PASSWORD = "a-long-and-unusual-pass-phrase"


def _fill_sign_up(page, *, email: str, username: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)", exact=True).fill(PASSWORD)


@pytest.fixture
def wagtail_root(db):
    # Listed before `network` in the tests: an earlier browser test's flush removed the root.
    ensure_wagtail_root()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_new_reader_signs_up_verifies_finds_profile_everywhere_exports_and_deletes(
    page, wagtail_root, live_network, site_url
):
    make_member("harbour")

    # Create profile from the network bar of a cached front page.
    page.goto(site_url("localhost", "/"))
    page.get_by_role("link", name="Create profile").click()
    expect(page.get_by_role("heading", name="Create profile")).to_be_visible()
    expect(page.get_by_text("cannot be edited later")).to_be_visible()

    # The availability check answers while the reader types.
    username = page.get_by_role("textbox", name="Username")
    username.fill("Harbour")
    expect(page.get_by_text("looks too much like the existing username “harbour”")).to_be_visible()

    # Taken (other capitals) and look-alike (Cyrillic а, zero for o) are refused on submit.
    for attempt in ("HARBOUR", "h\u0430rb0ur"):
        _fill_sign_up(page, email="quill@example.test", username=attempt)
        page.get_by_role("button", name="Create profile").click()
        expect(page.get_by_role("alert")).to_contain_text("looks too much like")
    assert not User.objects.filter(email="quill@example.test").exists()

    _fill_sign_up(page, email="quill@example.test", username="Quill.Writes")
    expect(page.get_by_text("“Quill.Writes” is available.")).to_be_visible()
    page.get_by_role("button", name="Create profile").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    # Open the verification link from the mail that the task queue sent (its address is the
    # Site's, never the request's Host: live_network puts the sites on the live server's port).
    assert [m.to for m in mail.outbox] == [["quill@example.test"]]
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".account-slot")).to_contain_text("Quill.Writes")

    # The same profile on all three sites, each in its own frame.
    for host, site_name in [
        ("localhost", "Test News"),
        ("money.localhost", "Test Money"),
        ("sport.localhost", "Test Sport"),
    ]:
        if host == "localhost":
            page.goto(site_url(host, "/u/Quill.Writes/"))
        else:
            # The session's first page on a sister site hops to the home and back (decision
            # 0105): wait for it, or the next page's navigation is the one it aborts (CI).
            open_on_sister_site(page, site_url(host, "/u/Quill.Writes/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Quill.Writes")
        expect(page.get_by_role("link", name=site_name).first).to_be_visible()
        expect(page).to_have_title(re.compile(site_name))
    page.goto(site_url("localhost", "/u/nobody-by-that-name/"))
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()

    # Settings: a display name can change, the username cannot (no field anywhere).
    page.goto(site_url("localhost", "/"))
    page.locator(".account-slot").get_by_role("link", name="Account settings").click()
    expect(page.get_by_text("is permanent")).to_be_visible()
    expect(page.get_by_role("textbox", name="Username")).to_have_count(0)
    page.get_by_label("Display name").fill("Quill Writes")
    page.get_by_role("button", name="Save profile").click()
    # Saved before leaving: a goto straight after the click may cut the form's post off.
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    goto_past_hop(page, site_url("sport.localhost", "/u/Quill.Writes/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Quill Writes")
    assert User.objects.get(email="quill@example.test").username == "Quill.Writes"

    # Download my data.
    page.goto(site_url("localhost", "/accounts/profile/"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    exported = json.loads(download_info.value.path().read_text())
    assert exported["account"]["username"] == "Quill.Writes"
    assert exported["email_addresses"][0]["email"] == "quill@example.test"

    # Delete my account: the password again, the choice stated, then confirm.
    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Keep what I published")).to_be_visible()
    page.get_by_label("Remove everything I published").check()
    page.get_by_label("I understand that my account is deleted for good").check()
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_role("heading", name="Your account is deleted")).to_be_visible()
    assert not User.objects.filter(email="quill@example.test").exists()

    response = page.goto(site_url("money.localhost", "/u/Quill.Writes/"))
    assert response.status == 404
    expect(page.locator(".account-slot")).to_contain_text("Sign in")
