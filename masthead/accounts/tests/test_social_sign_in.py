"""Social sign-in: providers from the environment, and the Facebook flow against the Graph
API's real response format (only the outside HTTP boundary is replaced, with `responses`)."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
import responses
from allauth.socialaccount.models import SocialAccount
from django.core import mail

from masthead.accounts.config import ProviderConfigError, social_providers
from masthead.accounts.models import User

FACEBOOK_BUTTON = "Log in with Facebook to comment and personalise news, weather and listings"
GRAPH = r"https://graph\.facebook\.com/v[0-9.]+"


def test_nothing_configured_means_no_providers():
    assert social_providers({}) == {}


def test_facebook_and_oidc_providers_come_from_environment_variables():
    providers = social_providers(
        {
            "FACEBOOK_CLIENT_ID": "fb-id",
            "FACEBOOK_CLIENT_SECRET": "fb-secret",
            "OIDC_STAFF_SSO_CLIENT_ID": "sso-id",
            "OIDC_STAFF_SSO_CLIENT_SECRET": "sso-secret",
            "OIDC_STAFF_SSO_SERVER_URL": "https://sso.example.test/",
            "OIDC_STAFF_SSO_LABEL": "Newsroom SSO",
            "OIDC_PROVIDERS": '[{"id": "civic", "name": "Civic ID", "client_id": "c",'
            ' "secret": "s", "server_url": "https://civic.example.test"}]',
        }
    )
    assert providers["facebook"]["APPS"] == [{"client_id": "fb-id", "secret": "fb-secret"}]
    apps = {a["provider_id"]: a for a in providers["openid_connect"]["APPS"]}
    assert apps["staff-sso"]["name"] == "Newsroom SSO"
    assert apps["staff-sso"]["settings"]["server_url"] == "https://sso.example.test/"
    assert apps["civic"]["client_id"] == "c"
    assert providers["openid_connect"]["OAUTH_PKCE_ENABLED"] is True


@pytest.mark.parametrize(
    "environ",
    [
        {"OIDC_PROVIDERS": "not json"},
        {"OIDC_PROVIDERS": '[{"id": "x"}]'},
        {"OIDC_HALF_CLIENT_ID": "id-without-secret"},
        {"OIDC_PROVIDERS": '[{"id": "Bad Id", "client_id": "c", "secret": "s",'
         ' "server_url": "https://x.test"}]'},
    ],
)  # fmt: skip
def test_malformed_provider_settings_fail_loudly_with_the_variable_named(environ):
    with pytest.raises(ProviderConfigError):
        social_providers(environ)


@pytest.mark.django_db
def test_no_facebook_button_without_configuration(client, network):
    assert FACEBOOK_BUTTON not in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_an_unconfigured_providers_routes_are_not_found_rather_than_errors(client, network):
    for path in (
        "/accounts/facebook/login/",
        "/accounts/facebook/login/callback/",
        "/accounts/facebook/login/token/",
        "/accounts/oidc/nobody/login/",
    ):
        assert client.get(path).status_code == 404, path
        assert client.post(path).status_code == 404, path


@pytest.fixture
def facebook(settings):
    settings.SOCIALACCOUNT_PROVIDERS = social_providers(
        {"FACEBOOK_CLIENT_ID": "1234567890", "FACEBOOK_CLIENT_SECRET": "app-secret"}
    )


def _start_facebook_login(client) -> str:
    page = client.get("/accounts/login/").content.decode()
    assert FACEBOOK_BUTTON in page
    response = client.post("/accounts/facebook/login/?process=login")
    assert response.status_code == 302
    dialog = urlparse(response["Location"])
    assert dialog.netloc == "www.facebook.com"
    query = parse_qs(dialog.query)
    assert query["client_id"] == ["1234567890"]
    return query["state"][0]


@pytest.mark.django_db
@responses.activate
def test_facebook_first_sign_in_asks_for_a_username_then_verifies_the_address(
    client, network, facebook, django_capture_on_commit_callbacks
):
    state = _start_facebook_login(client)
    responses.get(
        re.compile(GRAPH + r"/oauth/access_token"),
        json={"access_token": "EAAGm0PX4ZCpsBAtest", "token_type": "bearer",
              "expires_in": 5183944},
    )  # fmt: skip
    me = responses.get(
        re.compile(GRAPH + r"/me"),
        json={
            "id": "10158123456789012",
            "email": "fay.book@example.test",
            "name": "Fay Book",
            "first_name": "Fay",
            "last_name": "Book",
        },
    )
    callback = client.get(
        "/accounts/facebook/login/callback/", {"code": "AQDx-test-code", "state": state}
    )
    assert callback.status_code == 302
    assert callback["Location"] == "/accounts/3rdparty/signup/"
    assert "appsecret_proof" in me.calls[0].request.url

    form = client.get(callback["Location"]).content.decode()
    assert "Pick the username" in form
    assert "cannot be edited later" in form
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/accounts/3rdparty/signup/",
            {"username": "FayB", "email": "fay.book@example.test"},
        )
    assert done.status_code == 302
    user = User.objects.get(username="FayB")
    assert SocialAccount.objects.get(user=user).uid == "10158123456789012"
    # Facebook does not vouch for addresses, so the reader verifies it like everyone else.
    assert mail.outbox[0].to == ["fay.book@example.test"]


@pytest.mark.django_db
@responses.activate
def test_a_graph_api_error_shows_a_sign_in_error_and_creates_nobody(client, network, facebook):
    state = _start_facebook_login(client)
    responses.get(
        re.compile(GRAPH + r"/oauth/access_token"),
        status=400,
        json={
            "error": {
                "message": "This authorization code has been used.",
                "type": "OAuthException",
                "code": 100,
                "fbtrace_id": "AbCdEfGh123",
            }
        },
    )
    response = client.get(
        "/accounts/facebook/login/callback/", {"code": "AQD-used", "state": state}
    )
    assert response.status_code == 401
    assert "Third-Party Login Failure" in response.content.decode()
    assert not SocialAccount.objects.exists()
