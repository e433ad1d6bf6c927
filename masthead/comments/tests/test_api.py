import pytest

from masthead.comments import services
from masthead.comments.models import CommentMode, Mode

pytestmark = pytest.mark.django_db


def test_api_reads_published_comments_with_replies_by_key(client, story, reader, other):
    root = services.comment_create(page=story, author=reader, body="Root <b>x</b>")
    services.comment_create(page=story, author=other, body="Reply", parent=root)
    CommentMode.objects.create(page=story, mode=Mode.PREMODERATED)
    services.comment_create(page=story, author=other, body="Held back")
    response = client.get(f"/api/v1/stories/{story.pk}/comments")
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [i["body"] for i in items] == ["Root <b>x</b>", "Reply"]
    assert items[0]["body_html"] == "<p>Root &lt;b&gt;x&lt;/b&gt;</p>"
    assert items[1]["author_url"] == "http://localhost/u/other/"
    assert items[1]["parent_id"] == root.pk


def test_api_refuses_bad_keys_and_unknown_stories(client, story):
    assert client.get(f"/api/v1/stories/{story.pk}/comments?after=zzz").status_code == 400
    assert client.get("/api/v1/stories/999999/comments").status_code == 404
