"""Demo step: a few generated members and threads (our own generated text) on demo stories."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

OPENERS = [
    "Good to see this reported properly.",
    "I read this twice and still have questions.",
    "The figures in the third paragraph are worth a closer look.",
    "This matches what people are saying where I live.",
    "Thanks for the clear explanation.",
    "I am not convinced, but it is a fair summary.",
]
MIDDLES = [
    "What happens next matters more than the headline.",
    "Local councils will have to answer for this.",
    "The timeline here is helpful.",
    "More detail on the costs would help.",
    "There is a longer story behind this one.",
]
REPLIES = [
    "Agreed, and the follow-up should say so.",
    "I see it differently: the context changes a lot.",
    "Good point. Do you have a source for that?",
    "That was my first thought too.",
]


def build_comments(*, homes, rng, console) -> None:
    from allauth.account.models import EmailAddress
    from wagtail.models import Site

    from masthead.accounts.models import User
    from masthead.comments import services
    from masthead.comments.models import Comment, CommentSiteSettings, Status
    from masthead.newsroom.models import StandardPage, StoryPage

    members = []
    for name in ("harbourlight", "quillwright", "northerly", "tidewatcher", "longreader"):
        user = User.objects.filter(username=name).first()
        if user is None:
            user = User.objects.create_user(
                username=name, email=f"{name}@example.test", password=None
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        members.append(user)

    for home in homes:
        site = Site.objects.filter(root_page=home).first()
        if site is None:
            continue
        site_settings = CommentSiteSettings.for_site(site)
        policy = StandardPage.objects.child_of(home).filter(slug="comments-policy").first()
        site_settings.policy_page = policy
        site_settings.suspect_words = "scam\nfake news"
        site_settings.banned_words = "idiot*\nmoron*"
        site_settings.save()
        stories = list(
            StoryPage.objects.live().descendant_of(home).order_by("-first_published_at")[:6]
        )
        for story in stories:
            published = story.first_published_at or timezone.now()
            # (minutes after publication, author, body, index of the root it answers or None)
            plan: list[tuple[int, object, str, int | None]] = []
            for n in range(rng.randint(2, 6)):
                author = rng.choice(members)
                plan.append(
                    (5 + 7 * n, author, f"{rng.choice(OPENERS)} {rng.choice(MIDDLES)}", None)
                )
                thread = len(plan) - 1
                others = [m for m in members if m != author]
                # Each reply in a thread says something different, and nobody answers themself.
                for m, reply in enumerate(rng.sample(REPLIES, rng.randint(0, 3))):
                    plan.append((5 + 7 * n + m + 1, rng.choice(others), reply, thread))
            # A story published minutes ago has a conversation of minutes, never one dated
            # after now: the thread is squeezed into the time the story has been out.
            room = (timezone.now() - published).total_seconds() / 60 - 1
            scale = min(1.0, max(room, 0) / max(offset for offset, *_ in plan))
            made: list = []
            for offset, author, body, root_index in plan:
                parent = made[root_index] if root_index is not None else None
                comment = _insert(
                    story,
                    author,
                    body,
                    parent,
                    published + timedelta(minutes=offset * scale),
                    site.pk,
                )
                services._visibility_changed(comment, 1)
                made.append(comment)
            if rng.random() < 0.5:
                first = Comment.objects.filter(page=story, depth=0, status=Status.PUBLISHED).first()
                if first:
                    Comment.objects.filter(pk=first.pk).update(featured=True)
    console.print(f"  comments: {Comment.objects.count()} on the demo stories")


def _insert(story, author, body, parent, when, site_id):
    from masthead.comments import text
    from masthead.comments.models import Comment, Status

    comment = Comment.objects.create(
        page=story,
        site_id=site_id,
        section_id=story.get_parent().pk if story.depth > 3 else None,
        author=author,
        parent=parent,
        root_id=(parent.root_id or parent.pk) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        body=body,
        body_html=text.render_body(body),
        body_hash=text.body_hash(body),
        status=Status.PUBLISHED,
        created_at=when,
        published_at=when,
    )
    comment.path = (parent.path + "/" if parent else "") + f"{comment.pk:010d}"
    comment.save(update_fields=["path"])
    return comment
