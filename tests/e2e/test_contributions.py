"""A new reader sends a story and pictures, in a real browser, and an editor decides.

199 words are refused with the reason, 200 are sent; the editor asks for changes, the reader
revises, the editor publishes; the story and the user gallery appear on the site and on the
profile with attribution, and the photos the public is served carry no GPS data.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from masthead.accounts.tests.factories import PASSWORD, ensure_wagtail_root, make_member
from masthead.contributions.tests import files

EDITOR_EMAIL = "night.editor@example.test"


def _words(n: int) -> str:
    return " ".join(f"river{i}" for i in range(n))


@pytest.fixture
def wagtail_root(db):
    ensure_wagtail_root()


def _sign_up(page, site_url) -> None:
    page.goto(site_url("localhost", "/accounts/signup/"))
    page.get_by_label("Email").fill("thandi@example.test")
    page.get_by_role("textbox", name="Username").fill("Thandi")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create profile").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".account-slot")).to_contain_text("Thandi")


def _editor_decides(editor, site_url, *, title: str, decision: str, note: str = "") -> None:
    editor.goto(site_url("localhost", "/admin/contributions/"))
    editor.get_by_role("link", name=title).first.click()
    expect(editor.get_by_role("heading", name="Preview: as it would appear")).to_be_visible()
    editor.get_by_label(decision).check()
    if note:
        editor.get_by_label(re.compile(r"^Note for the contributor")).fill(note)
    editor.get_by_role("button", name="Record decision").click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reader_story_and_pictures_from_refusal_to_publication(
    browser, page, wagtail_root, live_network, site_url, tmp_path
):
    make_member("nighteditor", email=EDITOR_EMAIL, is_staff=True, is_superuser=True)
    _sign_up(page, site_url)

    # From the footer of any page to the form; the invitation states the rule.
    page.goto(site_url("localhost", "/"))
    page.get_by_role("link", name="Send us your stories").click()
    expect(page.get_by_text("Contributions of 200 words or more")).to_be_visible()
    page.get_by_label("Headline").fill("The river burst its banks on Smith Street")
    page.get_by_label("Your story").fill(_words(199))
    expect(page.locator("#word-count")).to_contain_text("199 words; at least 200 needed")
    page.get_by_label("Where it happened").fill("Durban")
    page.get_by_label("The licence you grant us").select_option("non-exclusive")
    page.get_by_label(re.compile(r"^This is my own work")).check()
    page.get_by_role("button", name="Send to the newsroom").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Your story has 199 words; contributions must have at least 200."
    )
    # What the reader typed is still there; one more word and it goes.
    expect(page.get_by_label("Your story")).to_have_value(_words(199))
    page.get_by_label("Your story").fill(_words(200))
    expect(page.locator("#word-count")).to_contain_text("200 words: long enough to send")
    page.get_by_role("button", name="Send to the newsroom").click()
    expect(page.locator(".contrib-status__value")).to_have_text("Submitted")
    reference = page.locator(".contrib-facts dd").first.inner_text()
    assert re.fullmatch(r"MH-\d{4}-\d{6}", reference)

    # The pictures: a JPEG with GPS in its EXIF.
    photo = tmp_path / "storm.jpg"
    photo.write_bytes(files.jpeg_with_gps())
    page.goto(site_url("localhost", "/contribute/pictures/"))
    page.get_by_label("What the pictures show").fill("Storm over the harbour")
    page.get_by_label("Photo 1", exact=True).set_input_files(str(photo))
    page.get_by_label("Caption for photo 1").fill("Waves over the harbour wall")
    page.get_by_label("The licence you grant us").select_option("non-exclusive")
    page.get_by_label(re.compile(r"^I took these pictures myself")).check()
    page.get_by_role("button", name="Send to the newsroom").click()
    expect(page.locator(".contrib-status__value")).to_have_text("Submitted")

    # The editor asks for changes to the story.
    editor = browser.new_context().new_page()
    editor.goto(site_url("localhost", "/admin/"))
    editor.get_by_label(re.compile(r"^(e-?mail|username|email or username)", re.I)).first.fill(
        EDITOR_EMAIL
    )
    editor.get_by_label(re.compile(r"^password", re.I)).first.fill(PASSWORD)
    editor.get_by_role("button", name=re.compile(r"sign in|log in", re.I)).click()
    _editor_decides(
        editor,
        site_url,
        title="The river burst its banks on Smith Street",
        decision="Ask for changes",
        note="Please add when it happened.",
    )
    expect(editor.locator(".contrib-admin-status")).to_have_text("Changes requested")

    # The reader sees the note under My contributions and revises.
    page.goto(site_url("localhost", "/my-contributions/"))
    page.get_by_role("link", name=reference).click()
    expect(page.locator(".contrib-status__value")).to_have_text("Changes requested")
    expect(page.get_by_text("Please add when it happened.")).to_be_visible()
    page.get_by_role("link", name="Revise and send again").click()
    page.get_by_label("Your story").fill("On Tuesday night " + _words(200))
    page.get_by_role("button", name="Send to the newsroom").click()
    expect(page.locator(".contrib-status__value")).to_have_text("Submitted")

    # The editor publishes both.
    for title in ("The river burst its banks on Smith Street", "Storm over the harbour"):
        _editor_decides(editor, site_url, title=title, decision="Accept and publish now")
        expect(editor.locator(".contrib-admin-status")).to_have_text("Published")

    page.goto(site_url("localhost", "/my-contributions/"))
    page.get_by_role("link", name=reference).click()
    expect(page.locator(".contrib-status__value")).to_have_text("Published")

    # On the site: the community section, the story with its label and attribution.
    reader = browser.new_context().new_page()
    reader.goto(site_url("localhost", "/community/"))
    reader.get_by_role("link", name="The river burst its banks on Smith Street").first.click()
    expect(reader.get_by_text("Reader contribution", exact=True).first).to_be_visible()
    expect(reader.get_by_text("Not verified by the newsroom")).to_be_visible()
    reader.get_by_role("link", name="Thandi").first.click()
    expect(reader).to_have_url(re.compile(r"/u/Thandi/$"))
    expect(
        reader.get_by_role("link", name="The river burst its banks on Smith Street")
    ).to_be_visible()
    reader.get_by_role("link", name="Storm over the harbour").click()
    expect(reader.get_by_text("Waves over the harbour wall")).to_be_visible()
    expect(reader.get_by_text("Photo: Thandi")).to_be_visible()

    # The user gallery is listed under User Galleries too.
    reader.goto(site_url("localhost", "/community/user-galleries/"))
    expect(reader.get_by_role("link", name="Storm over the harbour").first).to_be_visible()

    # Every picture the public is served carries no GPS data (read the bytes served).
    reader.goto(site_url("localhost", "/community/user-galleries/"))
    reader.get_by_role("link", name="Storm over the harbour").first.click()
    sources = reader.locator("main img").evaluate_all("els => els.map(e => e.src)")
    assert sources
    for src in sources:
        response = reader.request.get(src)
        assert response.ok, src
        assert not files.has_gps(response.body()), src
    editor.context.close()
    reader.context.close()
