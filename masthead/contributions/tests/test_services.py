import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from masthead.accounts.services import suspension_create
from masthead.accounts.tests.factories import make_member
from masthead.contributions import services
from masthead.contributions.errors import ContributionError, ContributionPermissionError
from masthead.contributions.models import (
    CommunityStoryPage,
    Contribution,
    Decision,
    UserGalleryPage,
)
from masthead.contributions.tests import files
from masthead.contributions.tests.conftest import words


def test_story_under_200_words_is_refused_with_the_reason_and_kept_as_a_draft(make_contribution):
    with pytest.raises(ContributionError) as caught:
        make_contribution(n_words=199)
    assert (
        "Your story has 199 words; contributions must have at least 200." in caught.value.messages
    )
    draft = caught.value.contribution
    draft.refresh_from_db()
    assert draft.status == Contribution.Status.DRAFT
    assert draft.word_count == 199
    assert draft.photos.count() == 1  # the photo uploaded with it is kept


def test_story_of_200_words_is_submitted_with_a_reference(make_contribution):
    contribution = make_contribution(n_words=200)
    assert contribution.status == Contribution.Status.SUBMITTED
    assert contribution.reference == f"MH-{timezone.now().year}-{contribution.pk:06d}"
    assert contribution.submitted_at is not None


def test_pictures_need_a_photo_the_declaration_and_a_licence(site, reader):
    with pytest.raises(ContributionError) as caught:
        services.contribution_save(
            user=reader, site=site, kind="pictures", title="Storm", submit=True
        )
    assert set(caught.value.messages) == {
        "Add at least one photo.",
        "Confirm that this is your own work.",
        "Choose the licence you grant us.",
    }


def test_suspended_member_is_refused_with_the_reason(make_contribution, reader, editor):
    editor.is_superuser = True
    editor.save()
    suspension_create(actor=editor, user=reader, reason="Spam", ends_at=None)
    with pytest.raises(Exception) as caught:
        make_contribution()
    assert "Reason: Spam" in str(caught.value)
    assert not Contribution.objects.exists()


def test_unverified_email_must_be_confirmed_before_sending(make_contribution, settings, reader):
    EmailAddress.objects.filter(user=reader).update(verified=False)
    with pytest.raises(ContributionError) as caught:
        make_contribution()
    assert "Confirm your e-mail address first" in caught.value.messages[0]
    settings.MASTHEAD_CONTRIBUTIONS_REQUIRE_VERIFIED_EMAIL = False
    assert make_contribution().status == Contribution.Status.SUBMITTED


def test_rate_limit_per_account(make_contribution, settings):
    from masthead.core.ratelimit import RateLimited

    settings.MASTHEAD_CONTRIBUTIONS_SUBMIT_RATE = "2/d"
    make_contribution(photos=0, rate_keys=["u:rl"])
    make_contribution(photos=0, rate_keys=["u:rl"])
    with pytest.raises(RateLimited):
        make_contribution(photos=0, rate_keys=["u:rl"])


def test_another_reader_cannot_change_my_draft(make_contribution):
    draft = make_contribution(submit=False)
    with pytest.raises(ContributionPermissionError):
        services.contribution_save(
            user=make_member(), site=draft.site, kind="story", title="Mine", contribution=draft
        )


def test_only_reviewers_decide(make_contribution, reader):
    contribution = make_contribution()
    with pytest.raises(ContributionPermissionError):
        services.contribution_decline(actor=reader, contribution=contribution, reason="No")


def test_changes_requested_then_revised_then_published(
    make_contribution, editor, reader, django_capture_on_commit_callbacks
):
    contribution = make_contribution()
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_start_review(actor=editor, contribution=contribution)
        services.contribution_request_changes(
            actor=editor, contribution=contribution, note="Please name the street."
        )
    assert contribution.status == Contribution.Status.CHANGES_REQUESTED
    assert mail.outbox[-1].to == [reader.email]
    assert "Please name the street." in mail.outbox[-1].body

    revised = services.contribution_save(
        user=reader,
        site=contribution.site,
        kind="story",
        title="Flooding on Smith Street, Durban",
        body=words(210),
        declaration=True,
        licence=Contribution.Licence.NON_EXCLUSIVE,
        contribution=contribution,
        submit=True,
    )
    assert revised.status == Contribution.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        page = services.contribution_accept(actor=editor, contribution=revised, publish=True)
    revised.refresh_from_db()
    assert revised.status == Contribution.Status.PUBLISHED
    assert isinstance(page, CommunityStoryPage)
    assert page.live and page.contributor == reader
    assert page.get_parent().slug == "community"
    assert page.lead_image.photographer == "Rita Reader"
    assert "is published" in mail.outbox[-1].subject
    actions = list(revised.decisions.values_list("action", "actor"))
    assert actions == [
        (Decision.Action.REVIEW, editor.pk),
        (Decision.Action.REQUEST_CHANGES, editor.pk),
        (Decision.Action.ACCEPT, editor.pk),
        (Decision.Action.PUBLISH, editor.pk),
    ]


