"""My accounts: connecting X and LinkedIn (OAuth), seeing their state, disconnecting.

The add-on opens these pages in an overlay that reloads its card when closed;
after connecting, the page says the window can be closed.
"""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for

from advocacy.services.accounts import REMIND_BEFORE, disconnect_account, my_accounts
from core.clock import utcnow
from integrations.networks import Network
from server.db_session import request_db
from server.runtime import current_runtime
from web.auth.session import current_actor, signed_in
from web.messages import _
from web.sharing.common import NETWORK_NAMES
from web.sharing.connecting import (ConnectRefused, finish_connection, revoker,
                                    start_connection)

log = logging.getLogger(__name__)

blueprint = Blueprint("sharing_accounts", __name__, url_prefix="/sharing/accounts")


def _pending_key(network: str) -> str:
    return f"connect_state_{network}"


def _oauth(network: str):
    """The network's OAuth client; 404 for an unknown or unconfigured network."""
    runtime = current_runtime()
    clients = {Network.X.value: lambda: runtime.x_oauth,
               Network.LINKEDIN.value: lambda: runtime.linkedin_oauth}
    if network not in clients:
        abort(404)
    return clients[network]()


def _redirect_uri(network: str) -> str:
    base = current_runtime().settings.base_url.rstrip("/")
    return base + url_for("sharing_accounts.callback", network=network)


@blueprint.get("")
@signed_in
def index():
    accounts = {account.network: account for account in my_accounts(request_db(),
                                                                     current_actor())}
    return render_template("sharing/accounts.html", accounts=accounts,
                           available={network.value: _oauth(network.value) is not None
                                      for network in Network},
                           soon=utcnow() + REMIND_BEFORE, now=utcnow(),
                           overlay=request.args.get("from") == "addon")


@blueprint.post("/<network>/connect")
@signed_in
def connect(network: str):
    oauth = _oauth(network)
    if oauth is None:
        abort(404)
    try:
        started = start_connection(request_db(), current_actor(), network, oauth,
                                   redirect_uri=_redirect_uri(network),
                                   network_name=NETWORK_NAMES[network])
    except ConnectRefused as refused:
        return _refused(network, refused)
    session[_pending_key(network)] = started.state  # binds the flow to this browser too
    return redirect(started.authorization_url)


@blueprint.get("/<network>/callback")
@signed_in
def callback(network: str):
    oauth = _oauth(network)
    if oauth is None:
        abort(404)
    actor = current_actor()
    runtime = current_runtime()
    # A GET that writes: its own write session (the request's is a reader).
    with runtime.database.session(actor.tenant_id, write=True) as db:
        try:
            account = finish_connection(
                db, actor, network, oauth, state=request.args.get("state"),
                expected_state=session.pop(_pending_key(network), None),
                code=request.args.get("code"), error=request.args.get("error"),
                redirect_uri=_redirect_uri(network), cipher=runtime.token_cipher,
                network_name=NETWORK_NAMES[network])
        except ConnectRefused as refused:
            return _refused(network, refused)
    return render_template("sharing/connected.html", account=account,
                           network_name=NETWORK_NAMES[network])


@blueprint.post("/<network>/disconnect")
@signed_in
def disconnect(network: str):
    if network not in NETWORK_NAMES:
        abort(404)
    runtime = current_runtime()
    disconnect_account(request_db(), current_actor(), network, cipher=runtime.token_cipher,
                       revoke=revoker(_oauth(network)))
    flash(_("Your %(network)s account is disconnected: Comptoir no longer holds its access.",
            network=NETWORK_NAMES[network]), "success")
    return redirect(url_for(".index"), code=303)


def _refused(network: str, refused: ConnectRefused):
    log.info("connecting %s refused: %s", network, refused.message)
    return render_template("sharing/connect_failed.html", network_name=NETWORK_NAMES[network],
                           message=_(refused.message, **refused.params)), refused.status

