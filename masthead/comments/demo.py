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
            start = (story.first_published_at or timezone.now()) + timedelta(minutes=5)
            for n in range(rng.randint(2, 6)):
                body = f"{rng.choice(OPENERS)} {rng.choice(MIDDLES)}"
                root = _insert(
                    story,
                    rng.choice(members),
                    body,
                    None,
                    start + timedelta(minutes=7 * n),
                    site.pk,
                )
                services._visibility_changed(root, 1)
                for m in range(rng.randint(0, 3)):
                    parent = root
                    reply = _insert(
                        story,
                        rng.choice(members),
                        rng.choice(REPLIES),
                        parent,
                        start + timedelta(minutes=7 * n + m + 1),
                        site.pk,
                    )
                    services._visibility_changed(reply, 1)
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