def test_accept_as_draft_leaves_the_page_for_the_wagtail_workflow(make_contribution, editor):
    contribution = make_contribution()
    page = services.contribution_accept(actor=editor, contribution=contribution)
    contribution.refresh_from_db()
    assert not page.live and page.has_unpublished_changes
    assert contribution.status == Contribution.Status.ACCEPTED
    page.get_latest_revision().publish(user=editor)
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.PUBLISHED


def test_pictures_become_a_user_gallery_under_user_galleries(make_contribution, editor):
    contribution = make_contribution(kind="pictures", photos=2, body="")
    page = services.contribution_accept(actor=editor, contribution=contribution, publish=True)
    assert isinstance(page, UserGalleryPage)
    assert page.get_parent().slug == "user-galleries"
    assert page.get_parent().get_parent().slug == "community"
    assert [p.caption for p in page.photos.all()] == ["Photo 1", "Photo 2"]


def test_decline_needs_a_reason_and_tells_the_reader(
    make_contribution, editor, django_capture_on_commit_callbacks
):
    contribution = make_contribution()
    with pytest.raises(ContributionError):
        services.contribution_decline(actor=editor, contribution=contribution, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_decline(
            actor=editor, contribution=contribution, reason="We covered this already."
        )
    assert contribution.status == Contribution.Status.DECLINED
    assert "We covered this already." in mail.outbox[-1].body


def test_no_mail_when_the_reader_opted_out(
    make_contribution, editor, reader, django_capture_on_commit_callbacks
):
    reader.notify_contribution_decisions = False
    reader.save()
    contribution = make_contribution()
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_decline(actor=editor, contribution=contribution, reason="No room.")
    assert mail.outbox == []


def test_verify_marks_the_live_page_with_the_note(make_contribution, editor):
    contribution = make_contribution()
    services.contribution_accept(actor=editor, contribution=contribution, publish=True)
    page = services.contribution_verify(
        actor=editor, contribution=contribution, note="Spoke to the fire brigade."
    )
    page = CommunityStoryPage.objects.get(pk=page.pk)
    assert page.verified and page.verification_note == "Spoke to the fire brigade."


def test_closed_call_out_is_refused(make_contribution, network, editor):
    from masthead.contributions.models import CallOutPage

    community = services.community_section_for(site=network["news"].get_site())
    callout = CallOutPage(
        title="Storm", brief="Pictures", deadline=timezone.now() + timedelta(hours=1)
    )
    community.add_child(instance=callout)
    contribution = make_contribution(callout=callout, submit=False)
    CallOutPage.objects.filter(pk=callout.pk).update(deadline=timezone.now() - timedelta(hours=1))
    contribution.refresh_from_db()
    with pytest.raises(ContributionError) as caught:
        services.contribution_submit(user=contribution.contributor, contribution=contribution)
    assert "That call-out has closed." in caught.value.messages


def test_bad_photo_is_refused_and_nothing_is_stored(make_contribution, reader):
    draft = make_contribution(submit=False, photos=0)
    with pytest.raises(Exception) as caught:
        services.photo_add(
            user=reader,
            contribution=draft,
            upload=services.PhotoUpload(file=io.BytesIO(files.polyglot()), caption="x"),
        )
    assert "besides a picture" in " ".join(caught.value.messages)
    assert draft.photos.count() == 0


def test_erasing_an_account_keeps_published_pages_credited_to_a_former_member(
    make_contribution, editor, reader
):
    contribution = make_contribution()
    page = services.contribution_accept(actor=editor, contribution=contribution, publish=True)
    services.contributions_erase(reader, True)
    page = CommunityStoryPage.objects.get(pk=page.pk)
    assert page.contributor is None and page.contributor_name == "A former member"
    assert not Contribution.objects.filter(contributor=reader).exists()
