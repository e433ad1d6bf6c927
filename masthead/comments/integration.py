"""What comments add to other apps through their extension points: the reader's profile, data
export, account eraser and profile changes (accounts.hooks), and the demo network
(newsroom.demo.steps)."""

from __future__ import annotations

from typing import Any


def _personal_data(user) -> list[dict[str, Any]]:
    from masthead.comments.models import Comment

    return [
        {
            "id": c.pk,
            "story_id": c.page_id,
            "parent_id": c.parent_id,
            "status": c.status,
            "body": c.body,
            "created_at": c.created_at.isoformat(),
            "edited_at": c.edited_at.isoformat() if c.edited_at else None,
            "rejection_reason": c.rejection_reason,
        }
        for c in Comment.objects.filter(author=user).order_by("created_at", "id")
    ]


def _erase(user, keep_content: bool) -> None:
    from masthead.comments.services import comments_erase_author

    comments_erase_author(user=user, keep_content=keep_content)


def _profile_context(user) -> dict[str, Any]:
    from masthead.comments.selectors import comments_visible_for_author

    return {"comments": comments_visible_for_author(author=user)}


def _profile_changed(user_id: int) -> None:
    """Threads are cached whole and show each author's name and picture: every thread the
    reader wrote in is rendered again (one version bump per story, after the commit)."""
    from masthead.comments.models import Comment
    from masthead.comments.selectors import thread_changed

    pages = Comment.objects.filter(author_id=user_id).values_list("page_id", flat=True)
    for page_id in pages.distinct().order_by():
        thread_changed(page_id)


def register() -> None:
    from masthead.accounts import hooks
    from masthead.comments import demo
    from masthead.newsroom.demo import steps

    hooks.register_profile_section(
        key="comments",
        title="Recent comments",
        template="comments/profile_section.html",
        context=_profile_context,
        order=30,
    )
    hooks.register_personal_data("comments", _personal_data)
    hooks.register_eraser("comments", _erase)
    hooks.register_profile_listener("comments", _profile_changed)
    steps.register("comments", demo.build_comments, order=50)
