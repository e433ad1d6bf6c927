"""Signed in everywhere at once: the ticket, the hop between sites, sign-out everywhere.

Django's test client keeps one cookie jar for every host, which would share the session as a
parent-domain cookie does. ``Browser`` keeps one client (one jar) per host, as a browser does
for unrelated domains, and follows redirects across them.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client
from django.utils import timezone

from masthead.accounts import network
from masthead.accounts.models import NetworkSession, NetworkSignIn, NetworkTicket
from masthead.accounts.tests.factories import PASSWORD, make_member
from masthead.core.sites import forget_network_sites

pytestmark = pytest.mark.django_db

HOME, MONEY, SPORT = "localhost", "money.localhost", "sport.localhost"


class Browser:
    """One cookie jar per host; follows redirects from host to host and records the hops."""

    def __init__(self) -> None:
        self.clients: dict[str, Client] = {}
        self.visited: list[str] = []

    def client(self, host: str) -> Client:
        return self.clients.setdefault(host, Client(HTTP_HOST=host))

    def request(self, method: str, host: str, path: str, data=None, follow: bool = True):
        response = getattr(self.client(host), method)(path, data or {}, HTTP_HOST=host)
        self.visited.append(f"{host}{path}")
        hops = 0
        while follow and response.status_code in (301, 302) and hops < 10:
            location = urlsplit(response["Location"])
            host = location.hostname or host
            path = location.path + (f"?{location.query}" if location.query else "")
            response = self.client(host).get(path, HTTP_HOST=host)
            self.visited.append(f"{host}{path}")
            hops += 1
        return response

    def get(self, host: str, path: str, **kwargs):
        return self.request("get", host, path, **kwargs)

    def post(self, host: str, path: str, data, **kwargs):
        return self.request("post", host, path, data, **kwargs)

    def signed_in_as(self, host: str) -> str | None:
        html = self.client(host).get("/fragments/account/", HTTP_HOST=host).content.decode()
        if 'class="account-nav__name"' not in html:
            return None
        return html.split('class="account-nav__name">', 1)[1].split("<", 1)[0]

    def sign_in(self, host: str, user) -> None:
        self.post(host, "/accounts/login/", {"login": user.email, "password": PASSWORD})

    def silent_check(self, host: str) -> str:
        """What masthead.js does with the fragment's data-network-check: one top-level hop."""
        html = self.client(host).get("/fragments/account/", HTTP_HOST=host).content.decode()
        marker = 'data-network-check="'
        if marker not in html:
            return ""
        url = html.split(marker, 1)[1].split('"', 1)[0].replace("&amp;", "&")
        target = urlsplit(url)
        self.get(target.hostname or host, f"{target.path}?{target.query}")
        return url


@pytest.fixture
def sites(network):
    forget_network_sites()
    return {s.hostname: s for s in network_sites_now()}


def network_sites_now():
    from masthead.core.sites import network_sites

    return network_sites()


@pytest.fixture
def member(network):
    return make_member("wanderer")


def _sign_in_record(user) -> NetworkSignIn:
    return NetworkSignIn.objects.create(public_id=network.new_state(), user=user)


# --- The ticket ---------------------------------------------------------------------------


def test_a_ticket_is_good_once_for_its_site_and_state(sites, member):
    sign_in = _sign_in_record(member)
    state = network.new_state()
    code = network.ticket_issue(sign_in=sign_in, audience=sites[MONEY], state=state)
    assert network.ticket_consume(code=code, audience=sites[MONEY], state=state) == sign_in
    with pytest.raises(network.TicketRefused):
        network.ticket_consume(code=code, audience=sites[MONEY], state=state)


def test_a_ticket_is_refused_by_another_site(sites, member):
    state = network.new_state()
    code = network.ticket_issue(sign_in=_sign_in_record(member), audience=sites[MONEY], state=state)
    with pytest.raises(network.TicketRefused, match="another site"):
        network.ticket_consume(code=code, audience=sites[SPORT], state=state)
    # Refused there, still good where it was meant to go.
    assert network.ticket_consume(code=code, audience=sites[MONEY], state=state).user == member


def test_a_ticket_for_another_browser_is_refused_and_spent(sites, member):
    state = network.new_state()
    code = network.ticket_issue(sign_in=_sign_in_record(member), audience=sites[MONEY], state=state)
    with pytest.raises(network.TicketRefused, match="another browser"):
        network.ticket_consume(code=code, audience=sites[MONEY], state=network.new_state())
    with pytest.raises(network.TicketRefused):
        network.ticket_consume(code=code, audience=sites[MONEY], state=state)


def test_an_expired_ticket_is_refused(sites, member):
    state = network.new_state()
    code = network.ticket_issue(sign_in=_sign_in_record(member), audience=sites[MONEY], state=state)
    NetworkTicket.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(network.TicketRefused, match="expired"):
        network.ticket_consume(code=code, audience=sites[MONEY], state=state)


