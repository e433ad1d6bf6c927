"""The network sign-in hop's three addresses (see ``accounts/network.py`` for the flow)."""

from __future__ import annotations

import hmac
import logging

from django.contrib.auth import login
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from masthead.accounts import network

logger = logging.getLogger(__name__)

BACKEND = "masthead.accounts.backends.AccountBackend"


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _enabled_site(request: HttpRequest):
    if not network.enabled():
        raise Http404("The network sign-in is off.")
    site = network.site_for(request)
    if site is None:
        raise Http404("Not a site of this network.")
    return site


def _mark_checked(response: HttpResponse, request: HttpRequest) -> None:
    # A browser-session cookie (no max-age): the next visit after the browser closes asks again.
    response.set_cookie(
        network.CHECKED_COOKIE, "1", httponly=True, samesite="Lax", secure=request.is_secure()
    )


@require_GET
def network_start(request: HttpRequest) -> HttpResponse:
    """On the asking site: remember a state in a cookie and send the browser to the issuer.

    Without ``issuer``, the issuer is the home and the reader comes back to ``next`` here (the
    silent sign-in). With ``issuer`` (a site the reader just signed in on), this site is the
    home taking that sign-in over, and the reader goes back to ``next`` on the issuer.
    """
    here = _enabled_site(request)
    next_path = network.local_path(request.GET.get("next", "/"))
    if "issuer" in request.GET:
        issuer = network.site_by_id(request.GET["issuer"])
        return_to_issuer = True
    else:
        issuer = network.home_site()
        return_to_issuer = False
    if (
        issuer is None
        or issuer.id == here.id
        or (request.user.is_authenticated and not return_to_issuer)
    ):
        response: HttpResponse = HttpResponseRedirect(next_path)
        _mark_checked(response, request)
        return _private(response)
    hop = network.PendingHop(
        state=network.new_state(), next_path=next_path, issuer_id=issuer.id,
        return_to_issuer=return_to_issuer,
    )  # fmt: skip
    query = urlencode({"client": here.id, "state": hop.state})
    response = HttpResponseRedirect(
        f"{issuer.root_url}{reverse('accounts:network_authorize')}?{query}"
    )
    response.set_cookie(
        network.STATE_COOKIE,
        network.state_cookie_value(hop),
        max_age=network.STATE_SECONDS,
        path=reverse("accounts:network_callback"),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    _mark_checked(response, request)
    return _private(response)


@require_GET
def network_authorize(request: HttpRequest) -> HttpResponse:
    """On the issuer: a one-time code for the asking site if this session is signed in.

    The browser only ever goes to the asking site's callback as the Site table spells it, so
    no address given in the request is ever followed (no open redirect).
    """
    here = _enabled_site(request)
    client = network.site_by_id(request.GET.get("client", ""))
    state = request.GET.get("state", "")
    if client is None or client.id == here.id or not (16 <= len(state) <= 128):
        return _private(HttpResponseBadRequest("Unknown site or missing state."))
    sign_in = None
    if request.user.is_authenticated:
        if network.SESSION_KEY not in request.session:
            # Signed in before the network sign-in existed: this session starts one now.
            sign_in = network.session_join(request, request.user, None)
        else:
            sign_in = network.sign_in_for(request)
    if sign_in is not None:
        if network.is_home(client):
            request.session[network.HOME_TOLD_KEY] = True
        query = {"code": network.ticket_issue(sign_in=sign_in, audience=client, state=state)}
    else:
        query = {"error": "login_required"}
    query["state"] = state
    callback = f"{client.root_url}{reverse('accounts:network_callback')}"
    return _private(HttpResponseRedirect(f"{callback}?{urlencode(query)}"))


@require_GET
def network_callback(request: HttpRequest) -> HttpResponse:
    """On the asking site: check the state against this browser's cookie, spend the code and
    sign the reader in; then back to where they were."""
    here = _enabled_site(request)
    hop = network.state_cookie_read(request.COOKIES.get(network.STATE_COOKIE, ""))
    state = request.GET.get("state", "")
    if hop is None or not hmac.compare_digest(hop.state.encode(), state.encode()):
        # Not asked by this browser (or too long ago): nothing here is trusted.
        logger.info("network sign-in callback without its state on %s", here.hostname)
        response: HttpResponse = HttpResponseRedirect("/")
    else:
        issuer = network.site_by_id(hop.issuer_id)
        if hop.return_to_issuer and issuer is not None:
            response = HttpResponseRedirect(f"{issuer.root_url}{hop.next_path}")
        else:
            response = HttpResponseRedirect(hop.next_path)
        code = request.GET.get("code", "")
        if code:
            try:
                sign_in = network.ticket_consume(code=code, audience=here, state=state)
            except network.TicketRefused as refused:
                logger.warning("network sign-in ticket refused on %s: %s", here.hostname, refused)
            else:
                request._masthead_network_sign_in = sign_in  # type: ignore[attr-defined]
                login(request, sign_in.user, backend=BACKEND)
                # The issuer was the home, or this is the home: nothing to tell it.
                request.session[network.HOME_TOLD_KEY] = True
    response.delete_cookie(network.STATE_COOKIE, path=reverse("accounts:network_callback"))
    return _private(response)
