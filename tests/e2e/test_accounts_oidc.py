"""OpenID Connect sign-in end to end: our site, the system Chromium, and a real provider
(panva/oidc-provider on Node.js) started on loopback for the test.

The provider is installed by the project itself: ``npm ci --prefix tests/oidc``. Without it
the test skips with that instruction, and fails under MASTHEAD_REQUIRE_SERVICES=1.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from conftest import REQUIRE_SERVICES
from masthead.accounts.config import social_providers
from masthead.accounts.models import User
from masthead.accounts.tests.factories import ensure_wagtail_root

OIDC_DIR = Path(__file__).resolve().parent.parent / "oidc"
PROVIDER_LABEL = "Loopback ID"


def _missing_provider() -> str | None:
    if shutil.which("node") is None:
        return "needs Node.js 20+ for the OpenID Connect provider"
    if not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        return "needs the test OpenID Connect provider: npm ci --prefix tests/oidc"
    return None


def _free_port() -> int:
    # Chosen by the OS: parallel test processes (and other runs on the machine) never pick the
    # same one, as they could when probing a fixed range.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def oidc_provider(live_server, settings) -> Iterator[str]:
    reason = _missing_provider()
    if reason:
        if REQUIRE_SERVICES:
            pytest.fail(f"MASTHEAD_REQUIRE_SERVICES=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    port = _free_port()
    live_port = urlparse(live_server.url).port
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_CLIENT_ID": "masthead-test",
        "OIDC_CLIENT_SECRET": "masthead-test-secret",
        "OIDC_REDIRECT_URI": f"http://localhost:{live_port}/accounts/oidc/loopback/login/callback/",
    }
    process = subprocess.Popen(
        ["node", str(OIDC_DIR / "provider.mjs")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if "listening" in line:
                break
            if process.poll() is not None:
                pytest.fail(f"the OpenID Connect provider did not start: {line}")
        else:
            pytest.fail("the OpenID Connect provider did not start within 20 s")
        issuer = f"http://127.0.0.1:{port}"
        settings.SOCIALACCOUNT_PROVIDERS = social_providers(
            {
                "OIDC_LOOPBACK_CLIENT_ID": "masthead-test",
                "OIDC_LOOPBACK_CLIENT_SECRET": "masthead-test-secret",
                "OIDC_LOOPBACK_SERVER_URL": issuer,
                "OIDC_LOOPBACK_LABEL": PROVIDER_LABEL,
            }
        )
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


def _sign_in_at_provider(page, login: str) -> None:
    """The provider's own screens: its sign-in form, then its consent step."""
    page.get_by_role("button", name=f"Sign in with {PROVIDER_LABEL}").click()
    login_box = page.get_by_placeholder("Enter any login")
    expect(login_box).to_be_visible()
    assert page.url.startswith("http://127.0.0.1:")
    login_box.fill(login)
    page.get_by_placeholder("and password").fill("any password works here")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


@pytest.fixture
def wagtail_root(db):
    # Listed before `network` in the tests: an earlier browser test's flush removed the root.
    ensure_wagtail_root()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_openid_connect_sign_in_create_profile_sign_out_and_back_to_the_same_account(
    page, wagtail_root, network, site_url, oidc_provider
):
    page.goto(site_url("localhost", "/accounts/login/"))
    _sign_in_at_provider(page, "oidc-reader-7")

    # First sign-in: the reader picks the permanent username on our "Create profile" form.
    expect(page.get_by_role("heading", name="Create profile")).to_be_visible()
    expect(page.get_by_text("cannot be edited later")).to_be_visible()
    page.get_by_role("textbox", name="Username").fill("Sky.Reader")
    page.get_by_role("button", name="Create profile").click()
    expect(page.locator(".account-slot")).to_contain_text("Sky.Reader")

    user = User.objects.get(username="Sky.Reader")
    account = user.socialaccount_set.get()
    assert (account.provider, account.uid) == ("loopback", "oidc-reader-7")
    assert user.emailaddress_set.get().email == "oidc-reader-7@oidc.test"

    page.locator(".account-slot").get_by_role("button", name="Sign out").click()
    expect(page.locator(".account-slot")).to_contain_text("Sign in")

    # Second sign-in: the provider still knows the reader (its own session and the grant),
    # so one click brings them straight back into the same account, with no new profile.
    page.goto(site_url("localhost", "/accounts/login/"))
    page.get_by_role("button", name=f"Sign in with {PROVIDER_LABEL}").click()
    expect(page).to_have_url(site_url("localhost", "/"))
    expect(page.locator(".account-slot")).to_contain_text("Sky.Reader")
    assert User.objects.count() == 1
    assert user.socialaccount_set.count() == 1
