"""Error pages a reader can act on: the site's look, plain words and a way back."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from masthead.urls import handler400, handler403, handler500  # noqa: F401
from masthead.urls import urlpatterns as project_patterns

pytestmark = pytest.mark.django_db


def _forbidden(request):
    raise PermissionDenied


def _boom(request):
    raise RuntimeError("secret-internal-detail")


urlpatterns = [path("forbidden/", _forbidden), path("boom/", _boom), *project_patterns]


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = __name__


def _ways_back(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('<li><a href="')[1:]]


def test_404_is_in_the_sites_frame_with_search_and_no_local_furniture(client, network):
    response = client.get("/no-such-page/", HTTP_HOST="money.localhost")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert "site-moneylocalhost" in html
    assert 'action="/search/"' in html.split("<main", 1)[1]
    assert "data-place-fragment" not in html.split("<main", 1)[1]


def test_403_names_the_site_and_offers_sign_in_and_the_front_page(client, network, error_urls):
    response = client.get("/forbidden/", HTTP_HOST="sport.localhost")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot open this page" in html
    assert 'class="masthead__name" href="/">Test Sport</a>' in html
    assert "site-sportlocalhost" in html
    assert "/" in _ways_back(html)
    assert response["Cache-Control"] == "no-store"


def test_500_is_in_the_sites_look_with_a_way_back_and_no_trace(network, error_urls, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(
            "/boom/", HTTP_HOST="localhost", HTTP_REFERER="http://localhost/news/"
        )
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert ">Test News</a>" in html
    assert _ways_back(html)[0] == "/news/"  # the page the reader came from
    assert "secret-internal-detail" not in html


def test_a_referer_from_another_host_is_never_offered_as_the_way_back(network, error_urls):
    client = Client(raise_request_exception=False)
    response = client.get(
        "/boom/", HTTP_HOST="localhost", HTTP_REFERER="http://evil.example/phish/"
    )
    assert "evil.example" not in response.content.decode()
    assert _ways_back(response.content.decode())[0] == "/"


def test_csrf_failure_says_the_form_was_not_sent_and_how_to_send_it_again(network):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/", {"login": "a@example.test", "password": "x"}, HTTP_HOST="localhost"
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form was not sent" in html
    assert "send it again" in html
    assert "CSRF" not in html  # Django's reason is for the log, not the reader


def test_an_upload_over_the_limit_is_our_413_page_with_a_way_back(client, network, settings):
    settings.MASTHEAD_MAX_REQUEST_BYTES = 1024 * 1024
    response = client.generic(
        "POST",
        "/contribute/pictures/",
        b"x",
        content_type="multipart/form-data; boundary=zzz",
        HTTP_HOST="localhost",
        HTTP_REFERER="http://localhost/contribute/pictures/",
        CONTENT_LENGTH=str(30 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert "What you sent is too large" in html
    assert "more than 1 MB" in html
    assert "/contribute/pictures/" in _ways_back(html)


def test_an_unconfigured_social_provider_is_a_404_and_never_offered(client, network):
    assert client.get("/accounts/facebook/login/", HTTP_HOST="localhost").status_code == 404
    for path_ in ("/accounts/login/", "/accounts/signup/"):
        html = client.get(path_, HTTP_HOST="localhost").content.decode()
        assert "Facebook" not in html
        assert "/accounts/facebook/" not in html


def test_favicon_is_there_on_the_first_visit(client, network):
    response = client.get("/favicon.ico", HTTP_HOST="localhost")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
    html = client.get("/accounts/login/", HTTP_HOST="localhost").content.decode()
    assert 'rel="icon"' in html
