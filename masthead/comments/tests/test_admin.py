import pytest

from masthead.accounts.models import Suspension
from masthead.accounts.tests.factories import make_member, sign_in
from masthead.comments import services
from masthead.comments.models import Action, Comment, CommentMode, Mode, ModerationLog, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(story, reader):
    CommentMode.objects.create(page=story, mode=Mode.PREMODERATED)
    return [services.comment_create(page=story, author=reader, body=f"Held {n}") for n in range(3)]


def test_queue_needs_the_permission(client, held):
    staff = make_member("plainstaff", is_staff=True)
    sign_in(client, staff)
    response = client.get("/admin/comments/")
    assert response.status_code in (302, 403)


def test_queue_lists_pending_with_filters(client, editor, held, reader):
    sign_in(client, editor)
    html = client.get("/admin/comments/?queue=pending").content.decode()
    assert all(f"Held {n}" in html for n in range(3))
    assert (
        "Held 0" not in client.get("/admin/comments/?queue=pending&author=nobody").content.decode()
    )
    assert "Held 0" in client.get(f"/admin/comments/?author={reader.username}").content.decode()


def test_single_and_bulk_actions_are_logged(client, editor, held, reader):
    sign_in(client, editor)
    a, b, c = held
    client.post("/admin/comments/?queue=pending", {"act": f"approve:{a.pk}", "reason": ""})
    client.post("/admin/comments/", {"act": f"reject:{b.pk}", "reason": "Personal attack"})
    client.post("/admin/comments/", {"act": "approve", "ids": [c.pk]})
    client.post("/admin/comments/", {"act": f"feature:{a.pk}"})
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses == {a.pk: Status.PUBLISHED, b.pk: Status.REJECTED, c.pk: Status.PUBLISHED}
    assert Comment.objects.get(pk=a.pk).featured
    assert Comment.objects.get(pk=b.pk).rejection_reason == "Personal attack"
    log = ModerationLog.objects.filter(actor=editor).values_list("action", flat=True)
    assert set(log) == {Action.APPROVED, Action.REJECTED, Action.FEATURED}
    assert "Personal attack" in client.get("/admin/comments/log/").content.decode()


def test_suspend_author_from_the_queue(client, editor, held, reader):
    sign_in(client, editor)
    client.post("/admin/comments/", {"act": f"suspend:{held[0].pk}", "days": "7", "reason": "Spam"})
    suspension = Suspension.objects.get(user=reader)
    assert suspension.ends_at is not None and suspension.reason == "Spam"
