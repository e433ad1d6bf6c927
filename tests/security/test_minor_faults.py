"""The minor faults of issue #13: account mails linked to whatever Host the request named; a
valid animated GIF contribution was refused as "cut short or damaged"; the CSP had no
form-action. (Public copies of reader photos: masthead/contributions/tests/
test_public_copy_names.py.)"""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from masthead.accounts.tests.factories import make_member, sign_in
from masthead.contributions.models import Contribution
from masthead.contributions.photos import check_photo
from masthead.contributions.tests.conftest import words


def _reset_mail(client, host: str, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password/reset/", {"email": "hosted@example.test"}, HTTP_HOST=host
        )
    assert response.status_code == 302
    return mail.outbox[-1].body


def test_a_reset_mail_links_to_the_site_not_the_requests_host(
    client, network, django_capture_on_commit_callbacks
):
    make_member("hosted", email="hosted@example.test")
    body = _reset_mail(client, "anything.localhost", django_capture_on_commit_callbacks)
    links = re.findall(r"https?://[^\s/]+", body)
    assert links, body
    assert "anything.localhost" not in body
    assert set(links) == {"http://localhost"}, links
    assert "http://localhost/accounts/password/reset/key/" in body


def test_a_reset_asked_for_on_another_site_of_the_network_links_there(
    client, network, django_capture_on_commit_callbacks
):
    """The control: a real site's own host is that site, so its links stay on it."""
    make_member("hosted", email="hosted@example.test")
    body = _reset_mail(client, "money.localhost", django_capture_on_commit_callbacks)
    assert "http://money.localhost/accounts/password/reset/key/" in body
    assert "Test Money" in body


def _animated_gif(frames: int = 6, size=(320, 240)) -> bytes:
    pictures = [Image.new("RGB", size, (40 * n % 256, 120, 200 - 20 * n)) for n in range(frames)]
    out = io.BytesIO()
    pictures[0].save(out, format="GIF", save_all=True, append_images=pictures[1:], duration=80)
    return out.getvalue()


def test_a_valid_animated_gif_is_accepted_as_its_first_frame():
    data = _animated_gif()
    with Image.open(io.BytesIO(data)) as probe:
        assert probe.n_frames == 6  # the control: really animated
    checked = check_photo(io.BytesIO(data))
    assert checked.original_format == "GIF"
    assert checked.clean.format in ("JPEG", "PNG")
    with Image.open(io.BytesIO(checked.clean.content)) as clean:
        assert getattr(clean, "n_frames", 1) == 1
        assert clean.size == (320, 240)
        # The first frame's colour, re-encoded.
        red, green, blue = clean.convert("RGB").getpixel((10, 10))
        assert abs(red - 0) < 12 and abs(green - 120) < 12 and abs(blue - 200) < 12


def test_a_gif_contribution_is_sent(client, network):
    reader = make_member("gifreader")
    sign_in(client, reader)
    response = client.post(
        "/contribute/pictures/",
        {
            "title": "Harbour lights",
            "body": words(20),
            "place_text": "Durban",
            "declaration": "on",
            "licence": "non-exclusive",
            "send": "1",
            "photo_0": SimpleUploadedFile("lights.gif", _animated_gif(), "image/gif"),
            "caption_0": "The lights come on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    contribution = Contribution.objects.get(contributor=reader)
    assert contribution.status == Contribution.Status.SUBMITTED
    assert contribution.photos.count() == 1


def _directive(policy: str, name: str) -> list[str]:
    for part in policy.split(";"):
        words_ = part.split()
        if words_ and words_[0] == name:
            return words_[1:]
    return []


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/admin/login/", "/api/v1/docs"])
def test_the_csp_limits_where_forms_may_send_the_browser(client, network, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert _directive(policy, "form-action") == ["'self'"], policy


def test_form_action_allows_the_configured_sign_in_providers(client, network, settings):
    from masthead.accounts.config import social_providers

    settings.SOCIALACCOUNT_PROVIDERS = social_providers(
        {
            "FACEBOOK_CLIENT_ID": "id",
            "FACEBOOK_CLIENT_SECRET": "secret",
            "OIDC_NEWSROOM_CLIENT_ID": "id",
            "OIDC_NEWSROOM_CLIENT_SECRET": "secret",
            "OIDC_NEWSROOM_SERVER_URL": "https://id.example.net/realms/newsroom",
        }
    )
    targets = _directive(client.get("/accounts/login/")["Content-Security-Policy"], "form-action")
    assert targets == ["'self'", "https://www.facebook.com", "https://id.example.net"]
