"""Thread helpers: the replies already loaded for one top-level comment."""

from django import template

from masthead.comments import conf

register = template.Library()


@register.simple_tag
def thread_replies(thread, comment) -> dict:
    replies = thread.replies.get(comment.pk, [])
    more = comment.reply_count > len(replies) and len(replies) >= conf.replies_shown()
    return {"replies": replies, "more": more, "after": replies[-1].path if replies else ""}
