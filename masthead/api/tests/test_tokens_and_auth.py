import json

import pytest
from django.test import Client

from masthead.api.models import ApiToken
from masthead.api.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(django_user_model):
    return (
        django_user_model.objects.create_user("ruth", "ruth@example.com", "pw"),
        django_user_model.objects.create_user("sam", "sam@example.com", "pw"),
    )


def _bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _csrf_client(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/api/tokens/")  # the page sets the CSRF cookie
    return client, client.cookies["csrftoken"].value


def test_a_signed_in_reader_creates_a_token_with_the_csrf_token(readers):
    client, csrf = _csrf_client(readers[0])
    created = client.post(
        "/api/v1/tokens",
        {"name": "My app"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert created.status_code == 201
    raw = created.json()["token"]
    assert raw.startswith("mh_")
    stored = ApiToken.objects.get(user=readers[0])
    assert raw not in (stored.key_hash, stored.prefix)  # only a hash is kept
    mine = Client().get("/api/v1/tokens", **_bearer(raw)).json()["items"]
    assert [t["name"] for t in mine] == ["My app"]
    assert "token" not in mine[0]


def test_creating_a_token_without_csrf_or_with_a_token_is_refused(readers):
    client, _ = _csrf_client(readers[0])
    no_csrf = client.post("/api/v1/tokens", {"name": "x"}, content_type="application/json")
    assert no_csrf.status_code == 403
    assert no_csrf.json()["error"]["code"] == "forbidden"
    _, raw = api_token_create(user=readers[0], name="script")
    minted = Client().post(
        "/api/v1/tokens", {"name": "more"}, content_type="application/json", **_bearer(raw)
    )
    assert minted.status_code == 401
    assert ApiToken.objects.count() == 1


def test_anonymous_callers_cannot_see_tokens(client):
    response = client.get("/api/v1/tokens")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_required"


def test_another_readers_tokens_are_invisible_and_cannot_be_revoked(readers):
    ruth, sam = readers
    ruths, _ = api_token_create(user=ruth, name="Ruth's")
    _, sams_raw = api_token_create(user=sam, name="Sam's")
    listed = Client().get("/api/v1/tokens", **_bearer(sams_raw)).json()["items"]
    assert [t["name"] for t in listed] == ["Sam's"]
    revoke = Client().delete(f"/api/v1/tokens/{ruths.id}", **_bearer(sams_raw))
    assert revoke.status_code == 404
    ruths.refresh_from_db()
    assert ruths.revoked_at is None


def test_a_revoked_token_no_longer_works_and_says_so(readers):
    token, raw = api_token_create(user=readers[0], name="old")
    assert Client().delete(f"/api/v1/tokens/{token.id}", **_bearer(raw)).status_code == 200
    response = Client().get("/api/v1/stories", **_bearer(raw))
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]["message"]


def test_a_token_of_a_deactivated_reader_stops_working(readers):
    _, raw = api_token_create(user=readers[0], name="app")
    readers[0].is_active = False
    readers[0].save()
    assert Client().get("/api/v1/tokens", **_bearer(raw)).status_code == 401


def test_token_page_creates_shows_once_and_revokes(readers):
    client = Client()
    client.force_login(readers[0])
    page = client.post("/api/tokens/", {"name": "Home script"})
    assert page.status_code == 200
    secret = page.context["new_secret"]
    assert secret.encode() in page.content
    listing = client.get("/api/tokens/")
    assert b"Home script" in listing.content
    assert secret.encode() not in listing.content
    token = ApiToken.objects.get(user=readers[0])
    client.post(f"/api/tokens/{token.id}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_page_needs_sign_in_and_cannot_revoke_someone_elses(readers):
    assert Client().get("/api/tokens/").status_code == 302
    ruths, _ = api_token_create(user=readers[0], name="Ruth's")
    sam = Client()
    sam.force_login(readers[1])
    sam.post(f"/api/tokens/{ruths.id}/revoke/")
    ruths.refresh_from_db()
    assert ruths.revoked_at is None
    assert b"Ruth" not in sam.get("/api/tokens/").content


def test_profile_by_username_shows_public_fields_only(client, readers):
    response = client.get("/api/v1/profiles/RUTH")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "ruth"
    assert body["url"] == "http://localhost/u/ruth/"
    assert b"ruth@example.com" not in response.content
    assert set(body) == {"username", "display_name", "bio", "date_joined", "url"}


def test_profile_of_a_deactivated_or_unknown_reader_is_not_found(client, readers):
    readers[1].is_active = False
    readers[1].save()
    assert client.get("/api/v1/profiles/sam").status_code == 404
    assert client.get("/api/v1/profiles/nobody").json()["error"]["code"] == "not_found"


def test_rate_limit_per_address_answers_429_with_retry_after(client, settings, network):
    settings.MASTHEAD_API_RATE_PER_ADDRESS = 3
    statuses = [client.get("/api/v1/sites").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/sites")
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 0 < int(limited["Retry-After"]) <= 60


def test_a_token_has_its_own_rate_limit_apart_from_its_address(client, settings, network, readers):
    settings.MASTHEAD_API_RATE_PER_ADDRESS = 2
    settings.MASTHEAD_API_RATE_PER_TOKEN = 5
    _, raw = api_token_create(user=readers[0], name="app")
    assert [client.get("/api/v1/sites").status_code for _ in range(3)] == [200, 200, 429]
    with_token = [client.get("/api/v1/sites", **_bearer(raw)).status_code for _ in range(6)]
    assert with_token == [200] * 5 + [429]


def test_openapi_document_and_docs_page_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Masthead API"
    assert "/api/v1/stories/{story_id}" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_openapi_document_has_each_key_once(client):
    # Swagger UI refuses a document with a repeated key ("duplicated mapping key"): a response
    # code given as "200" in openapi_extra and as 200 by ninja came out twice.
    repeated = []

    def strict(pairs):
        keys = [key for key, _ in pairs]
        repeated.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=strict)
    assert repeated == []
