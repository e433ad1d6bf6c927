"""Run inside `manage.py shell` by bench/loadtest/run.py after the demo network is built:
readers' accounts, a moderator, and the pages the load visits, written as JSON.

Input (environment): LOADTEST_READERS (accounts), LOADTEST_PASSWORD, LOADTEST_TARGETS (the
JSON file to write). Accounts are made the way sign-up leaves them (a verified primary
e-mail). Half of them are regulars: their first comments were approved through the
moderation service, so what they post now is published at once; the other half are
newcomers, whose comments are held for review (the site's "hold first comments" rule).
Both are acknowledged writes.
"""

from __future__ import annotations

import json
import os

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from wagtail.models import Site

from masthead.accounts.models import User
from masthead.comments import services as comment_services
from masthead.comments.models import CommentSiteSettings, Mode
from masthead.newsroom.models import SectionPage, StoryPage, StoryTag

READERS = int(os.environ["LOADTEST_READERS"])
PASSWORD = os.environ["LOADTEST_PASSWORD"]
ARTICLES_PER_SITE = 300


def local_path(page, site: Site) -> str:
    root = site.root_page.url_path
    return "/" + page.url_path[len(root) :]


def site_targets(site: Site) -> dict:
    home = site.root_page
    stories = list(
        StoryPage.objects.live()
        .public()
        .descendant_of(home)
        .order_by("-first_published_at")
        .only("id", "url_path", "comments_open", "first_published_at", "path", "depth")[
            :ARTICLES_PER_SITE
        ]
    )
    settings = CommentSiteSettings.for_site(site)
    commentable = []
    for story in stories[:60]:
        mode, _ = comment_services.mode_for_story(story=story, site_settings=settings)
        if mode != Mode.CLOSED:
            commentable.append({"id": story.pk, "path": local_path(story, site)})
    # Only tags a reader can reach: a tag carried by drafts or restricted stories alone has no
    # page (404), and picking one at random failed a CI run now and then.
    tags = list(
        StoryTag.objects.filter(
            content_object__in=StoryPage.objects.live().public().descendant_of(home)
        )
        .values_list("tag__slug", flat=True)
        .distinct()[:40]
    )
    sections = [
        local_path(s, site) for s in SectionPage.objects.live().public().descendant_of(home)
    ]
    return {
        "host": site.hostname,
        "sections": sections,
        "tags": [f"/tags/{slug}/" for slug in tags],
        "articles": [{"id": s.pk, "path": local_path(s, site)} for s in stories],
        "commentable": commentable,
    }


def make_readers(first_story: StoryPage) -> list[dict]:
    password_hash = make_password(PASSWORD)  # one hash for all: PBKDF2 is slow on purpose
    moderator, made = User.objects.get_or_create(
        username="lt-moderator", defaults={"email": "lt-moderator@example.test"}
    )
    if made:
        moderator.is_staff = moderator.is_superuser = True
        moderator.set_unusable_password()
        moderator.save()
    site = Site.objects.get(root_page__in=first_story.get_ancestors())
    needed = CommentSiteSettings.for_site(site).hold_first_comments
    accounts = []
    for n in range(READERS):
        username = f"lt-reader-{n:04d}"
        email = f"{username}@example.test"
        user = User.objects.create_user(username=username, email=email)
        user.password = password_hash
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        regular = n % 2 == 0
        if regular:
            # Their first comments, approved: from now on their comments publish at once.
            ids = []
            for k in range(needed):
                comment = comment_services.comment_create(
                    page=first_story,
                    author=user,
                    body=f"Setup comment {k} by reader {n}: a regular of these pages.",
                )
                ids.append(comment.pk)
            comment_services.comment_approve(actor=moderator, comment_ids=ids)
        accounts.append({"email": email, "username": username, "regular": regular})
    return accounts


def main() -> None:
    # Setup only: the accounts' first comments come in a burst; the load keeps the limits.
    os.environ["COMMENTS_MIN_INTERVAL_SECONDS"] = "0"
    os.environ["COMMENTS_POST_RATE"] = "1000000/m"
    os.environ["COMMENTS_ADDRESS_POST_RATE"] = "1000000/m"
    sites = list(Site.objects.select_related("root_page").order_by("-is_default_site", "hostname"))
    targets = {"sites": [site_targets(site) for site in sites]}
    first = next(t for t in targets["sites"] if t["commentable"])["commentable"][-1]
    with transaction.atomic():
        accounts = make_readers(StoryPage.objects.get(pk=first["id"]))
    targets["accounts"] = accounts
    with open(os.environ["LOADTEST_TARGETS"], "w") as out:
        json.dump(targets, out, indent=1)
    print(
        json.dumps(
            {
                "sites": len(sites),
                "articles": sum(len(t["articles"]) for t in targets["sites"]),
                "commentable": sum(len(t["commentable"]) for t in targets["sites"]),
                "accounts": len(accounts),
            }
        )
    )


main()
