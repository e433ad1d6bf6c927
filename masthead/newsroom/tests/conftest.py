"""Fixtures of the newsroom's tests: a live blog with its desk's staff."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from masthead.newsroom.tests import factories as f
from tests.shared_setup import shared_fixture

REPORTER = ("add_page", "change_page")
EDITOR = ("add_page", "change_page", "publish_page")


def staff(django_user_model, home, name: str, codenames: tuple[str, ...]):
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group,
            page=home,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = django_user_model.objects.create_user(
        username=name, email=f"{name}@example.com", password="pw-for-tests-only"
    )
    user.groups.add(group)
    return user


@shared_fixture("live-desk", needs=("network",))
def desk(network):
    """A live blog with its desk, built once for the tests that follow (tests/shared_setup.py)."""
    django_user_model = get_user_model()
    blog = f.make_live_blog(network["world"])
    return {
        "blog": blog,
        "reporter": staff(django_user_model, network["news"], "reporter", REPORTER),
        "other_reporter": staff(django_user_model, network["news"], "colleague", REPORTER),
        "editor": staff(django_user_model, network["news"], "editor", EDITOR),
        "sport_editor": staff(django_user_model, network["sport"], "sporteditor", EDITOR),
    }
