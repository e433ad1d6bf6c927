"""Account pages and mails speak as the site the reader is on, in the design system."""

import pytest
from django.core import mail

from masthead.accounts.tests.factories import PASSWORD, make_member

pytestmark = pytest.mark.django_db

STOCK = ("Hello from", "localhost:", "please sign up", "Sign In", "Thank you for using")


def _sign_up(client, host: str, email: str, username: str):
    return client.post(
        "/accounts/signup/",
        {"email": email, "username": username, "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST=host,
    )


def test_verification_mail_is_branded_with_the_sites_name_in_text_and_html(
    client, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, "money.localhost", "ama@example.test", "ama")
    message = mail.outbox[0]
    assert message.subject == "Confirm your e-mail address for Test Money"
    assert message.body.startswith("Test Money")
    assert "/accounts/confirm-email/" in message.body
    html = {mime: content for content, mime in message.alternatives}["text/html"]
    assert ">Test Money</td>" in html
    assert "Confirm my address" in html
    for stock in STOCK:
        assert stock not in message.body
        assert stock not in html


def test_a_registered_address_gets_a_branded_mail_too(
    client, network, django_capture_on_commit_callbacks
):
    make_member("kofi", email="kofi@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, "sport.localhost", "kofi@example.test", "kofi2")
    message = mail.outbox[-1]
    assert message.subject == "You already have a Test Sport profile"
    assert "Hello from" not in message.body


@pytest.mark.parametrize(
    ("path", "heading", "button"),
    [
        ("/accounts/login/", "<h1>Sign in</h1>", ">Sign in</button>"),
        ("/accounts/signup/", "<h1>Create profile</h1>", ">Create profile</button>"),
        ("/accounts/password/reset/", "<h1>Reset your password</h1>", ">Send me the link</button>"),
    ],
)
def test_entrance_pages_use_our_words_and_the_design_systems_fields(
    client, network, path, heading, button
):
    html = client.get(path, HTTP_HOST="sport.localhost").content.decode()
    assert heading in html
    assert button in html
    assert 'class="field' in html
    for stock in STOCK:
        assert stock not in html
    # Not the local furniture: sign-in pages carry no local news, weather or listings.
    assert "data-place-fragment" not in html.split("<main", 1)[1]


def test_sign_up_states_the_username_rules_once_and_a_refused_name_once(client, network):
    make_member("harbour")
    html = _sign_up(client, "localhost", "new@example.test", "HARBOUR").content.decode()
    assert html.count("cannot be edited later") == 1
    field_error = html.split('id="id_username_error"', 1)[1].split("</p>", 1)[0]
    assert "looks too much like" in field_error
    # Once beside the field, once in the summary that links to it: never a third time.
    assert html.count("looks too much like") == 2
    assert 'aria-describedby="id_username_helptext id_username_error"' in html
    assert 'aria-invalid="true"' in html


def test_create_profile_is_indexable_and_the_other_account_pages_are_not(client, network):
    signup = client.get("/accounts/signup/", HTTP_HOST="money.localhost").content.decode()
    assert 'name="robots"' not in signup
    assert '<link rel="canonical" href="http://money.localhost/accounts/signup/">' in signup
    assert "Create one free profile for every site of the Test Money network" in signup
    for path in ("/accounts/login/", "/accounts/password/reset/"):
        page = client.get(path).content.decode()
        assert '<meta name="robots" content="noindex">' in page, path
