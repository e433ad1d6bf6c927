"""Drafts, held or rejected comments, declined or unreviewed contributions and private photo
originals never reach a public output (issue #9, "Who may do what").

One of each private thing is made with a unique marker word in its text; then every public
output is fetched on every site of the network, anonymously and as another signed-in reader:
front, section and tag pages, the story page and its comment thread, the comment counts
fragment, site/section/tag feeds (RSS, Atom, JSON), the search page, sitemaps (the index and
every sitemap it lists), the live new-stories endpoint, profiles, the API's lists, details,
search, tags, comments, new stories and profiles; and the e-mails sent to other readers.
No private marker may appear in any of them. As a control, a published counterpart of each
(with its own marker) must appear where it belongs, so the test can fail.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from masthead.accounts.tests.factories import make_member
from masthead.comments import services as comments
from masthead.comments.models import Comment, CommentSiteSettings, Status
from masthead.contributions import services as contributions
from masthead.contributions.models import Contribution
from masthead.contributions.tests import files
from masthead.newsroom.tests import factories as f

# Every public output of a built newsroom: `make test` runs it, not the inner loop.
pytestmark = [pytest.mark.django_db, pytest.mark.thorough]
HOSTS = ["localhost", "money.localhost", "sport.localhost"]
LONG_BODY = " ".join(f"word{n}" for n in range(210))

# Marker words: one per private thing, and one per published control.
PRIVATE = {
    "zqdraftstory": "a draft story (title)",
    "zqdraftstand": "a draft story (standfirst)",
    "zqdrafttag": "a tag only a draft carries",
    "zqmoneydraft": "a draft story on another site",
    "zqheldcomment": "a comment held by a moderator",
    "zqrejectedcomment": "a rejected comment",
    "zqheldreply": "a reply held by the site's rules (a link)",
    "zqdeclinedtitle": "a declined contribution (title)",
    "zqdeclinedbody": "a declined contribution (body)",
    "zqdeclinedcaption": "a declined contribution (photo caption)",
    "zqdeclinedplace": "a declined contribution (place)",
    "zqpendingtitle": "a contribution not yet reviewed (title)",
    "zqpendingcaption": "a contribution not yet reviewed (photo caption)",
    "zqpassstory": "a password-protected story (title)",
    "zqpassstand": "a password-protected story (standfirst)",
    "zqmembersstory": "a story in a sign-in-only section (title)",
    "zqmembersstand": "a story in a sign-in-only section (standfirst)",
    "zqteaserstand": "a premium teaser's standfirst (only its headline is listed)",
}
CONTROL = {
    "zqpubstory": "the published story",
    "zqpubtag": "the published story's tag",
    "zqpubcomment": "a published comment",
    "zqpubreply": "a published reply",
    "zqpubcontrib": "a published contribution",
    "zqteaserstory": "a premium teaser's headline (listed on purpose, with a lock)",
}


def _photo(caption: str) -> contributions.PhotoUpload:
    return contributions.PhotoUpload(file=io.BytesIO(files.jpeg_with_gps()), caption=caption)


def _contribution(user, site, *, kind, title, body, caption, place="Durban") -> Contribution:
    return contributions.contribution_save(
        user=user,
        site=site,
        kind=kind,
        title=title,
        body=body,
        place_text=place,
        declaration=True,
        licence=Contribution.Licence.NON_EXCLUSIVE,
        photos=[_photo(caption)],
        submit=True,
    )


@pytest.fixture
def newsroom(network, settings, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    settings.COMMENTS_MIN_INTERVAL_SECONDS = 0
    settings.COMMENTS_POST_RATE = "1000/m"
    site = Site.objects.get(root_page=network["news"])
    rules = CommentSiteSettings.for_site(site)
    rules.hold_first_comments = 0
    rules.hold_links = True  # the held reply carries a link
    rules.save()

    editor = make_member("leak_editor", is_staff=True)
    for codename in ("moderate_comment", "review_contribution", "access_admin"):
        editor.user_permissions.add(Permission.objects.get(codename=codename))
    group = Group.objects.create(name="Leak editors")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=network["news"],
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    editor.groups.add(group)
    alice = make_member("alice_leaks", notify_comment_replies=True)
    bob = make_member("bob_leaks", notify_comment_replies=True)
    carol = make_member("carol_leaks", notify_comment_replies=True)
    dora = make_member("dora_leaks", notify_contribution_decisions=True)

    now = timezone.now()
    story = f.make_article(
        network["world"],
        title="Zqpubstory harbour reopens",
        standfirst="Boats return.",
        tags=["Zqpubtag"],
        at=now - timedelta(minutes=2),
    )
    draft = f.make_article(
        network["world"],
        title="Zqdraftstory zqdraftstoryhit embargoed",
        standfirst="Zqdraftstand zqdraftstandhit not yet.",
        tags=["Zqdrafttag"],
        live=False,
    )
    money_draft = f.make_article(
        network["markets"], title="Zqmoneydraft zqmoneydrafthit shares", live=False
    )
    # Live but restricted: a password on the story itself, and a sign-in-only section above
    # another. Both carry the public tag and author, so tag and author pages, their feeds and
    # the public story's related stories are checked too. Newest first, so a listing that
    # forgot them would show them at the top.
    columnist = f.make_author("Zqpub Columnist")
    story.authors.add(columnist)
    f.publish(story, at=now - timedelta(minutes=2))
    password_story = f.make_article(
        network["world"],
        title="Zqpassstory zqpassstoryhit inquiry",
        standfirst="Zqpassstand zqpassstandhit findings.",
        tags=["Zqpubtag"],
        at=now - timedelta(seconds=30),
    )
    password_story.authors.add(columnist)
    f.publish(password_story, at=now - timedelta(seconds=30))
    # Commented on before the password was set: the reader's profile must not name it.
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_create(page=password_story, author=carol, body="zqpubreply earlier")
    PageViewRestriction.objects.create(
        page=password_story,
        restriction_type=PageViewRestriction.PASSWORD,
        password="zqsecretword",
    )
    members = f.make_section(network["news_section"], "Members lounge")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    members_story = f.make_article(
        members,
        title="Zqmembersstory zqmembersstoryhit briefing",
        standfirst="Zqmembersstand zqmembersstandhit details.",
        tags=["Zqpubtag"],
        at=now - timedelta(seconds=20),
    )
    teaser_story = f.make_article(
        members,
        title="Zqteaserstory exclusive interview",
        standfirst="Zqteaserstand zqteaserstandhit what was said.",
        at=now - timedelta(seconds=10),
        premium_teaser=True,
    )

    with django_capture_on_commit_callbacks(execute=True):
        published = comments.comment_create(page=story, author=alice, body="zqpubcomment agreed")
        held = comments.comment_create(
            page=story, author=bob, body="zqheldcomment zqheldcommenthit hmm"
        )
        comments.comment_hold(actor=editor, comment_ids=[held.pk], reason="check")
        rejected = comments.comment_create(
            page=story, author=bob, body="zqrejectedcomment zqrejectedcommenthit rude"
        )
        comments.comment_reject(actor=editor, comment_ids=[rejected.pk], reason="rude")
        held_reply = comments.comment_create(
            page=story,
            author=bob,
            parent=published,
            body="zqheldreply zqheldreplyhit see https://spam.example/",
        )
        comments.comment_create(page=story, author=carol, parent=published, body="zqpubreply yes")

        declined = _contribution(
            dora,
            site,
            kind=Contribution.Kind.STORY,
            title="Zqdeclinedtitle zqdeclinedtitlehit flood",
            body=LONG_BODY + " zqdeclinedbody zqdeclinedbodyhit",
            caption="zqdeclinedcaption zqdeclinedcaptionhit water",
            place="Zqdeclinedplace zqdeclinedplacehit",
        )
        contributions.contribution_decline(actor=editor, contribution=declined, reason="No")
        pending = _contribution(
            dora,
            site,
            kind=Contribution.Kind.PICTURES,
            title="Zqpendingtitle zqpendingtitlehit storm",
            body="",
            caption="zqpendingcaption zqpendingcaptionhit sky",
        )
        accepted = _contribution(
            dora,
            site,
            kind=Contribution.Kind.STORY,
            title="Zqpubcontrib street party",
            body=LONG_BODY,
            caption="Street party",
        )
        contribution_page = contributions.contribution_accept(
            actor=editor, contribution=accepted, publish=True
        )

    assert Comment.objects.get(pk=held.pk).status == Status.PENDING
    assert Comment.objects.get(pk=rejected.pk).status == Status.REJECTED
    assert Comment.objects.get(pk=held_reply.pk).status == Status.PENDING
    assert Contribution.objects.get(pk=declined.pk).status == Contribution.Status.DECLINED
    assert Contribution.objects.get(pk=pending.pk).status == Contribution.Status.SUBMITTED
    contribution_page.refresh_from_db()
    assert contribution_page.live

    # Private photo files: for unpublished contributions, their stored name (shared by the
    # original and the clean copy); for the published one, the original's path and address
    # (its public image is a re-encoded copy stored under the same name, which is fine).
    secret_files = set()
    for contribution in (declined, pending, accepted):
        for photo in contribution.photos.all():
            secret_files |= {photo.original.name, f"/contribute/photos/{photo.pk}/original/"}
            if contribution is not accepted:
                secret_files.add(photo.original.name.rsplit("/", 1)[-1].split(".")[0])
    # Whose each private thing is: its own author may be told about it (a decision mail).
    owners = dict.fromkeys(("zqheldcomment", "zqrejectedcomment", "zqheldreply"), bob.email)
    owners |= {m: dora.email for m in PRIVATE if m.startswith(("zqdeclined", "zqpending"))}
    return {
        "network": network,
        "story": story,
        "draft": draft,
        "money_draft": money_draft,
        "restricted": [password_story, members_story, teaser_story],
        "members": members,
        "author": columnist,
        "contribution_page": contribution_page,
        "secret_files": secret_files,
        "owners": owners,
        "other_reader": make_member("erin_leaks"),
    }


def _public_urls(world) -> Iterator[tuple[str, str]]:
    """(host, path) of every public output."""
    network = world["network"]
    story = world["story"]
    ids = ",".join(
        str(page.pk) for page in (story, world["draft"], world["money_draft"], *world["restricted"])
    )
    since = (timezone.now() - timedelta(days=1)).isoformat().replace("+00:00", "Z")
    site_ids = [s.pk for s in Site.objects.order_by("pk")]
    for host in HOSTS:
        yield from (
            (host, "/"),
            (host, "/tags/zqpubtag/"),
            (host, "/tags/zqdrafttag/"),
            (host, "/feeds/rss/"),
            (host, "/feeds/atom/"),
            (host, "/feeds/json/"),
            (host, "/tags/zqpubtag/feed/rss/"),
            (host, "/tags/zqdrafttag/feed/atom/"),
            (host, "/sitemap.xml"),
            (host, f"/live/new-stories/?since={since}"),
            (host, f"/fragments/comments/counts/?ids={ids}"),
            (host, "/u/bob_leaks/"),
            (host, "/u/dora_leaks/"),
            (host, "/u/carol_leaks/"),
            (host, f"/authors/{world['author'].slug}/"),
            (host, "/sitemaps/news.xml"),
        )
        for marker in (*PRIVATE, *CONTROL):
            yield host, f"/search/?q={marker}"
    for section in ("news_section", "world", "markets", "football"):
        page = network[section]
        path = urlparse(page.full_url).path
        host = urlparse(page.full_url).hostname
        yield host, path
        yield host, f"{path}feed/rss/"
        yield host, f"{path}feed/json/"
    for page in (story, world["contribution_page"], world["contribution_page"].get_parent()):
        yield urlparse(page.full_url).hostname, urlparse(page.full_url).path
    yield "localhost", f"/fragments/comments/{story.pk}/"
    api = [
        "/api/v1/stories",
        "/api/v1/galleries",
        "/api/v1/tags",
        "/api/v1/tags/zqdrafttag",
        "/api/v1/sections",
        f"/api/v1/stories/{story.pk}/comments",
        "/api/v1/profiles/bob_leaks",
        "/api/v1/profiles/dora_leaks",
    ]
    for page in (world["draft"], world["money_draft"], *world["restricted"]):
        api += [f"/api/v1/stories/{page.pk}", f"/api/v1/stories/{page.pk}/comments"]
    api += ["/api/v1/tags/zqpubtag", f"/api/v1/authors/{world['author'].slug}"]
    for site_id in site_ids:
        api += [
            f"/api/v1/stories?site={site_id}",
            f"/api/v1/live/new-stories?site={site_id}&since={since}",
        ]
    for marker in (*PRIVATE, *CONTROL):
        api.append(f"/api/v1/search?q={marker}")
    yield from (("localhost", path) for path in api)


def _fetch_all(client: Client, world) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = list(_public_urls(world))
    while queue:
        host, path = queue.pop(0)
        key = f"{host}{path}"
        if key in seen:
            continue
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code < 500, f"{key}: {response.status_code}"
        text = response.content.decode("utf-8", "replace")
        seen[key] = text
        if path == "/sitemap.xml":
            # Follow the index to every sitemap it lists.
            for loc in re.findall(r"<loc>([^<]+)</loc>", text):
                url = urlparse(loc)
                queue.append((url.hostname or host, url.path))
    return seen


def _sought(marker: str, where: str) -> str:
    """What betrays ``marker`` in the output fetched from ``where``. A page that echoes its
    own address (the search box keeps the query, a tag page names its tag) shows the marker
    it was asked for; the private text carries a second word, ``<marker>hit``, that only the
    private thing itself can bring (a tag has none: its page is checked for the draft's)."""
    return f"{marker}hit" if marker in where.lower() else marker


def test_nothing_private_reaches_a_public_output(newsroom, client):
    world = newsroom
    signed_in = Client()
    signed_in.force_login(world["other_reader"])
    outputs = {}
    for who, browser in (("anonymous", client), ("another reader", signed_in)):
        outputs |= {f"{who}: {key}": text for key, text in _fetch_all(browser, world).items()}
    assert len(outputs) > 200

    leaks = [
        f"{PRIVATE[marker]} ({marker}) in {where}"
        for where, text in outputs.items()
        for marker in PRIVATE
        if _sought(marker, where) in text.lower()
    ]
    leaks += [
        f"a private photo file ({name}) in {where}"
        for where, text in outputs.items()
        for name in world["secret_files"]
        if name in text
    ]
    # Notifications: a private marker reaches no mail to anyone but its own author.
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}".lower()
        leaks += [
            f"{PRIVATE[marker]} ({marker}) in a mail to {message.to}"
            for marker in PRIVATE
            if marker in text and message.to != [world["owners"].get(marker)]
        ]
    assert not leaks, "\n".join(leaks)

    # The controls: the published counterparts reach the same outputs.
    def found(marker: str, where: str) -> bool:
        return marker in outputs[f"anonymous: {where}"].lower()

    assert found("zqpubstory", "localhost/")
    assert found("zqpubstory", "localhost/feeds/rss/")
    assert found("zqpubstory", "localhost/feeds/atom/")
    assert found("zqpubstory", "localhost/search/?q=zqpubstory")
    assert found("zqpubstory", "localhost/api/v1/stories")
    assert found("zqpubstory", "localhost/api/v1/search?q=zqpubstory")
    assert found("zqpubtag", "localhost/api/v1/tags")
    assert found("zqpubtag", "localhost/tags/zqpubtag/feed/rss/")
    assert any("zqpubstory" in text for key, text in outputs.items() if "sitemaps/" in key)
    assert any(
        "new-stories" in key and "zqpubstory" in text.lower() for key, text in outputs.items()
    )
    assert found("zqpubcomment", f"localhost/fragments/comments/{world['story'].pk}/")
    assert found("zqpubcomment", f"localhost/api/v1/stories/{world['story'].pk}/comments")
    assert found("zqpubcontrib", "localhost/search/?q=zqpubcontrib")
    assert found("zqpubcontrib", "localhost/api/v1/stories")
    counts = next(text for key, text in outputs.items() if "/fragments/comments/counts/" in key)
    assert f'"{world["story"].pk}": 2' in counts, counts  # the comment and the reply published
    replies = [m for m in mail.outbox if "zqpubreply" in m.body]
    assert replies and replies[0].to == ["alice_leaks@example.test"]

    # The premium teaser is listed on purpose, headline only, with its lock; and the public
    # story still reaches the tag and author pages the restricted ones were left out of.
    front = outputs["anonymous: localhost/"]
    assert "zqteaserstory" in front.lower()
    teaser = front[
        front.lower().index("zqteaserstory") - 600 : front.lower().index("zqteaserstory")
    ]
    assert "teaser--locked" in teaser and "Members only" in teaser
    assert any(
        "new-stories" in key and "zqteaserstory" in text.lower() for key, text in outputs.items()
    )
    assert found("zqpubstory", "localhost/tags/zqpubtag/")
    assert found("zqpubstory", f"localhost/authors/{world['author'].slug}/")


def test_the_restricted_stories_are_there_for_readers_who_may_open_them(newsroom, client):
    # The control for the restricted markers: they are live, and open to the right reader.
    password_story, members_story, _teaser = newsroom["restricted"]
    assert client.get(password_story.url).status_code == 200
    assert (
        "zqpassstory zqpassstoryhit" not in client.get(password_story.url).content.decode().lower()
    )
    assert client.get(members_story.url).status_code == 302
    reader = Client()
    reader.force_login(newsroom["other_reader"])
    assert (
        "zqmembersstory zqmembersstoryhit" in reader.get(members_story.url).content.decode().lower()
    )
