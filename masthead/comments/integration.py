"""What comments add to other apps through their extension points: the reader's profile, data
export and account eraser (accounts.hooks), and the demo network (newsroom.demo.steps)."""

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
    steps.register("comments", demo.build_comments, order=50)
