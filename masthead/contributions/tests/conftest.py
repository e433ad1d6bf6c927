from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Site

from masthead.accounts.tests.factories import make_member
from masthead.contributions import services
from masthead.contributions.models import Contribution
from masthead.contributions.tests import files


def words(n: int) -> str:
    """``n`` words in paragraphs of 50."""
    chunks = [
        " ".join(f"word{i}" for i in range(start, min(n, start + 50))) for start in range(0, n, 50)
    ]
    return "\n\n".join(chunks)


@pytest.fixture
def site(network):
    return Site.objects.get(root_page=network["news"])


@pytest.fixture
def reader(db):
    return make_member("reporter_reader", display_name="Rita Reader")


@pytest.fixture
def editor(network):
    """A desk editor: reviews contributions and may publish pages on the news site."""
    user = make_member("desk_editor", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="review_contribution"),
        Permission.objects.get(codename="access_admin"),
    )
    group = Group.objects.create(name="News editors")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=network["news"],
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    user.groups.add(group)
    return user


@pytest.fixture
def make_contribution(site, reader):
    def build(
        *, kind=Contribution.Kind.STORY, n_words=200, photos=1, submit=True, user=None, **fields
    ) -> Contribution:
        return services.contribution_save(
            user=user or reader,
            site=site,
            kind=kind,
            title=fields.pop("title", "Flooding on Smith Street"),
            body=fields.pop("body", words(n_words)),
            place_text=fields.pop("place_text", "Durban"),
            declaration=True,
            licence=Contribution.Licence.NON_EXCLUSIVE,
            photos=[
                services.PhotoUpload(
                    file=io.BytesIO(files.jpeg_with_gps()), caption=f"Photo {i + 1}"
                )
                for i in range(photos)
            ],
            submit=submit,
            **fields,
        )

    return build
