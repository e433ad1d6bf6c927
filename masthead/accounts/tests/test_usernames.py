# ruff: noqa: RUF001, RUF003 - look-alike characters are what these tests are about
import pytest
from django.core.exceptions import ValidationError

from masthead.accounts import usernames
from masthead.accounts.selectors import username_availability
from masthead.accounts.tests.factories import make_member


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Alice", "alice"),  # case
        ("alice", "\u0430lice"),  # Cyrillic а
        ("paypal", "p\u0430yp\u0430l"),
        ("ΑΒΓ_x", "αβγ_x"),  # Greek capitals fold to small letters
        ("bob0", "bobo"),  # zero and o
        ("bill", "b1ll"),  # one and l
        ("bill", "biil"),  # i and l
        ("john.smith", "john_smith"),  # separators
        ("john-smith", "john__smith"),
        ("modern", "modem"),  # rn and m
        ("café", "cafe"),  # accents
        ("ｆｕｌｌｗｉｄｔｈ", "fullwidth"),  # NFKC compatibility forms
    ],
)
def test_look_alike_usernames_share_one_canonical_form(a, b):
    assert usernames.canonical(a) == usernames.canonical(b)


@pytest.mark.parametrize(("a", "b"), [("anna", "hanna"), ("sam", "pam"), ("bob1", "bob2")])
def test_different_usernames_keep_different_canonical_forms(a, b):
    assert usernames.canonical(a) != usernames.canonical(b)


@pytest.mark.parametrize(
    "name", ["ab", "x" * 31, "has space", "at@sign", "emoji😀", ".dot", "dash-", "٣٣٣abc"]
)
def test_usernames_breaking_the_character_rules_are_refused(name):
    with pytest.raises(ValidationError):
        usernames.UsernameCharactersValidator()(name)


@pytest.mark.parametrize("name", ["abc", "Zoë", "jane.doe", "j_d-9", "x" * 30, "Олена"])
def test_usernames_within_the_rules_pass(name):
    usernames.UsernameCharactersValidator()(name)


@pytest.mark.django_db
def test_a_taken_username_is_refused_and_named(network):
    make_member("Reader")
    verdict = username_availability(username="reader")
    assert not verdict.available
    assert "looks too much like" in verdict.message
    assert "Reader" in verdict.message


@pytest.mark.django_db
def test_a_cyrillic_look_alike_of_a_taken_username_is_refused(network):
    make_member("marta")
    verdict = username_availability(username="m\u0430rt\u0430")
    assert not verdict.available
    assert verdict.code == "taken"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["admin", "Adm1n", "support", "staff", "editor", "money", "sport", "test-news"]
)
def test_reserved_words_and_site_names_are_refused(network, name):
    verdict = username_availability(username=name)
    assert not verdict.available
    assert verdict.code == "reserved"


@pytest.mark.django_db
def test_a_free_username_is_available(network):
    assert username_availability(username="new.reader").available


@pytest.mark.django_db
def test_the_database_refuses_two_look_alikes_even_without_the_form(network):
    from django.db import IntegrityError, transaction

    make_member("olga")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_member("0lga")


@pytest.mark.django_db
def test_availability_endpoint_answers_json_that_is_never_cached(client, network):
    make_member("taken1")
    response = client.get("/accounts/username-available/", {"username": "TAKEN1"})
    assert response.status_code == 200
    assert response.json()["available"] is False
    assert "no-store" in response["Cache-Control"]
    assert client.get("/accounts/username-available/", {"username": "free_one"}).json()["available"]
    bad = client.get("/accounts/username-available/", {"username": "a b"}).json()
    assert bad["available"] is False
    assert "Only letters" in bad["message"]
