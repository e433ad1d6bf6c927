from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Site

from masthead.live.models import BreakingNewsBanner
from masthead.live.selectors import banners_compute
from masthead.newsroom.tests import factories as f

pytestmark = pytest.mark.django_db


def _showing(client, host: str = "localhost") -> list[str]:
    response = client.get("/live/banners/", HTTP_HOST=host)
    assert response.status_code == 200
    return [b["text"] for b in response.json()["banners"]]


def _raise(text: str, *, site=None, **fields) -> BreakingNewsBanner:
    banner = BreakingNewsBanner(text=text, site=site, **fields)
    banner.full_clean()
    banner.save()
    return banner


def test_a_network_banner_shows_on_every_site_and_a_site_banner_on_its_own(client, network):
    sport = Site.objects.get(hostname="sport.localhost")
    _raise("Polls close")
    _raise("Final whistle", site=sport)

    assert _showing(client, "localhost") == ["Polls close"]
    assert _showing(client, "money.localhost") == ["Polls close"]
    assert sorted(_showing(client, "sport.localhost")) == ["Final whistle", "Polls close"]


def test_a_raised_banner_reaches_an_already_cached_answer_at_once(client, network):
    assert _showing(client) == []
    banner = _raise("Earthquake felt across the region")
    assert _showing(client) == ["Earthquake felt across the region"]
    banner.delete()
    assert _showing(client) == []


def test_expired_and_not_yet_started_banners_are_not_shown(client, network):
    now = timezone.now()
    _raise("Old news", starts_at=now - timedelta(hours=3), expires_at=now - timedelta(hours=1))
    _raise("Later", starts_at=now + timedelta(hours=1), expires_at=now + timedelta(hours=2))
    assert _showing(client) == []


def test_a_cached_list_holds_no_longer_than_the_first_expiry(network):
    now = timezone.now()
    _raise("Short", starts_at=now - timedelta(minutes=1), expires_at=now + timedelta(seconds=20))
    banners, holds = banners_compute(site_id=None, at=now)
    assert [b["text"] for b in banners] == ["Short"]
    assert holds == 20
    banners, holds = banners_compute(site_id=None, at=now + timedelta(seconds=21))
    assert banners == []


def test_a_banner_starting_soon_shortens_how_long_the_list_holds(network):
    now = timezone.now()
    _raise("Soon", starts_at=now + timedelta(seconds=7), expires_at=now + timedelta(hours=1))
    banners, holds = banners_compute(site_id=None, at=now)
    assert banners == []
    assert holds == 7


def test_a_link_to_a_live_story_is_absolute_and_a_draft_is_never_revealed(client, network):
    story = f.make_article(network["world"], title="Live story")
    draft = f.make_article(network["world"], title="Secret draft", live=False)
    _raise("Read this", link_page=story)
    _raise("Do not leak", link_page=draft)

    banners = {b["text"]: b for b in client.get("/live/banners/").json()["banners"]}

    assert banners["Read this"]["url"] == "http://localhost/news/world/live-story/"
    assert banners["Do not leak"]["url"] is None
    assert b"secret-draft" not in client.get("/live/banners/").content


def test_banner_answer_is_revalidated_by_browsers_and_briefly_kept_by_a_cdn(client, network):
    response = client.get("/live/banners/")
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=5, must-revalidate"


def test_a_banner_must_expire_after_it_starts_and_link_only_to_the_web(network):
    now = timezone.now()
    with pytest.raises(ValidationError):
        _raise("Backwards", starts_at=now, expires_at=now - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        _raise("Script", link_url="javascript:alert(1)")


def test_an_editor_raises_a_banner_in_the_wagtail_admin(client, network, django_user_model):
    editor = django_user_model.objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(editor)
    now = timezone.localtime()
    response = client.post(
        "/admin/snippets/live/breakingnewsbanner/add/",
        {
            "text": "Storm warning for the coast",
            "link_url": "",
            "site": "",
            "starts_at": now.strftime("%Y-%m-%d %H:%M"),
            "expires_at": (now + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert _showing(client, "sport.localhost") == ["Storm warning for the coast"]
