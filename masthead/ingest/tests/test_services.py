"""Imports become drafts through Wagtail's API; re-imports update drafts, never live stories."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied

from masthead.accounts.models import User
from masthead.ingest import services
from masthead.ingest.models import IngestedItem, IngestLogEntry
from masthead.ingest.story import Block, Picture, WireStory
from masthead.newsroom.models import Agency, ArticlePage, NewsImage
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


def _story(**overrides) -> WireStory:
    fields = {
        "format": "ninjs",
        "original_id": "urn:test:ankara-1",
        "headline": "Turkey detains suspects after Ankara blast",
        "standfirst": "Police held twelve people on Tuesday.",
        "body": [
            Block(
                "paragraph",
                "Turkish police detained twelve people in Ankara.",
                "Turkish police detained <b>twelve</b> people in Ankara.",
            ),
            Block("subheading", "Investigation widens"),
            Block("paragraph", "The interior minister said more arrests were expected."),
        ],
        "published_at": datetime(2016, 3, 1, 8, 20, tzinfo=UTC),
        "dateline": "Ankara",
        "byline": ["Ayla Demir"],
        "agency": "AFP",
        "keywords": ["security"],
    }
    fields.update(overrides)
    return WireStory(**fields)


def test_an_import_makes_a_draft_in_the_section_with_every_field(section, tiny_jpeg):
    story = _story(
        picture=Picture(caption="Police at the scene.", credit="Ozan Kose/AFP", data=tiny_jpeg)
    )

    result = services.story_import(story=story, section=section, origin="test")

    page = ArticlePage.objects.get(pk=result.page_id)
    assert result.outcome == IngestLogEntry.Outcome.CREATED
    assert page.get_parent().pk == section.pk
    assert not page.live and page.first_published_at is None
    assert page.latest_revision is not None
    assert page.title == "Turkey detains suspects after Ankara blast"
    assert page.standfirst == "Police held twelve people on Tuesday."
    assert page.dateline == "Ankara"
    assert page.agency.short_name == "AFP"
    assert [a.name for a in page.authors.all()] == ["Ayla Demir"]
    assert [(b.block_type) for b in page.body] == ["paragraph", "subheading", "paragraph"]
    assert page.body[1].value == "Investigation widens"
    assert "<b>twelve</b>" in page.body[0].value.source
    assert page.lead_image.photographer == "Ozan Kose" and page.lead_image.agency == "AFP"
    assert page.lead_image_caption == "Police at the scene."
    assert "Ankara" in page.tags.names()
    item = IngestedItem.objects.get(page=page)
    assert item.original_published_at == datetime(2016, 3, 1, 8, 20, tzinfo=UTC)
    assert item.original_id == "urn:test:ankara-1" and item.origin == "test"


def test_reimporting_the_same_item_neither_duplicates_nor_rewrites(section):
    first = services.story_import(story=_story(), section=section, origin="a")
    again = services.story_import(story=_story(), section=section, origin="a")

    assert again.outcome == IngestLogEntry.Outcome.UNCHANGED
    assert again.page_id == first.page_id
    assert ArticlePage.objects.count() == 1
    assert IngestedItem.objects.count() == 1


def test_a_changed_item_updates_its_draft_in_place(section):
    first = services.story_import(story=_story(), section=section, origin="a")
    changed = _story(headline="Turkey detains 14 after Ankara blast")

    result = services.story_import(story=changed, section=section, origin="a")

    page = ArticlePage.objects.get(pk=first.page_id)
    assert result.outcome == IngestLogEntry.Outcome.UPDATED
    assert ArticlePage.objects.count() == 1
    assert page.title == "Turkey detains 14 after Ankara blast"
    assert page.get_latest_revision_as_object().title == "Turkey detains 14 after Ankara blast"
    assert not page.live


def test_a_published_story_is_not_overwritten_but_gets_an_update_waiting(section):
    first = services.story_import(story=_story(), section=section, origin="a")
    f.publish(ArticlePage.objects.get(pk=first.page_id))
    changed = _story(headline="Turkey detains 14 after Ankara blast")

    result = services.story_import(story=changed, section=section, origin="a")

    page = ArticlePage.objects.get(pk=first.page_id)
    item = IngestedItem.objects.get(page=page)
    assert result.outcome == IngestLogEntry.Outcome.UPDATE_AVAILABLE
    assert page.title == "Turkey detains suspects after Ankara blast"
    assert (
        page.get_latest_revision_as_object().title == "Turkey detains suspects after Ankara blast"
    )
    assert item.status == IngestedItem.Status.UPDATE_AVAILABLE
    assert item.pending_update["headline"] == "Turkey detains 14 after Ankara blast"


def test_applying_a_waiting_update_makes_a_draft_revision_and_leaves_the_live_story(section):
    first = services.story_import(story=_story(), section=section, origin="a")
    f.publish(ArticlePage.objects.get(pk=first.page_id))
    services.story_import(
        story=_story(headline="Turkey detains 14 after Ankara blast"), section=section, origin="a"
    )
    editor = User.objects.create_superuser(username="editor", email="e@example.com", password="x")
    item = IngestedItem.objects.get()

    services.item_apply_update(item=item, user=editor)

    page = ArticlePage.objects.get(pk=first.page_id)
    assert page.live and page.title == "Turkey detains suspects after Ankara blast"
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "Turkey detains 14 after Ankara blast"
    item.refresh_from_db()
    assert item.status == IngestedItem.Status.APPLIED and item.pending_update is None


def test_the_same_headline_twice_gets_a_second_slug(section):
    services.story_import(story=_story(), section=section, origin="a")
    services.story_import(story=_story(original_id="urn:test:other"), section=section, origin="a")

    slugs = sorted(ArticlePage.objects.values_list("slug", flat=True))
    assert slugs == [
        "turkey-detains-suspects-after-ankara-blast",
        "turkey-detains-suspects-after-ankara-blast-2",
    ]


def test_an_existing_agency_is_credited_rather_than_created(section):
    afp = f.make_agency("AFP", "Agence France-Presse")

    result = services.story_import(
        story=_story(agency="Agence France-Presse"), section=section, origin="a"
    )

    assert ArticlePage.objects.get(pk=result.page_id).agency == afp
    assert Agency.objects.count() == 1


def test_a_broken_input_is_one_failure_and_the_batch_goes_on(section, tmp_path, settings):
    settings.INGEST_MAX_BYTES = 400
    (tmp_path / "a-broken.xml").write_bytes(
        b"<newsItem xmlns='http://iptc.org/std/nar/2006-10-01/'><unclosed>"
    )
    (tmp_path / "b-good.txt").write_text(
        "Menu\nHome | News | Sport\nCouncil approves the new harbour bridge plan\n"
        "LEEDS - The city council approved the harbour bridge plan on Monday after a long debate.\n"
        "The vote was close and the opposition said it would keep fighting the plan in court.\n"
    )
    (tmp_path / "c-huge.json").write_bytes(b"{" + b" " * 1000 + b"}")

    summary = services.path_import(path=tmp_path, section=section)

    outcomes = {r.reference: (r.outcome, r.message) for r in summary.results}
    assert outcomes["a-broken.xml"][0] == "failed" and "broken XML" in outcomes["a-broken.xml"][1]
    assert outcomes["c-huge.json"][0] == "failed" and "over the limit" in outcomes["c-huge.json"][1]
    assert [r.outcome for r in summary.results if r.outcome != "failed"] == ["created"]
    assert ArticlePage.objects.get().dateline == "Leeds"
    assert IngestLogEntry.objects.filter(outcome="failed").count() == 2


def test_an_inline_picture_in_a_saved_page_becomes_the_lead_image(section, tiny_jpeg):
    src = "data:image/jpeg;base64," + base64.b64encode(tiny_jpeg).decode()
    html = f"""<html><body><article><h1>Floods close the ring road in Cork</h1>
    <figure><img src="{src}" alt="Water on the road"><figcaption>The ring road on Monday.
    <span class="credit">Photo: Ines Duarte/Reuters</span></figcaption></figure>
    <p>CORK - Floods closed the ring road on Monday morning after a night of heavy rain.</p>
    <p>The council said the road would stay closed until the water had gone down.</p>
    </article></body></html>"""

    summary = services.input_import(
        data=html.encode(), origin="upload", name="page.html", section=section
    )

    page = ArticlePage.objects.get(pk=summary.results[0].page_id)
    assert page.lead_image.photographer == "Ines Duarte" and page.lead_image.agency == "Reuters"
    assert page.lead_image.default_alt_text == "Water on the road"
    assert page.lead_image_caption == "The ring road on Monday."


def test_an_editor_without_the_ingest_permission_is_refused(section):
    reader = User.objects.create_user(username="reader", email="r@example.com", password="x")

    with pytest.raises(PermissionDenied):
        services.input_import(data=b"x", origin="upload", section=section, user=reader)


def test_a_draft_an_editor_has_changed_keeps_their_work_and_gets_an_update_waiting(section):
    first = services.story_import(story=_story(), section=section, origin="a")
    draft = ArticlePage.objects.get(pk=first.page_id)
    draft.title = "Ankara: twelve held after bus-stop bomb"
    draft.save_revision()

    result = services.story_import(
        story=_story(headline="Turkey detains 14 after Ankara blast"), section=section, origin="a"
    )

    page = ArticlePage.objects.get(pk=first.page_id)
    assert result.outcome == IngestLogEntry.Outcome.UPDATE_AVAILABLE
    assert "an editor has changed the draft" in result.message
    assert page.get_latest_revision_as_object().title == "Ankara: twelve held after bus-stop bomb"
    assert (
        IngestedItem.objects.get().pending_update["headline"]
        == "Turkey detains 14 after Ankara blast"
    )


def test_the_same_picture_on_a_changed_item_is_not_stored_twice(section, tiny_jpeg):
    picture = Picture(caption="Police at the scene.", credit="Ozan Kose/AFP", data=tiny_jpeg)
    services.story_import(story=_story(picture=picture), section=section, origin="a")

    services.story_import(
        story=_story(headline="Turkey detains 14 after Ankara blast", picture=picture),
        section=section,
        origin="a",
    )

    assert NewsImage.objects.count() == 1
    assert ArticlePage.objects.get().lead_image == NewsImage.objects.get()
