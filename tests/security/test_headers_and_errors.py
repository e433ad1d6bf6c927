"""Security headers on a page, the admin and the API; plain error pages; request limits.

Each test fails when its protection is taken away (the middleware line, the setting, the
handler): that was tried once for each and is noted in docs/security.md."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from masthead.accounts.tests.factories import make_member, sign_in
from masthead.core.security import area_for

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0]] = words[1:]
    return policy


def _assert_common(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    policy = _csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "frame-ancestors" in policy
    return policy


def test_a_public_page_forbids_inline_script_and_style(client, network):
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 200
    policy = _assert_common(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_a_page_from_the_page_cache_carries_the_same_headers(client, network):
    first = client.get("/", HTTP_HOST="localhost")
    second = client.get("/", HTTP_HOST="localhost")
    assert first.status_code == second.status_code == 200
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    _assert_common(second)


def test_the_admin_has_its_allowances_and_only_the_admin(client, network):
    editor = make_member("editor", is_staff=True, is_superuser=True)
    sign_in(client, editor)
    response = client.get("/admin/", HTTP_HOST="localhost")
    assert response.status_code == 200
    policy = _assert_common(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert area_for("/administration/") == "reader"
    assert area_for("/u/admin/") == "reader"


def test_the_api_and_its_docs(client, network):
    response = client.get("/api/v1/sites", HTTP_HOST="localhost")
    assert response.status_code == 200
    policy = _assert_common(response)
    assert policy["script-src"] == ["'self'"]
    docs = client.get("/api/v1/docs", HTTP_HOST="localhost")
    assert docs.status_code == 200
    policy = _assert_common(docs)
    assert policy["script-src"] == ["'self'"]
    # The docs page loads django-ninja's bundled Swagger UI from our own static files.
    assert b"cdn.jsdelivr.net" not in docs.content


def test_production_adds_hsts_over_https(client, network, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", HTTP_HOST="localhost", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_no_reader_template_has_inline_script_or_style():
    """Templates the site renders for readers: no inline script, handler or style attribute
    (the CSP would block them; they are a sign of something written around it)."""
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "masthead"
    offenders = []
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>")
    for template in root.rglob("templates/**/*.html"):
        text = template.read_text()
        patterns = (inline_script, re.compile(r"\son[a-z]+=\""), re.compile(r"\sstyle=\""))
        offenders.extend(
            f"{template.relative_to(root)}: {p.pattern}" for p in patterns if p.search(text)
        )
    assert not offenders, "\n".join(offenders)


# --- Errors ---------------------------------------------------------------------------------


@pytest.fixture
def failing_view(settings):
    """A URL whose view raises, mounted for one test."""
    settings.ROOT_URLCONF = "tests.security.urls_with_failure"


def test_a_server_error_is_a_plain_page_with_no_trace_and_is_logged(network, failing_view, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/", HTTP_HOST="localhost")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    for leak in ("Traceback", "RuntimeError", "secret-internal-detail", 'File "'):
        assert leak not in body
    assert response["Cache-Control"] == "no-store"
    assert any("secret-internal-detail" in str(r.exc_info) for r in caplog.records if r.exc_info)


def test_a_bad_host_is_a_400(client, network):
    response = client.get("/", HTTP_HOST="evil.example.org")
    assert response.status_code == 400
    assert b"Traceback" not in response.content


def test_too_many_fields_is_a_400(client, network, settings):
    fields = {f"f{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post("/accounts/login/", fields, HTTP_HOST="localhost")
    assert response.status_code == 400


def test_too_many_files_is_a_400(client, network, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    reader = make_member("filer")
    sign_in(client, reader)
    files = {
        f"avatar{i}": SimpleUploadedFile(f"a{i}.jpg", b"x", content_type="image/jpeg")
        for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    }
    response = client.post("/accounts/profile/avatar/", files, HTTP_HOST="localhost")
    assert response.status_code == 400


def test_too_much_form_data_is_a_400(client, network, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post(
        "/accounts/login/", {"login": "a" * 20_000, "password": "x"}, HTTP_HOST="localhost"
    )
    assert response.status_code == 400


def test_a_body_over_the_limit_is_a_413_before_it_is_read(client, network, settings):
    settings.MASTHEAD_MAX_REQUEST_BYTES = 1024 * 1024
    body = b"x" * (1024 * 1024 + 1)
    response = client.generic(
        "POST",
        "/accounts/profile/avatar/",
        body,
        content_type="multipart/form-data; boundary=zzz",
        HTTP_HOST="localhost",
    )
    assert response.status_code == 413
    # Declared larger than it is: refused on the declaration alone, nothing is read.
    response = client.generic(
        "POST",
        "/api/v1/tokens",
        b"{}",
        content_type="application/json",
        HTTP_HOST="localhost",
        CONTENT_LENGTH=str(10**10),
    )
    assert response.status_code == 413


def test_a_big_upload_within_the_limit_is_refused_by_the_form_not_a_500(client, network):
    from django.core.files.uploadedfile import SimpleUploadedFile

    reader = make_member("bigfile")
    sign_in(client, reader)
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (12 * 1024 * 1024))
    response = client.post("/accounts/profile/avatar/", {"avatar": big}, HTTP_HOST="localhost")
    assert response.status_code == 400
    assert b"larger than" in response.content
