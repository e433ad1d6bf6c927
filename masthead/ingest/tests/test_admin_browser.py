"""An editor on the wire desk pastes a web page into the admin's import form in Chromium and
finds the draft, and the failed upload's reason, where the screens say they are."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from conftest import CHROMIUM
from django.conf import settings
from django.test import Client

from masthead.ingest.tests.test_admin import PASTED
from masthead.newsroom.models import ArticlePage

# Playwright's sync API runs an event loop in the test thread; the ORM calls around it are
# synchronous, so Django's async-safety guard stands aside (as in tests/e2e).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


@pytest.fixture
def tab() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_pastes_a_page_and_finds_the_draft_and_the_log(
    tab, live_server, network, tmp_path
):
    from playwright.sync_api import expect

    from masthead.accounts.models import User

    editor = User.objects.create_superuser(
        username="wiredesk", email="wire@example.test", password="pw-wire-desk-1"
    )
    # Signing in is the accounts app's journey (tests/e2e); here the editor arrives signed in.
    client = Client()
    client.force_login(editor)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    tab.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    tab.goto(f"{live_server.url}/admin/")

    tab.get_by_role("link", name="Import stories").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Import stories")
    tab.get_by_label("Section").select_option(label="Test News › World")
    tab.get_by_label("Or paste the article").fill(PASTED)
    tab.get_by_role("button", name="Import").click()

    expect(tab.get_by_role("link", name="Council approves the harbour bridge plan")).to_be_visible()
    page = ArticlePage.objects.get()
    assert not page.live and page.dateline == "Leeds"

    broken = tmp_path / "wire.json"
    broken.write_text("{not json")
    tab.get_by_label("Section").select_option(label="Test News › World")
    tab.get_by_label("File").set_input_files(str(broken))
    tab.get_by_role("button", name="Import").click()
    expect(tab.get_by_role("cell", name=re.compile("not valid JSON"))).to_be_visible()

    tab.get_by_role("link", name="Ingest log", exact=True).click()
    expect(tab.get_by_role("cell", name="upload: wire.json")).to_be_visible()
    expect(tab.get_by_role("cell", name="Failed")).to_be_visible()
    expect(tab.get_by_role("link", name="Council approves the harbour bridge plan")).to_be_visible()
