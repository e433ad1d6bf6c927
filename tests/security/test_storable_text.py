"""One storable-text rule for every app (issue #13, ``masthead/core/text.py``).

Bytes that are not UTF-8 in a form arrive as U+FFFD (Django decodes with errors="replace") and
were stored as "�" in display names, bios, contribution headlines and bodies and token names;
a NUL in a comment was silently removed. Each is now refused with a message that says why,
and nothing is stored. The forms are posted as raw bodies, the way a browser or a script
sends the bytes.
"""

from __future__ import annotations

import json
from urllib.parse import quote_from_bytes

import pytest
from django.test import Client

from masthead.accounts.tests.factories import make_member, sign_in
from masthead.api.models import ApiToken
from masthead.comments.models import Comment, CommentSiteSettings
from masthead.contributions.models import Contribution
from masthead.contributions.tests.conftest import words
from masthead.core import text
from masthead.newsroom.tests import factories as f

FORM = "application/x-www-form-urlencoded"
NOT_UTF8 = b"Caf\xe9 \xff\xfe"  # Latin-1 and stray bytes: not UTF-8


def _encode(fields: dict[str, str | bytes]) -> str:
    return "&".join(
        f"{k}={quote_from_bytes(v if isinstance(v, bytes) else v.encode())}"
        for k, v in fields.items()
    )


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ("Plain words, accents é and emoji 🙂\nnew line\ttab", False),
        ("Caf\ufffd", True),
        ("lone \ud800 surrogate", True),
        ("a\x00b", True),
        ("bell \x07", True),
        ("c1 \x85 control", True),
        (NOT_UTF8, True),
        ("Caf\u00e9".encode(), False),
    ],
)
def test_the_rule(value, refused):
    assert (text.problem(value) is not None) is refused
    if refused:
        with pytest.raises(text.UnstorableText):
            text.check_storable(value, what="Your text")


@pytest.fixture
def reader(db):
    return make_member("textreader", display_name="Tessa")


@pytest.mark.parametrize("field", ["display_name", "bio"])
def test_invalid_utf8_in_the_profile_is_refused_not_stored(client, reader, field):
    sign_in(client, reader)
    fields = {"display_name": "Tessa", "bio": "Hello", field: NOT_UTF8}
    response = client.post("/accounts/profile/", _encode(fields), content_type=FORM)
    assert response.status_code == 200  # the form again, with the error
    assert "not valid text" in response.content.decode()
    reader.refresh_from_db()
    assert (reader.display_name, reader.bio) == ("Tessa", "")
    # The control: the same post in UTF-8 is saved.
    fields[field] = "Caf\u00e9".encode()
    assert client.post("/accounts/profile/", _encode(fields), content_type=FORM).status_code == 302
    reader.refresh_from_db()
    assert getattr(reader, field) == "Caf\u00e9"


@pytest.mark.parametrize("field", ["title", "body", "place_text"])
def test_invalid_utf8_in_a_contribution_is_refused_and_the_rest_kept(
    client, network, reader, field
):
    sign_in(client, reader)
    fields = {
        "title": "Flooding on Smith Street",
        "body": words(210),
        "place_text": "Durban",
        "declaration": "on",
        "licence": "non-exclusive",
        "send": "1",
    }
    fields[field] = fields[field].encode() + b" " + NOT_UTF8
    response = client.post("/contribute/story/", _encode(fields), content_type=FORM)
    assert response.status_code == 400
    page = response.content.decode()
    assert "not valid text" in page
    assert "word209" in page  # what the reader typed is still in the form
    assert not Contribution.objects.filter(contributor=reader).exists()


def test_invalid_utf8_in_a_token_name_is_refused(client, reader):
    sign_in(client, reader)
    response = client.post("/api/tokens/", _encode({"name": b"My " + NOT_UTF8}), content_type=FORM)
    assert response.status_code == 400
    assert "not valid text" in response.content.decode()
    assert not ApiToken.objects.exists()
    assert client.post("/api/tokens/", {"name": "My app"}).status_code == 200
    assert ApiToken.objects.get().name == "My app"


def test_a_replacement_character_in_a_json_token_name_is_refused(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    client.get("/api/tokens/")
    csrf = client.cookies["csrftoken"].value
    for name in ("bad \ufffd", "nul \x00", "bell \x07"):
        response = client.post(
            "/api/v1/tokens",
            json.dumps({"name": name}),
            content_type="application/json",
            HTTP_X_CSRFTOKEN=csrf,
        )
        # 422 from the schema's declared pattern, or 400 from the service behind it.
        assert response.status_code in (400, 422), name
        assert response.json()["error"]["message"]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("body", ["Before\x00after", b"Caf\xe9 ole"])
def test_a_nul_or_invalid_utf8_in_a_comment_is_refused_not_removed(client, network, reader, body):
    rules = CommentSiteSettings.for_site(network["news"].get_site())
    rules.hold_first_comments = 0
    rules.save()
    story = f.make_article(network["world"], title="Harbour bridge reopens")
    sign_in(client, reader)
    encoded = _encode({"body": body})
    response = client.post(f"/comments/{story.pk}/post/", encoded, content_type=FORM)
    assert response.status_code == 400
    page = response.content.decode()
    assert "NUL" in page or "not valid text" in page
    assert not Comment.objects.exists()
    # The control: a clean comment is taken.
    client.post(f"/comments/{story.pk}/post/", {"body": "Before and after"})
    assert Comment.objects.get().body == "Before and after"
