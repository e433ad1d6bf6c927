# ruff: noqa: RUF003 - a comment names a look-alike character
"""Every path that could change a username, and the refusal on each (SQLite and PostgreSQL)."""

import pytest
from django.db import IntegrityError, connection, transaction

from masthead.accounts.db import TRIGGER_NAME, has_username_trigger
from masthead.accounts.models import User
from masthead.accounts.tests.factories import make_member


@pytest.fixture
def member(network):
    return make_member("steadfast")


def _username_of(user: User) -> str:
    return User.objects.values_list("username", flat=True).get(pk=user.pk)


@pytest.mark.django_db
def test_the_trigger_is_installed_after_migrations():
    assert has_username_trigger(connection)


@pytest.mark.django_db
def test_model_save_cannot_change_the_username(member):
    member.username = "renamed"
    with pytest.raises(IntegrityError, match="permanent"), transaction.atomic():
        member.save()
    assert _username_of(member) == "steadfast"


@pytest.mark.django_db
def test_queryset_update_cannot_change_the_username_or_its_canonical_form(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=member.pk).update(username="renamed")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=member.pk).update(username_canonical="renamed")
    assert _username_of(member) == "steadfast"


@pytest.mark.django_db
def test_raw_sql_cannot_change_the_username(member):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET username = %s WHERE id = %s", ["x_y_z", member.pk])
    assert _username_of(member) == "steadfast"


@pytest.mark.django_db
def test_other_fields_still_save_and_the_account_can_be_deleted(member):
    member.display_name = "Still Me"
    member.save()
    User.objects.filter(pk=member.pk).update(bio="hello", username="steadfast")
    member.refresh_from_db()
    assert (member.display_name, member.bio) == ("Still Me", "hello")
    member.delete()
    assert not User.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
def test_profile_settings_form_ignores_a_posted_username(client, member):
    client.force_login(member)
    response = client.post(
        "/accounts/profile/",
        {"username": "renamed", "display_name": "New Name", "bio": ""},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.username, member.display_name) == ("steadfast", "New Name")


@pytest.mark.django_db
def test_wagtail_user_editor_shows_the_username_disabled_and_ignores_a_posted_one(client, member):
    editor = User.objects.create_superuser("chief", "chief@example.test", "pw-for-chief-1")
    client.force_login(editor)
    url = f"/admin/users/edit/{member.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].fields["username"].disabled
    response = client.post(
        url,
        {
            "username": "renamed",
            "email": "steadfast@example.test",
            "first_name": "Stead",
            "last_name": "Fast",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    member.refresh_from_db()
    assert (member.username, member.first_name) == ("steadfast", "Stead")


@pytest.mark.django_db
def test_wagtail_bulk_actions_offer_nothing_that_renames(client, member):
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    actions = {
        a.action_type for a in bulk_action_registry.get_bulk_actions_for_model("accounts", "user")
    }
    assert actions <= {"delete", "assign_role", "set_active_state"}


@pytest.mark.django_db
@pytest.mark.urls("masthead.accounts.tests.urls_with_django_admin")
def test_django_admin_shows_the_username_read_only_and_ignores_a_posted_one(client, member):
    admin_user = User.objects.create_superuser("root1", "root1@example.test", "pw-for-root-1")
    client.force_login(admin_user)
    url = f"/django-admin/accounts/user/{member.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="username"' not in page.content
    response = client.post(
        url,
        {
            "username": "renamed",
            "display_name": "Via Admin",
            "email": "steadfast@example.test",
            "bio": "",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    member.refresh_from_db()
    assert (member.username, member.display_name) == ("steadfast", "Via Admin")


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_trigger_is_a_real_row_trigger():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = %s AND NOT tgisinternal",
            [TRIGGER_NAME],
        )
        assert cursor.fetchone() == ("O",)


@pytest.mark.django_db
@pytest.mark.urls("masthead.accounts.tests.urls_with_django_admin")
def test_django_admin_add_form_refuses_a_look_alike(client, member):
    admin_user = User.objects.create_superuser("root2", "root2@example.test", "pw-for-root-2")
    client.force_login(admin_user)
    response = client.post(
        "/django-admin/accounts/user/add/",
        {
            "username": "STEADF\u0430ST",  # Cyrillic а
            "email": "copy@example.test",
            "password1": "a-long-pass-phrase-2",
            "password2": "a-long-pass-phrase-2",
        },
    )
    assert response.status_code == 200
    assert "looks too much like" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "post", "delete"])
def test_the_public_api_offers_no_way_to_change_a_username(client, member, method):
    response = getattr(client, method)(
        "/api/v1/profiles/steadfast",
        data='{"username": "renamed"}',
        content_type="application/json",
    )
    assert response.status_code in (401, 403, 404, 405)
    assert _username_of(member) == "steadfast"
