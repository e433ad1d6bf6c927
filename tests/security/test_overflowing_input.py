"""Input that overflows a type answers a client error, not a 500, on both engines (issue #13):
a sitemap named for the last day of year 9999 and a token-creation body over the form-data
limit."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from masthead.accounts.tests.factories import make_member
from masthead.api.models import ApiToken
from masthead.newsroom.tests import factories as f


@pytest.mark.parametrize(
    "name", ["9999-12-31", "9999-12", "0001-01-01", "0001-01", "2026-02-30", "2026-13"]
)
def test_a_sitemap_for_a_date_out_of_range_is_not_found(client, network, name):
    assert client.get(f"/sitemaps/stories-{name}.xml").status_code == 404


def test_a_sitemap_for_a_real_day_still_answers(client, network):
    story = f.make_article(network["world"], title="Harbour bridge reopens")
    day = story.first_published_at.date()
    assert client.get(f"/sitemaps/stories-{day:%Y-%m-%d}.xml").status_code == 200
    assert client.get(f"/sitemaps/stories-{day:%Y-%m}.xml").status_code == 200


def _csrf_client(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/api/tokens/")  # the page sets the CSRF cookie
    return client, client.cookies["csrftoken"].value


def test_a_token_body_over_the_form_data_limit_is_a_400_in_the_error_shape(db, settings):
    reader = make_member("bigbody")
    client, csrf = _csrf_client(reader)
    body = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    response = client.post(
        "/api/v1/tokens", body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert not ApiToken.objects.exists()
    # A body under the limit is read as usual (a control: the same client and CSRF token).
    ok = client.post(
        "/api/v1/tokens",
        json.dumps({"name": "My app"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert ok.status_code == 201
