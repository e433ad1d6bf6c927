import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.accounts.tests.factories import make_member, sign_in
from masthead.contributions import services
from masthead.contributions.models import Contribution
from masthead.contributions.tests import files
from masthead.contributions.tests.conftest import words


def _form(**overrides):
    data = {
        "title": "Flooding on Smith Street",
        "body": words(200),
        "place_text": "Durban",
        "declaration": "on",
        "licence": "non-exclusive",
        "send": "1",
    }
    data.update(overrides)
    return data


def test_anonymous_reader_sees_the_invitation_and_is_asked_to_sign_in(client, network):
    response = client.get("/contribute/story/")
    assert response.status_code == 200
    assert b"Contributions of 200 words or more will be considered" in response.content
    assert b"/accounts/login/?next=" in response.content
    assert client.post("/contribute/story/", _form()).status_code == 302


def test_199_words_is_refused_with_the_reason_and_keeps_the_text(client, network, reader):
    sign_in(client, reader)
    photo = SimpleUploadedFile("x.jpg", files.jpeg_with_gps(), content_type="image/jpeg")
    body = words(199)
    response = client.post(
        "/contribute/story/", _form(body=body, photo_0=photo, caption_0="Water rising")
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Your story has 199 words; contributions must have at least 200." in text
    assert "word198" in text  # the reader's text is in the re-rendered form
    draft = Contribution.objects.get(contributor=reader)
    assert draft.status == Contribution.Status.DRAFT
    assert draft.photos.count() == 1
    assert f'action="/my-contributions/{draft.reference}/edit/"' in text


def test_200_words_is_sent_and_has_a_status_page(client, network, reader):
    sign_in(client, reader)
    response = client.post("/contribute/story/", _form())
    contribution = Contribution.objects.get(contributor=reader)
    assert response.status_code == 302
    assert response["Location"] == f"/my-contributions/{contribution.reference}/"
    page = client.get(response["Location"])
    assert contribution.reference.encode() in page.content
    assert b"Submitted" in page.content
    assert contribution.reference.encode() in client.get("/my-contributions/").content


def test_honeypot_filled_in_is_refused(client, network, reader):
    sign_in(client, reader)
    response = client.post("/contribute/story/", _form(website="http://spam.example"))
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_suspended_member_sees_the_reason(client, network, reader, editor):
    from masthead.accounts.services import suspension_create

    editor.is_superuser = True
    editor.save()
    suspension_create(actor=editor, user=reader, reason="Repeated spam", ends_at=None)
    sign_in(client, reader)
    response = client.post("/contribute/story/", _form())
    assert response.status_code == 403
    assert b"Repeated spam" in response.content


def test_status_page_is_the_owners_only(client, network, make_contribution):
    contribution = make_contribution()
    sign_in(client, make_member())
    assert client.get(contribution.get_absolute_url()).status_code == 404
    photo = contribution.photos.get()
    assert client.get(f"/contribute/photos/{photo.pk}/clean/").status_code == 404


def test_photo_files_clean_for_owner_original_for_editors_only(
    client, network, make_contribution, reader, editor
):
    contribution = make_contribution()
    photo = contribution.photos.get()
    sign_in(client, reader)
    clean = client.get(f"/contribute/photos/{photo.pk}/clean/", follow=True)
    assert clean.status_code == 200
    assert not files.has_gps(b"".join(clean.streaming_content))
    assert client.get(f"/contribute/photos/{photo.pk}/original/").status_code == 404
    client.logout()
    sign_in(client, editor)
    original = client.get(f"/contribute/photos/{photo.pk}/original/", follow=True)
    assert original.status_code == 200
    assert original["Content-Type"] == "application/octet-stream"
    assert files.has_gps(b"".join(original.streaming_content))  # kept as sent, privately


def test_originals_have_no_public_address(make_contribution):
    photo = make_contribution().photos.get()
    with pytest.raises(ValueError):
        photo.original.url  # noqa: B018


def _published(make_contribution, editor, **kwargs):
    contribution = make_contribution(**kwargs)
    page = services.contribution_accept(actor=editor, contribution=contribution, publish=True)
    return contribution, page


def test_published_story_shows_label_attribution_and_verification(
    client, network, make_contribution, editor, reader
):
    _, page = _published(make_contribution, editor)
    html = client.get(page.url).content.decode()
    assert "Reader contribution" in html
    assert f'href="/u/{reader.username}/"' in html
    assert "Not verified by the newsroom" in html
    assert "Photo: Rita Reader" in html
    # The section listing (newsroom's, unchanged) includes it.
    assert page.title in client.get("/community/").content.decode()


def test_reader_html_is_escaped_on_the_published_page(client, network, make_contribution, editor):
    body = "<script>alert(1)</script> " + words(200)
    _, page = _published(make_contribution, editor, body=body)
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_public_copies_of_photos_carry_no_gps(client, network, make_contribution, editor, settings):
    _, page = _published(make_contribution, editor, kind="pictures", photos=2, body="")
    html = client.get(page.url).content.decode()
    urls = re.findall(r'<img src="(/media/[^"]+)"', html)
    urls.append(page.specific.photos.first().image.file.url)
    assert len(urls) >= 3
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        data = b"".join(response.streaming_content)
        assert not files.has_gps(data), url
        assert b"SpyCam" not in data


def test_profile_lists_published_story_and_user_gallery(
    client, network, make_contribution, editor, reader
):
    _published(make_contribution, editor, title="My street story")
    _published(make_contribution, editor, kind="pictures", title="Storm pictures")
    html = client.get(f"/u/{reader.username}/").content.decode()
    assert "Reader contributions" in html
    assert "My street story" in html and "Storm pictures" in html


def test_review_queue_for_editors_only_with_a_bounded_number_of_queries(
    client, network, make_contribution, editor, reader
):
    for _ in range(3):
        make_contribution(photos=0)
    client.get("/")  # warm the site lookups
    sign_in(client, reader)
    assert client.get("/admin/contributions/").status_code in (302, 403)
    client.logout()
    sign_in(client, editor)
    with CaptureQueriesContext(connection) as few:
        response = client.get("/admin/contributions/?kind=story")
    assert response.status_code == 200
    assert response.content.decode().count("MH-") >= 3
    for _ in range(12):
        make_contribution(photos=0)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/admin/contributions/?kind=story")
    assert response.content.decode().count("MH-") >= 15
    assert len(many) == len(few)
    assert "Flooding" not in client.get("/admin/contributions/?kind=pictures").content.decode()


def test_editor_asks_for_changes_from_the_admin(client, network, make_contribution, editor):
    contribution = make_contribution()
    sign_in(client, editor)
    detail = client.get(f"/admin/contributions/{contribution.pk}/")
    assert b"Preview: as it would appear" in detail.content
    response = client.post(
        f"/admin/contributions/{contribution.pk}/decide/",
        {"action": "request_changes", "note": "Which street?"},
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.CHANGES_REQUESTED
    history = client.get(f"/admin/contributions/{contribution.pk}/").content.decode()
    assert "Asked for changes by desk_editor" in history and "Which street?" in history


def test_call_out_page_links_to_answer_it_and_answers_are_grouped(
    client, network, make_contribution, editor
):
    from datetime import timedelta

    from django.utils import timezone

    from masthead.contributions.models import CallOutPage

    community = services.community_section_for(site=network["news"].get_site())
    callout = CallOutPage(
        title="Send us your pictures of the storm in Durban",
        brief="Flooded streets.",
        place_text="Durban",
        deadline=timezone.now() + timedelta(days=2),
    )
    community.add_child(instance=callout)
    html = client.get(callout.url).content.decode()
    assert f"/contribute/pictures/?callout={callout.pk}" in html
    assert callout.title in client.get("/contribute/pictures/").content.decode()
    make_contribution(kind="pictures", callout=callout)
    make_contribution()
    sign_in(client, editor)
    queue = client.get("/admin/contributions/").content.decode()
    assert f"Answers to the call-out “{callout.title}”" in queue
    assert "Not answering a call-out" in queue


def test_heic_upload_through_the_form(client, network, reader):
    sign_in(client, reader)
    photo = SimpleUploadedFile("IMG_0001.HEIC", files.heic(), content_type="image/heic")
    response = client.post(
        "/contribute/pictures/",
        _form(body="", photo_0=photo, caption_0="From my balcony"),
    )
    assert response.status_code == 302, response.content[:2000]
    contribution = Contribution.objects.get(contributor=reader)
    assert contribution.photos.get().original_format == "HEIF"


def test_polyglot_through_the_form_is_a_clear_error(client, network, reader):
    sign_in(client, reader)
    photo = SimpleUploadedFile("x.png", files.polyglot(), content_type="image/png")
    response = client.post("/contribute/pictures/", _form(body="", photo_0=photo, caption_0="Hmm"))
    assert response.status_code == 400
    assert "holds something besides a picture" in response.content.decode()
    assert "Hmm" in response.content.decode()  # what the reader typed is kept


def test_where_it_happened_links_a_catalogue_place_by_type_ahead_slug_or_exact_name(
    client, network, reader
):
    from masthead.places.models import Place

    durban = Place.objects.create(name="Durban", slug="durban-za", kind=Place.Kind.CITY)
    sign_in(client, reader)
    client.post("/contribute/story/", _form(place_text="Durban, KZN", place="durban-za"))
    client.post("/contribute/story/", _form(place_text="durban"))
    client.post("/contribute/story/", _form(place_text="Smith Street bridge"))
    places = list(Contribution.objects.order_by("id").values_list("place_id", "place_text"))
    assert places == [
        (durban.pk, "Durban, KZN"),
        (durban.pk, "durban"),
        (None, "Smith Street bridge"),
    ]


def test_my_contributions_costs_the_same_queries_for_2_and_12(
    client, network, reader, make_contribution
):
    sign_in(client, reader)
    for _ in range(2):
        make_contribution(photos=0, submit=False)
    client.get("/my-contributions/")  # the site lookup and session, cached after the first
    with CaptureQueriesContext(connection) as few:
        assert client.get("/my-contributions/").status_code == 200
    for _ in range(10):
        make_contribution(photos=0, submit=False)
    client.get("/my-contributions/")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/my-contributions/")
    assert response.content.decode().count('href="/my-contributions/MH-') == 12
    assert len(many) == len(few)


def test_community_story_page_costs_the_same_queries_with_2_and_5_photos(
    client, network, make_contribution, editor
):
    # The first photo is the lead picture, the rest are body images (one query for all).
    _, one = _published(make_contribution, editor, photos=2)
    _, four = _published(make_contribution, editor, photos=5)
    client.get(one.url)
    client.get(four.url)  # renditions made once, as the worker would
    from masthead.core.pagecache import purge_all

    purge_all()
    with CaptureQueriesContext(connection) as q_one:
        client.get(one.url)
    purge_all()
    with CaptureQueriesContext(connection) as q_four:
        client.get(four.url)
    assert len(q_four) == len(q_one)


def test_user_gallery_page_costs_the_same_queries_with_1_and_4_photos(
    client, network, make_contribution, editor
):
    from masthead.core.pagecache import purge_all

    _, one = _published(make_contribution, editor, kind="pictures", photos=1)
    _, four = _published(make_contribution, editor, kind="pictures", photos=4)
    client.get(one.url)
    client.get(four.url)  # renditions made once, as the worker would
    purge_all()
    with CaptureQueriesContext(connection) as q_one:
        client.get(one.url)
    purge_all()
    with CaptureQueriesContext(connection) as q_four:
        assert client.get(four.url).content.decode().count("Photo: Rita Reader") == 4
    assert len(q_four) == len(q_one)
