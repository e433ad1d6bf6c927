"""An editor corrects a published story in the Wagtail admin, with a note for readers; a reader
who had the story and the corrections record in the shared page cache sees the note on both."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from masthead.newsroom.models import StoryNote
from masthead.newsroom.tests import factories as f
from tests.e2e.journeys import sign_in

EDITOR_EMAIL = "standards.editor@example.test"
CORRECTION = "An earlier version said the quay reopened on Sunday. It reopened on Monday."


@pytest.fixture
def standards_editor(db):
    from masthead.accounts.tests.factories import PASSWORD, make_member

    return make_member("standards", email=EDITOR_EMAIL, is_staff=True, is_superuser=True), PASSWORD


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_adds_a_correction_and_a_reader_sees_it(
    browser, page, site_url, live_network, standards_editor
):
    story = f.make_article(live_network["world"], title="Harbour quay reopens")
    story_url = site_url("localhost", "/news/world/harbour-quay-reopens/")
    record_url = site_url("localhost", "/corrections/")
    reader = browser.new_context().new_page()
    reader.goto(story_url)
    expect(reader.get_by_role("heading", level=1)).to_have_text("Harbour quay reopens")
    expect(reader.get_by_role("heading", name="Correction")).to_have_count(0)
    reader.goto(record_url)
    expect(reader.get_by_text("has needed a correction or an update yet")).to_be_visible()
    assert reader.request.get(record_url).headers.get("x-cache") == "HIT"

    _, password = standards_editor
    sign_in(page, site_url("localhost", "/admin/"), EDITOR_EMAIL, password)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(site_url("localhost", f"/admin/pages/{story.pk}/edit/"))
    # The editor's scripts wire the "Add note" button once the page has loaded.
    page.wait_for_load_state("networkidle")
    notes = page.get_by_role("region", name=re.compile("Corrections and updates", re.I))
    notes.get_by_role("button", name=re.compile(r"^Add note", re.I)).click()
    # By accessible name ("Kind*": Wagtail marks required fields).
    kind = notes.get_by_role("combobox", name=re.compile(r"^Kind", re.I))
    expect(kind).to_be_visible(timeout=30_000)
    kind.select_option(label="Correction")
    notes.get_by_role("textbox", name=re.compile(r"^Text", re.I)).fill(CORRECTION)
    page.get_by_role("button", name=re.compile(r"more actions", re.I)).click()
    page.get_by_role("button", name=re.compile(r"^Publish", re.I)).click()
    expect(page.get_by_role("status")).to_contain_text(
        "Page 'Harbour quay reopens' has been published."
    )
    assert StoryNote.objects.filter(page_id=story.pk, kind="correction").count() == 1

    reader.goto(story_url)
    note = reader.get_by_role("region", name="Correction")
    expect(note).to_contain_text(CORRECTION)
    reader.get_by_role("link", name=re.compile(r"^Corrected")).click()
    expect(reader).to_have_url(re.compile(r"#corrections$"))

    reader.goto(record_url)
    link = reader.get_by_role("link", name="Harbour quay reopens")
    expect(link).to_be_visible()
    expect(reader.get_by_text(CORRECTION)).to_be_visible()
    link.click()
    expect(reader).to_have_url(re.compile(r"/news/world/harbour-quay-reopens/#note-\d+$"))
    reader.context.close()
