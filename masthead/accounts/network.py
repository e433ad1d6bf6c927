"""Signed in everywhere at once: the network sign-in hop (docs/accounts.md, decision 0105).

The sites of a network may sit on unrelated domains, so no cookie can be shared. One site is
the *home* (``MASTHEAD_NETWORK_HOME``, else the default Wagtail Site). The exchange is the
OpenID Connect authorisation-code flow with ``prompt=none``, cut down to one deployment that
shares its database:

1. *start* on the asking site (the client): a random ``state`` goes into a signed, HttpOnly
   cookie on that site, and the browser is sent to the issuing site's *authorize*.
2. *authorize* on the issuer (home, or the site just signed in on): if its session is signed
   in, it issues a ticket bound to the client site, the state and the network sign-in, and
   sends the browser to the client's callback, an address built from the Site table only.
   Otherwise it answers ``error=login_required``.
3. *callback* on the client: the state must match its cookie; the ticket is consumed (signed,
   one use, one audience, 60 seconds, checked in the database) and the reader signed in.

Nothing here proves a password: a ticket only exists for a session that is already signed in,
which allauth's flow (lock-out, verified address, second factor) made.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from masthead.core.sites import NetworkSite, network_sites

if TYPE_CHECKING:
    from django.http import HttpRequest

    from masthead.accounts.models import NetworkSignIn, User

TICKET_SECONDS = 60
TICKET_SALT = "masthead.accounts.network.ticket"
STATE_SALT = "masthead.accounts.network.state"
STATE_SECONDS = 300
SESSION_KEY = "masthead_network"
# In a session signed in on a site other than the home: the home has been told (or tried).
HOME_TOLD_KEY = "masthead_network_home_told"
STATE_COOKIE = "masthead_network_state"
# Set when this browser has asked the home once in its session: anonymous readers are not
# sent there again on every page.
CHECKED_COOKIE = "masthead_network_checked"
ENDED_KEY = "accounts:network:ended:{}"


class TicketRefused(Exception):
    """The code is forged, altered, used, expired, for another site or another browser."""


def enabled() -> bool:
    return bool(getattr(settings, "MASTHEAD_NETWORK_SIGN_IN", False))


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


# --- Sites --------------------------------------------------------------------------------


def site_for(request: HttpRequest) -> NetworkSite | None:
    """The network site this request's host names, or None: unlike page routing, an unknown
    host is not taken for the default site (a callback must be exactly where it was asked)."""
    hostname, port = split_domain_port(request.get_host())
    by_host = [s for s in network_sites() if s.hostname == hostname]
    port_number = int(port) if port else int(request.get_port())
    match = next((s for s in by_host if s.port == port_number), None)
    if match is None and len(by_host) == 1:
        match = by_host[0]
    return match


def site_by_id(site_id: object) -> NetworkSite | None:
    try:
        wanted = int(str(site_id))
    except ValueError:
        return None
    return next((s for s in network_sites() if s.id == wanted), None)


def home_site() -> NetworkSite | None:
    sites = network_sites()
    wanted = getattr(settings, "MASTHEAD_NETWORK_HOME", "")
    if wanted:
        return next((s for s in sites if s.hostname == wanted), None)
    return next((s for s in sites if s.is_default), None)


def is_home(site: NetworkSite | None) -> bool:
    home = home_site()
    return site is not None and home is not None and site.id == home.id


def local_path(url: str) -> str:
    """``url`` if it is a path on this site, else "/" (never another host, never ``//x``)."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return url
    return "/"


# --- Tickets ------------------------------------------------------------------------------


def ticket_issue(*, sign_in: NetworkSignIn, audience: NetworkSite, state: str) -> str:
    """A one-time code for ``audience``: a random secret, signed with the audience's id."""
    from masthead.accounts.models import NetworkTicket

    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    # Spent and stale tickets go as new ones come: the table holds about a minute's worth.
    NetworkTicket.objects.filter(expires_at__lt=now - timedelta(hours=1)).delete()
    NetworkTicket.objects.create(
        digest=_digest(secret),
        sign_in=sign_in,
        audience_site_id=audience.id,
        state_digest=_digest(state),
        expires_at=now + timedelta(seconds=TICKET_SECONDS),
    )
    return signing.dumps({"t": secret, "a": audience.id}, salt=TICKET_SALT)


def ticket_consume(*, code: str, audience: NetworkSite, state: str) -> NetworkSignIn:
    """The network sign-in behind ``code``, once; TicketRefused for anything else."""
    from masthead.accounts.models import NetworkTicket

    try:
        payload = signing.loads(code, salt=TICKET_SALT, max_age=TICKET_SECONDS)
    except signing.BadSignature as error:  # SignatureExpired is one
        raise TicketRefused("bad or expired signature") from error
    if not isinstance(payload, dict) or payload.get("a") != audience.id:
        raise TicketRefused("issued to another site")
    secret = payload.get("t")
    if not isinstance(secret, str):
        raise TicketRefused("malformed")
    now = timezone.now()
    with transaction.atomic():
        # One UPDATE decides who uses it: of two racing callbacks, one changes the row.
        spent = NetworkTicket.objects.filter(
            digest=_digest(secret), audience_site_id=audience.id, used_at__isnull=True,
            expires_at__gt=now,
        ).update(used_at=now)  # fmt: skip
        if spent != 1:
            raise TicketRefused("unknown, used or expired")
        ticket = NetworkTicket.objects.select_related("sign_in__user").get(digest=_digest(secret))
    if not hmac.compare_digest(ticket.state_digest, _digest(state)):
        raise TicketRefused("issued for another browser")
    sign_in = ticket.sign_in
    if sign_in.ended_at is not None or not sign_in.user.is_active:
        raise TicketRefused("signed out or inactive")
    return sign_in


# --- State cookie on the asking site ------------------------------------------------------


@dataclass(frozen=True)
class PendingHop:
    state: str
    next_path: str
    issuer_id: int
    return_to_issuer: bool


def state_cookie_value(hop: PendingHop) -> str:
    return signing.dumps(
        {"s": hop.state, "n": hop.next_path, "i": hop.issuer_id, "r": hop.return_to_issuer},
        salt=STATE_SALT,
    )


def state_cookie_read(value: str) -> PendingHop | None:
    try:
        data = signing.loads(value, salt=STATE_SALT, max_age=STATE_SECONDS)
        return PendingHop(
            state=str(data["s"]), next_path=local_path(str(data["n"])),
            issuer_id=int(data["i"]), return_to_issuer=bool(data["r"]),
        )  # fmt: skip
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def new_state() -> str:
    return secrets.token_urlsafe(32)


# --- Network sign-ins and their sessions ---------------------------------------------------


def sign_in_for(request: HttpRequest) -> NetworkSignIn | None:
    """The live network sign-in this session belongs to."""
    from masthead.accounts.models import NetworkSignIn

    public_id = request.session.get(SESSION_KEY)
    if not public_id or request.user.pk is None:
        return None
    return (
        NetworkSignIn.objects.select_related("user")
        .filter(public_id=public_id, ended_at__isnull=True, user_id=request.user.pk)
        .first()
    )


def session_join(request: HttpRequest, user: User, sign_in: NetworkSignIn | None) -> NetworkSignIn:
    """Records this (just signed-in) session under ``sign_in``, or under a new one."""
    from masthead.accounts.models import NetworkSession, NetworkSignIn

    if sign_in is None or sign_in.user_id != user.pk:
        _forget_old_sign_ins(user)
        sign_in = NetworkSignIn.objects.create(public_id=secrets.token_urlsafe(32), user=user)
    if request.session.session_key is None:
        request.session.save()
    request.session[SESSION_KEY] = sign_in.public_id
    NetworkSession.objects.create(
        sign_in=sign_in,
        session_key=request.session.session_key or "",
        # Only a label for the admin and the logs: a test client's bare request has no host.
        hostname=request.META.get("HTTP_HOST", "")[:255],
    )
    return sign_in


def _forget_old_sign_ins(user: User) -> None:
    """A reader's ended sign-ins, and old ones none of whose sessions is alive any more (they
    expired without a sign-out), go when the reader signs in again: one row per live sign-in."""
    from django.contrib.sessions.models import Session
    from django.db.models import Q

    from masthead.accounts.models import NetworkSignIn

    now = timezone.now()
    alive = Session.objects.filter(expire_date__gt=now).values("session_key")
    old = Q(created_at__lt=now - timedelta(seconds=settings.SESSION_COOKIE_AGE)) & ~Q(
        sessions__session_key__in=alive
    )
    NetworkSignIn.objects.filter(Q(user=user) & (Q(ended_at__isnull=False) | old)).delete()


def sign_out_everywhere(request: HttpRequest) -> int:
    """Ends the network sign-in of this session and deletes every site's session under it.

    Sessions live in the database (and the shared cache in front of it), so this reaches
    every process; the cache mark also ends a session whose key changed since it was
    recorded (the account fragment checks it). Returns how many sessions were deleted.
    """
    from masthead.accounts.models import NetworkSession, NetworkSignIn

    public_id = request.session.get(SESSION_KEY)
    if not public_id:
        return 0
    ended = NetworkSignIn.objects.filter(public_id=public_id, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    cache.set(ENDED_KEY.format(public_id), True, timeout=settings.SESSION_COOKIE_AGE)
    if not ended:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(
        NetworkSession.objects.filter(sign_in__public_id=public_id)
        .exclude(session_key=request.session.session_key or "")
        .values_list("session_key", flat=True)
    )
    for key in keys:
        store(session_key=key).delete()
    NetworkSession.objects.filter(sign_in__public_id=public_id).delete()
    return len(keys)


def ended_elsewhere(request: HttpRequest) -> bool:
    """This signed-in session's network sign-in was ended on another site (cache only)."""
    public_id = request.session.get(SESSION_KEY)
    return bool(public_id) and bool(cache.get(ENDED_KEY.format(public_id)))