def test_a_ticket_signed_too_long_ago_is_refused(sites, member):
    state = network.new_state()
    code = network.ticket_issue(sign_in=_sign_in_record(member), audience=sites[MONEY], state=state)
    payload = signing.loads(code, salt=network.TICKET_SALT)

    class Earlier(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(timezone.now().timestamp()) - network.TICKET_SECONDS - 5)

    old = Earlier(salt=network.TICKET_SALT).sign_object(payload)
    with pytest.raises(network.TicketRefused, match="signature"):
        network.ticket_consume(code=old, audience=sites[MONEY], state=state)


def test_a_tampered_or_forged_ticket_is_refused(sites, member):
    state = network.new_state()
    code = network.ticket_issue(sign_in=_sign_in_record(member), audience=sites[MONEY], state=state)
    payload = signing.loads(code, salt=network.TICKET_SALT)
    flipped = code[:5] + ("A" if code[5] != "A" else "B") + code[6:]
    rebadged = signing.dumps({**payload, "a": sites[SPORT].id}, salt="some other salt")
    forged = signing.dumps({"t": "guessed", "a": sites[MONEY].id}, salt=network.TICKET_SALT)
    for bad in (flipped, rebadged, forged, "", "not-a-ticket"):
        with pytest.raises(network.TicketRefused):
            network.ticket_consume(code=bad, audience=sites[MONEY], state=state)
    # The database holds a digest of the secret, never the secret.
    assert not NetworkTicket.objects.filter(digest=payload["t"]).exists()


def test_a_ticket_of_an_ended_sign_in_or_inactive_account_is_refused(sites, member):
    ended = _sign_in_record(member)
    state = network.new_state()
    code = network.ticket_issue(sign_in=ended, audience=sites[MONEY], state=state)
    NetworkSignIn.objects.filter(pk=ended.pk).update(ended_at=timezone.now())
    with pytest.raises(network.TicketRefused):
        network.ticket_consume(code=code, audience=sites[MONEY], state=state)
    code = network.ticket_issue(sign_in=_sign_in_record(member), audience=sites[MONEY], state=state)
    member.is_active = False
    member.save(update_fields=["is_active"])
    with pytest.raises(network.TicketRefused):
        network.ticket_consume(code=code, audience=sites[MONEY], state=state)


# --- The hop ------------------------------------------------------------------------------


def test_signed_in_on_the_home_the_reader_is_signed_in_on_the_other_sites_without_a_click(
    sites, member
):
    browser = Browser()
    browser.sign_in(HOME, member)
    assert browser.signed_in_as(HOME) == "wanderer"
    assert browser.signed_in_as(MONEY) is None
    landed = browser.get(MONEY, "/accounts/network/start/?next=/markets/")
    assert browser.visited[-1] == f"{MONEY}/markets/"
    assert landed.status_code in (200, 404)  # the section page itself is not the point here
    assert browser.signed_in_as(MONEY) == "wanderer"
    browser.silent_check(SPORT)
    assert browser.signed_in_as(SPORT) == "wanderer"
    # One sign-in, three sessions under it.
    assert NetworkSignIn.objects.filter(user=member).count() == 1
    assert NetworkSession.objects.filter(sign_in__user=member).count() == 3


def test_signed_in_on_a_sister_site_the_home_takes_the_sign_in_over(sites, member):
    browser = Browser()
    browser.post(MONEY, "/accounts/login/?next=/markets/", {"login": member.email,
                 "password": PASSWORD})  # fmt: skip
    assert browser.visited[-1] == f"{MONEY}/markets/"
    assert browser.signed_in_as(HOME) is None
    # The page's fragment: the home's start → money's authorize → the home's callback → money.
    told = browser.silent_check(MONEY)
    assert told.startswith(f"{sites[HOME].root_url}/accounts/network/start/?issuer=")
    assert any(v.startswith(f"{HOME}/accounts/network/callback/") for v in browser.visited)
    assert browser.visited[-1] == f"{MONEY}/"
    assert browser.signed_in_as(MONEY) == "wanderer"
    assert browser.signed_in_as(HOME) == "wanderer"
    # Told once: money's later pages do not hop again.
    assert browser.silent_check(MONEY) == ""
    browser.silent_check(SPORT)
    assert browser.signed_in_as(SPORT) == "wanderer"


def test_an_anonymous_reader_is_asked_about_once_per_browser_session(sites, member):
    browser = Browser()
    assert browser.silent_check(MONEY).startswith("/accounts/network/start/")
    assert browser.visited[-1] == f"{MONEY}/"
    assert browser.signed_in_as(MONEY) is None
    # The answer is remembered: no second hop, on any page.
    assert browser.silent_check(MONEY) == ""
    # The home never sends anyone anywhere.
    assert browser.silent_check(HOME) == ""


def test_anonymous_pages_stay_shared_and_never_redirect(sites, member, client):
    first = client.get("/", HTTP_HOST=MONEY)
    again = client.get("/", HTTP_HOST=MONEY)
    assert first.status_code == again.status_code == 200
    assert "public" in first["Cache-Control"]
    assert again["X-Cache"] == "HIT"
    assert "data-network-check" not in again.content.decode()


