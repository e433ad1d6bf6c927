"""Traffic pages, fragments (cacheable, keyed by place, bounded queries), feeds and the
reader's report form (anonymous, invalid, honeypot, rate limit, success)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.accounts.tests.factories import make_member, sign_in
from masthead.places.models import PlacesSettings
from masthead.traffic import services
from masthead.traffic.models import Alert
from masthead.traffic.tests.factories import make_alert


def _rows(world, count: int) -> None:
    Alert.objects.bulk_create(
        [
            Alert(
                road=f"R{n}",
                place=world["cape_town"] if n % 2 else world["western_cape"],
                kind="roadworks",
                severity="severe" if n % 3 == 0 else "minor",
                status="published",
                starts_at=timezone.now() - timedelta(hours=1),
                expected_end=timezone.now() + timedelta(hours=5),
            )
            for n in range(count)
        ]
    )


@pytest.mark.parametrize("count", [10, 300])
def test_ribbon_fragment_query_budget_does_not_grow(
    client, network, world, count, django_assert_max_num_queries
):
    _rows(world, count)
    # The place with its lineage (one select_related query), then the severe alerts.
    with django_assert_max_num_queries(2):
        response = client.get("/fragments/traffic/ribbon/cape-town/")
    assert response.status_code == 200
    assert response.content.count(b'class="traffic-ribbon"') == 3  # at most three shown


@pytest.mark.parametrize("count", [10, 300])
def test_box_and_page_query_budgets_do_not_grow(
    client, network, world, count, django_assert_max_num_queries
):
    _rows(world, count)
    with django_assert_max_num_queries(6):
        box = client.get("/fragments/traffic/western-cape/")
    assert box.status_code == 200
    assert b"Traffic: Western Cape" in box.content
    assert b'href="/traffic/western-cape/"' in box.content
    # The page's own 5 plus the site chrome every page has (site, sections, navigation).
    with django_assert_max_num_queries(20):
        page = client.get("/traffic/western-cape/")
    assert page.status_code == 200
    assert page.content.count(b'class="traffic-alert ') == min(count, 200)  # the page's limit


def test_fragments_are_cacheable_and_unknown_places_404(client, network, world):
    response = client.get("/fragments/traffic/ribbon/cape-town/")
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]
    assert not response.cookies
    assert client.get("/fragments/traffic/ribbon/atlantis/").status_code == 404
    assert client.get("/traffic/atlantis/").status_code == 404


def test_publishing_a_severe_alert_reaches_a_cached_ribbon_at_once(
    client, network, world, django_capture_on_commit_callbacks
):
    first = client.get("/fragments/traffic/ribbon/cape-town/")
    assert b"traffic-ribbon" not in first.content
    assert client.get("/fragments/traffic/ribbon/cape-town/")["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        services.alert_issue(
            by=None,
            road="N1 inbound",
            place=world["western_cape"],
            kind="closure",
            severity="severe",
            expected_end=timezone.now() + timedelta(hours=2),
        )
    after = client.get("/fragments/traffic/ribbon/cape-town/")
    assert b"N1 inbound" in after.content
    # A reader elsewhere sees no ribbon.
    assert b"traffic-ribbon" not in client.get("/fragments/traffic/ribbon/durban/").content


def test_site_default_place_answers_for_readers_without_a_choice(client, network, world):
    from wagtail.models import Site

    setting = PlacesSettings.for_site(Site.objects.get(hostname="localhost"))
    setting.default_place = world["cape_town"]
    setting.save()
    make_alert(world["western_cape"], severity="severe", road="N2")
    response = client.get("/fragments/traffic/ribbon/_site/")
    assert b"N2" in response.content
    box = client.get("/fragments/traffic/_site/")
    assert b"Traffic: Cape Town" in box.content


def test_every_page_has_the_ribbon_slot(client, network):
    response = client.get("/")
    assert b'data-place-fragment="/fragments/traffic/ribbon/{traffic}/"' in response.content


def test_region_feeds_list_active_alerts(client, network, world):
    make_alert(world["cape_town"], severity="severe", road="N2", kind="closure")
    make_alert(
        world["cape_town"],
        road="old",
        starts_at=timezone.now() - timedelta(hours=5),
        expected_end=timezone.now() - timedelta(hours=1),
    )
    rss = client.get("/traffic/western-cape/feed/rss/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    assert b"Road closed: N2 (Cape Town)" in rss.content and b"old" not in rss.content
    atom = client.get("/traffic/western-cape/feed/atom/")
    assert b"<feed" in atom.content and b"N2" in atom.content
    document = json.loads(client.get("/traffic/western-cape/feed/json/").content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    (item,) = document["items"]
    assert item["_traffic"]["severity"] == "severe" and item["_traffic"]["place"] == "cape-town"


def test_report_form_needs_a_signed_in_reader(client, network, world):
    response = client.get("/traffic/report/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post("/traffic/report/", {"road": "N1"}).status_code == 302
    assert not Alert.objects.exists()


def _report(**extra) -> dict:
    return {
        "road": "Main Road",
        "place": "Stellenbosch",
        "kind": "crash",
        "severity": "moderate",
        "description": "Two cars, one lane open",
        **extra,
    }


def test_reader_report_keeps_the_direction_when_given(client, network, world):
    sign_in(client, make_member())
    client.post("/traffic/report/", _report(direction="eastbound"))
    client.post("/traffic/report/", _report(road="M5"))
    assert dict(Alert.objects.values_list("road", "direction")) == {
        "Main Road": "eastbound",
        "M5": "",
    }
    refused = client.post("/traffic/report/", _report(direction="sideways"))
    assert refused.status_code == 400 and Alert.objects.count() == 2


def test_reader_report_is_held_for_review(client, network, world):
    reader = make_member()
    sign_in(client, reader)
    response = client.post("/traffic/report/", _report(), follow=True)
    assert b"waiting for an editor" in response.content
    alert = Alert.objects.get()
    assert (alert.status, alert.source, alert.reporter) == ("pending", "reader", reader)
    assert alert.place == world["stellenbosch"]


def test_invalid_report_and_unknown_place_are_refused_with_the_reason(client, network, world):
    sign_in(client, make_member())
    response = client.post("/traffic/report/", _report(place="Atlantis", road=""))
    assert response.status_code == 400
    assert b"We do not know that place" in response.content
    assert not Alert.objects.exists()


def test_honeypot_report_is_thanked_and_dropped(client, network, world):
    sign_in(client, make_member())
    response = client.post("/traffic/report/", _report(website="http://spam.example"))
    assert response.status_code == 302
    assert not Alert.objects.exists()


def test_reports_are_rate_limited(client, network, world, settings):
    settings.TRAFFIC_REPORT_RATE = "2/h"
    sign_in(client, make_member())
    assert client.post("/traffic/report/", _report()).status_code == 302
    assert client.post("/traffic/report/", _report()).status_code == 302
    third = client.post("/traffic/report/", _report())
    assert third.status_code == 429
    assert b"Try again in" in third.content
    assert Alert.objects.count() == 2


def test_traffic_page_leads_with_a_status_line_then_the_alerts_worst_first(client, network, world):
    make_alert(world["cape_town"], severity="minor", road="M3")
    make_alert(world["cape_town"], severity="severe", road="N2")
    make_alert(world["stellenbosch"], severity="severe", road="R44")
    html = client.get("/traffic/western-cape/").content.decode()
    assert "3 alerts: 2 severe, 1 minor." in html
    assert html.index(">N2<") < html.index(">M3<")
    assert 'href="/traffic/report/"' in html

    quiet = client.get("/traffic/durban/").content.decode()
    assert "No traffic alerts for Durban right now." in quiet


def _cards(html: str) -> list[str]:
    return re.findall(r'<li class="traffic-alert .*?</li>', html, flags=re.S)


def test_alert_card_says_severity_what_road_direction_place_and_times(client, network, world):
    now = timezone.now()
    alert = make_alert(
        world["stellenbosch"],
        severity="severe",
        kind="closure",
        road="R44",
        direction="both",
        description="Closed at the bridge after a crash.",
        starts_at=now - timedelta(minutes=40),
        expected_end=now + timedelta(hours=3),
    )
    make_alert(world["cape_town"], severity="minor", kind="roadworks", road="M3", direction="")
    html = client.get("/traffic/western-cape/").content.decode()
    severe, minor = _cards(html)
    assert f'id="alert-{alert.pk}"' in severe
    assert '<span class="badge traffic-badge traffic-badge--severe">Severe</span>' in severe
    assert '<span class="traffic-alert__kind">Road closed</span>' in severe
    road = r'<h3 class="traffic-alert__road">R44 <span[^>]*>both directions</span>'
    assert re.search(road, severe)
    assert "Stellenbosch</p>" in severe
    assert "Closed at the bridge after a crash." in severe
    starts = alert.starts_at.isoformat(timespec="seconds")
    assert "<dt>Since</dt>" in severe and "<dt>Expected to clear</dt>" in severe
    assert starts[:16] in severe  # the machine-readable start
    assert "SAST" in severe  # times in the place's own zone, labelled
    # No direction given: none claimed.
    assert re.search(r'<h3 class="traffic-alert__road">M3</h3>', minor)
    assert "traffic-badge--minor" in minor


def test_alerts_are_sorted_by_severity_then_newest_first(client, network, world):
    now = timezone.now()
    for road, severity, minutes in [
        ("M1", "minor", 5),
        ("S-old", "severe", 90),
        ("MOD", "moderate", 10),
        ("S-new", "severe", 15),
    ]:
        make_alert(
            world["cape_town"], severity=severity, road=road,
            starts_at=now - timedelta(minutes=minutes),
        )  # fmt: skip
    html = client.get("/traffic/cape-town/").content.decode()
    roads = [re.search(r'traffic-alert__road">([^<]+)', card).group(1) for card in _cards(html)]
    assert roads == ["S-new", "S-old", "MOD", "M1"]
    # The status box takes the worst alert's colour.
    assert 'class="traffic-status traffic-status--alerts traffic-status--severe"' in html


def test_the_status_box_is_red_only_when_an_alert_is_severe(client, network, world):
    make_alert(world["cape_town"], severity="minor", kind="roadworks", road="M3")
    html = client.get("/traffic/cape-town/").content.decode()
    assert 'class="traffic-status traffic-status--alerts traffic-status--minor"' in html
    assert "traffic-status--severe" not in html


def test_quiet_place_shows_the_empty_state_with_a_way_to_report(client, network, world):
    make_alert(world["durban"], severity="severe", road="N3")
    html = client.get("/traffic/cape-town/").content.decode()
    assert not _cards(html)
    assert "No traffic alerts for Cape Town right now." in html
    assert "Seen one on the road? Tell us" in html
    assert 'class="traffic-status"' in html  # the calm colour, not the alert one
    assert "Alerts, worst first" not in html and "wider area" not in html


def test_a_quiet_place_shows_the_alerts_of_the_regions_it_is_part_of(client, network, world):
    make_alert(world["western_cape"], severity="severe", kind="closure", road="N2")
    make_alert(world["durban"], severity="severe", road="N3")
    html = client.get("/traffic/stellenbosch/").content.decode()
    assert "No traffic alerts for Stellenbosch right now." in html
    assert "1 alert for the wider area is below" in html
    wider = html[html.index("Across the wider area") :]
    assert "Alerts for Western Cape, which Stellenbosch is part of." in wider
    assert [re.search(r'road">([^<]+)', card).group(1) for card in _cards(wider)] == ["N2"]
    # The region's own page lists it as its alert, not as a wider one.
    region = client.get("/traffic/western-cape/").content.decode()
    assert "Across the wider area" not in region and len(_cards(region)) == 1


def test_a_place_with_alerts_also_counts_its_wider_areas(client, network, world):
    make_alert(world["western_cape"], severity="severe", kind="closure", road="N2")
    make_alert(world["stellenbosch"], severity="minor", kind="roadworks", road="R44")
    html = client.get("/traffic/stellenbosch/").content.decode()
    status = html[html.index("Right now") : html.index("Report traffic")]
    assert "1 alert: 1 minor. 1 more for the wider area is below." in status
    assert [re.search(r'road">([^<]+)', card).group(1) for card in _cards(html)] == ["R44", "N2"]


def test_my_area_traffic_card_uses_the_compact_alert_card(client, network, world):
    make_alert(world["cape_town"], severity="severe", road="N2", direction="northbound",
               description="Not shown in the small card.")  # fmt: skip
    html = client.get("/fragments/traffic/cape-town/").content.decode()
    (card,) = _cards(html)
    assert "traffic-alert--compact" in card and "traffic-badge--severe" in card
    road = '<p class="traffic-alert__road">N2 <span class="traffic-alert__direction">northbound'
    assert road in card
    assert "Not shown in the small card." not in card
