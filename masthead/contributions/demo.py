"""Demo content: each site's Community section with a call-out, a few published reader
stories and a user gallery, sent in by generated members through the real services."""

from __future__ import annotations

import io
import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import Site

from masthead.contributions import services
from masthead.contributions.models import CallOutPage, Contribution
from masthead.newsroom.demo import pictures, text


def _member(rng: random.Random, n: int):
    User = get_user_model()
    name = text.person(rng)
    username = f"reader{n}{name.split()[0].lower()}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            email=f"{username}@example.test",
            password=None,
            display_name=name,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _photo(rng: random.Random) -> bytes:
    """A drawn photo the upload checks accept: the polyglot check looks for markers such as
    "PK" + 03 04 anywhere in the bytes, which compressed picture data can hold by chance."""
    from masthead.contributions.photos import check_photo
    from masthead.core.images import ImageRejected

    while True:
        data = pictures.draw(rng, 1200, 800)
        try:
            check_photo(io.BytesIO(data))
        except ImageRejected:
            continue
        return data


# What readers of each site write about: their own town's news, money or sport.
READER_DESKS = {"news": "local", "money": "your-money", "sport": "football"}


def _home_places(home) -> list[str]:
    return list(text.AREAS[text.SITE_AREAS.get(home.slug, "cape")])


def _long_text(rng: random.Random, *, home, place: str) -> tuple[str, str]:
    desk = READER_DESKS.get(home.slug, "local")
    copy = text.story(rng, topic_hint=desk, place=place, site=home.slug)
    paras = list(copy.paragraphs)
    while len(" ".join(paras).split()) < 260:
        paras.extend(text.story(rng, topic_hint=desk, place=place, site=home.slug).paragraphs)
    return copy.headline, "\n\n".join(paras)


def build_contributions(*, homes, rng: random.Random, console) -> None:
    User = get_user_model()
    editor = User.objects.filter(is_superuser=True).order_by("id").first()
    if editor is None:
        console.print("contributions: no superuser to decide, skipped")
        return
    review = Permission.objects.get(codename="review_contribution")
    for group in Group.objects.filter(name__endswith=" editors"):
        group.permissions.add(review)
    n = 0
    for home in homes:
        site = Site.objects.get(root_page=home)
        community = services.community_section_for(site=site)
        services.user_galleries_section_for(site=site)
        place = rng.choice(_home_places(home))
        callout = CallOutPage(
            title=f"Send us your pictures of the storm in {place}",
            brief=(
                f"Were you in {place} when the storm came through? Send us your pictures of "
                "flooded streets, fallen trees and neighbours helping each other, with where "
                "and when you took them. Stay safe: do not take risks for a picture."
            ),
            place_text=place,
            deadline=timezone.now() + timedelta(days=14),
        )
        community.add_child(instance=callout)
        callout.save_revision(user=editor).publish(user=editor)
        for _ in range(2):
            n += 1
            member = _member(rng, n)
            story_place = rng.choice(_home_places(home))
            title, body = _long_text(rng, home=home, place=story_place)
            contribution = services.contribution_save(
                user=member,
                site=site,
                kind=Contribution.Kind.STORY,
                title=title,
                body=body,
                place_text=story_place,
                declaration=True,
                licence=Contribution.Licence.NON_EXCLUSIVE,
                photos=[
                    services.PhotoUpload(
                        file=io.BytesIO(_photo(rng)),
                        caption=f"The scene {text.rng_detail(rng)}.",
                    )
                ],
                submit=True,
            )
            services.contribution_accept(actor=editor, contribution=contribution, publish=True)
        n += 1
        member = _member(rng, n)
        gallery = services.contribution_save(
            user=member,
            site=site,
            kind=Contribution.Kind.PICTURES,
            title=f"The storm in {place}",
            body=f"Pictures from {place} as the storm passed.",
            place_text=place,
            callout=callout,
            declaration=True,
            licence=Contribution.Licence.NON_EXCLUSIVE,
            photos=[
                services.PhotoUpload(
                    file=io.BytesIO(_photo(rng)),
                    caption=f"{place}, {text.rng_detail(rng)}.",
                    place_text=place,
                )
                for _ in range(3)
            ],
            submit=True,
        )
        services.contribution_accept(actor=editor, contribution=gallery, publish=True)
    console.print(f"contributions: {n} reader contributions published")