def test_sign_out_on_one_site_signs_out_everywhere(sites, member):
    browser = Browser()
    browser.sign_in(HOME, member)
    browser.silent_check(MONEY)
    browser.silent_check(SPORT)
    assert all(browser.signed_in_as(h) == "wanderer" for h in (HOME, MONEY, SPORT))
    sessions = set(NetworkSession.objects.values_list("session_key", flat=True))
    browser.post(SPORT, "/accounts/logout/", {})
    assert [browser.signed_in_as(h) for h in (HOME, MONEY, SPORT)] == [None, None, None]
    assert not Session.objects.filter(session_key__in=sessions).exists()
    assert NetworkSignIn.objects.get(user=member).ended_at is not None


def test_a_session_whose_key_changed_is_signed_out_too(sites, member):
    browser = Browser()
    browser.sign_in(HOME, member)
    browser.silent_check(MONEY)
    # Money's session under a key the sign-in never recorded (as a password change leaves it).
    NetworkSession.objects.filter(hostname=MONEY).delete()
    browser.post(HOME, "/accounts/logout/", {})
    assert browser.signed_in_as(MONEY) is None


def test_a_code_without_this_browsers_state_signs_nobody_in(sites, member):
    """Login CSRF: an attacker's own code, fed to a victim's browser, is refused."""
    attacker = Browser()
    attacker.sign_in(HOME, member)
    issued = attacker.client(MONEY).get("/accounts/network/start/?next=/", HTTP_HOST=MONEY)
    authorize = urlsplit(issued["Location"])
    to_callback = attacker.client(HOME).get(f"{authorize.path}?{authorize.query}", HTTP_HOST=HOME)
    callback = urlsplit(to_callback["Location"])
    assert "code" in parse_qs(callback.query)
    victim = Browser()
    victim.get(MONEY, f"{callback.path}?{callback.query}")
    assert victim.signed_in_as(MONEY) is None
    assert victim.visited[-1] == f"{MONEY}/"


def test_callbacks_go_only_to_the_networks_sites(sites, member):
    browser = Browser()
    browser.sign_in(HOME, member)
    home = browser.client(HOME)
    state = network.new_state()
    for client_id in ("999999", "evil.example", "", str(sites[HOME].id)):
        response = home.get(f"/accounts/network/authorize/?client={client_id}&state={state}",
                            HTTP_HOST=HOME)  # fmt: skip
        assert response.status_code == 400
    answer = home.get(
        f"/accounts/network/authorize/?client={sites[MONEY].id}&state={state}"
        "&redirect_uri=https://evil.example/&next=https://evil.example/",
        HTTP_HOST=HOME,
    )
    assert answer["Location"].startswith(f"{sites[MONEY].root_url}/accounts/network/callback/?")
    # ``next`` is a path on the asking site, whatever it is given.
    for bad_next in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        started = browser.client(MONEY).get(
            "/accounts/network/start/", {"next": bad_next}, HTTP_HOST=MONEY
        )
        cookie = started.cookies[network.STATE_COOKIE].value
        assert network.state_cookie_read(cookie).next_path == "/"
    # An unknown host is not a site of the network: no hop there at all.
    assert Client().get("/accounts/network/start/", HTTP_HOST="evil.localhost").status_code == 404


def test_the_hop_is_no_door_past_the_second_factor(sites, network):
    staff = make_member("desk.editor", is_staff=True)
    TOTP.activate(staff, generate_totp_secret())
    browser = Browser()
    # The password alone: allauth now waits for the code, so the home has no sign-in to give.
    browser.sign_in(HOME, staff)
    assert browser.signed_in_as(HOME) is None
    browser.silent_check(MONEY)
    assert browser.signed_in_as(MONEY) is None
    assert not NetworkTicket.objects.exists()


def test_switched_off_nothing_hops(sites, member, settings):
    settings.MASTHEAD_NETWORK_SIGN_IN = False
    browser = Browser()
    assert browser.silent_check(MONEY) == ""
    assert Client().get("/accounts/network/start/", HTTP_HOST=MONEY).status_code == 404


def test_the_reader_sees_where_they_are_signed_in_and_old_sign_ins_go(sites, member, settings):
    from masthead.accounts.selectors import personal_data_for

    browser = Browser()
    browser.sign_in(HOME, member)
    browser.silent_check(MONEY)
    held = personal_data_for(user=member)["network_sign_ins"]
    assert [entry["sites"] for entry in held] == [[HOME, MONEY]]
    assert held[0]["ended"] is None
    assert "session" not in str(held) and network.SESSION_KEY not in str(held)
    # Signed out, then in again: the ended one is gone, as is one whose sessions all expired.
    browser.post(HOME, "/accounts/logout/", {})
    forgotten = _sign_in_record(member)
    NetworkSignIn.objects.filter(pk=forgotten.pk).update(
        created_at=timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    )
    kept = _sign_in_record(member)  # another browser's, still young
    Browser().sign_in(SPORT, member)
    assert set(NetworkSignIn.objects.filter(user=member).values_list("pk", flat=True)) == {
        kept.pk,
        NetworkSignIn.objects.filter(user=member).latest("created_at").pk,
    }
    assert not NetworkSignIn.objects.filter(pk=forgotten.pk).exists()
