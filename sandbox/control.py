"""The sandbox's control API (JSON) for tests and benchmarks, and its timeline page.

Per network (`x` or `linkedin`), under /<network>/_sandbox/:
  GET    ledger          {"posts": [{id, author, text, link, created_at, deleted, ...}]}
  GET    faults          {"faults": [...]} still queued
  POST   faults          queue one fault object, or a list of them (see faults.py)
  DELETE faults          clear the queue
  PUT    latency         {"ms": 50}: every API request of this network waits that long
  POST   accounts        {"handle", "name"?, "scopes"?}: an account and tokens, no OAuth
  POST   expire-tokens   every access token of this network expires now
For both: GET /_sandbox/ledger, POST /_sandbox/reset, and the timeline at /.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, request

from sandbox import linkedin_api, x_api
from sandbox.faults import Fault, FaultSpecError
from sandbox.little_text import render as render_little_text
from sandbox.pages import timeline_page
from sandbox.state import sandbox
from sandbox.store import Post, post_json

NETWORKS = {"x": ("X", x_api), "linkedin": ("LinkedIn", linkedin_api)}
DEFAULT_SCOPES = {"x": ("tweet.read", "tweet.write", "users.read", "offline.access"),
                  "linkedin": ("openid", "profile", "email", "w_member_social")}

blueprint = Blueprint("sandbox_control", __name__)


def _network(network: str) -> str:
    if network not in NETWORKS:
        abort(404)
    return network


def _ledger(network: str) -> list[dict[str, Any]]:
    return [_post_json(network, post) for post in sandbox().store.posts(network)]


def _post_json(network: str, post: Post) -> dict[str, Any]:
    if network != "linkedin":
        return post_json(post)
    shown = render_little_text(post.text)
    return post_json(post, {"shown": shown.text, "cut": shown.cut})


@blueprint.get("/<network>/_sandbox/ledger")
def ledger(network: str):
    return jsonify(posts=_ledger(_network(network)))


@blueprint.get("/_sandbox/ledger")
def both_ledgers():
    return jsonify({network: _ledger(network) for network in NETWORKS})


@blueprint.get("/<network>/_sandbox/faults")
def faults(network: str):
    return jsonify(faults=[f.to_json() for f in sandbox().faults.pending(_network(network))])


@blueprint.post("/<network>/_sandbox/faults")
def add_faults(network: str):
    network = _network(network)
    body = request.get_json(silent=True)
    specs = body if isinstance(body, list) else [body]
    try:
        parsed = [Fault.parse(spec) for spec in specs]
    except FaultSpecError as problem:
        return jsonify(error=str(problem)), 400
    for fault in parsed:
        sandbox().faults.add(network, fault)
    return jsonify(faults=[f.to_json() for f in sandbox().faults.pending(network)]), 201


@blueprint.delete("/<network>/_sandbox/faults")
def clear_faults(network: str):
    sandbox().faults.clear(_network(network))
    return Response(status=204)


@blueprint.put("/<network>/_sandbox/latency")
def latency(network: str):
    body = request.get_json(silent=True)
    ms = body.get("ms") if isinstance(body, dict) else None
    if not isinstance(ms, (int, float)) or not 0 <= ms <= 10_000:
        return jsonify(error="ms must be a number between 0 and 10000"), 400
    sandbox().faults.set_latency(_network(network), ms / 1000)
    return jsonify(ms=ms)


@blueprint.post("/<network>/_sandbox/accounts")
def create_account(network: str):
    """Tokens without the OAuth dance: for tests of what comes after connecting."""
    network = _network(network)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("handle"), str) or \
            not body["handle"].strip():
        return jsonify(error="a handle is needed"), 400
    scopes = body.get("scopes") or DEFAULT_SCOPES[network]
    if not isinstance(scopes, list | tuple) or not all(isinstance(s, str) for s in scopes):
        return jsonify(error="scopes is a list of strings"), 400
    state = sandbox()
    store = state.store
    account = store.account(network, body["handle"].strip(), str(body.get("name") or ""),
                            str(body.get("email") or ""))
    module = NETWORKS[network][1]
    access, refresh = store.issue_tokens(account, next(iter(state.clients)), tuple(scopes),
                                         access_lifetime=module.ACCESS_LIFETIME,
                                         refresh=network == "x" and "offline.access" in scopes)
    member_id = account.id if network == "x" else f"urn:li:person:{account.id}"
    return jsonify(member_id=member_id, handle=account.handle, name=account.name,
                   email=account.email, access_token=access, refresh_token=refresh,
                   expires_in=module.ACCESS_LIFETIME), 201


@blueprint.post("/<network>/_sandbox/expire-tokens")
def expire_tokens(network: str):
    return jsonify(expired=sandbox().store.expire_access_tokens(_network(network)))


@blueprint.post("/_sandbox/reset")
def reset():
    state = sandbox()
    state.store.reset()
    state.faults.clear()
    return Response(status=204)


@blueprint.get("/")
def timeline():
    store = sandbox().store
    return timeline_page({network: (label, store.posts(network), store.accounts(network))
                          for network, (label, _) in NETWORKS.items()})
