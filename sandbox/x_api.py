"""X's API v2 and OAuth 2.0, as far as Comptoir uses them, with X's answers and errors.

Paths are X's own, under the sandbox's /x prefix: POST /2/tweets,
DELETE /2/tweets/<id>, GET /2/users/me, the authorize page at /i/oauth2/authorize,
POST /2/oauth2/token (authorization_code with PKCE S256, refresh_token with
rotation; confidential clients only, HTTP Basic), POST /2/oauth2/revoke.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from flask import Blueprint, Response, jsonify, redirect, request

from sandbox.faults import Fault
from sandbox.pages import authorize_page
from sandbox.state import finish, gate, s256, sandbox, with_query
from sandbox.store import Grant

NETWORK = "x"
ACCESS_LIFETIME = 7200
SCOPES = frozenset({"tweet.read", "tweet.write", "users.read", "offline.access",
                    "like.read", "like.write", "follows.read", "media.write"})
DUPLICATE_DETAIL = "You are not allowed to create a Tweet with duplicate content."
_TITLES = {400: "Invalid Request", 401: "Unauthorized", 402: "CreditsDepleted",
           403: "Forbidden", 404: "Not Found Error", 422: "Unprocessable Entity",
           429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable",
           504: "Gateway Timeout"}

_DETAILS = {400: "One or more parameters to your request was invalid.",
            403: "You are not permitted to perform this action.",
            429: "Too Many Requests"}

blueprint = Blueprint("sandbox_x", __name__)


def problem(status: int, detail: str | None = None,
            headers: dict[str, str] | None = None) -> Response:
    title = _TITLES.get(status, "Error")
    body = {"title": title, "detail": detail or _DETAILS.get(status, title),
            "type": "about:blank", "status": status}
    if status == 402:
        body["type"] = "https://api.twitter.com/2/problems/credits"
        body["detail"] = detail or "Your enrolled account does not have any credits to " \
                                   "fulfill this request."
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    response.headers.update(headers or {})
    return response


def render_fault(status: int, fault: Fault) -> Response:
    if status == 0:
        return problem(403, DUPLICATE_DETAIL)
    if status == 429 and fault.reset is not None:
        return problem(429, headers={"x-rate-limit-limit": "100",
                                     "x-rate-limit-remaining": "0",
                                     "x-rate-limit-reset": str(fault.reset)})
    return problem(status)


def _authorized(scope: str) -> tuple[Grant | None, Response | None]:
    header = request.headers.get("Authorization", "")
    token = header[7:] if header.startswith("Bearer ") else ""
    grant = sandbox().store.grant_of(NETWORK, token) if token else None
    if grant is None:
        return None, problem(401)
    if scope not in grant.scopes:
        return None, problem(403, "You are not permitted to perform this action.")
    return grant, None


@blueprint.post("/2/tweets")
def create_tweet():
    refused, after = gate(NETWORK, "publish", render_fault)
    if refused:
        return refused
    grant, denied = _authorized("tweet.write")
    if denied:
        return denied
    body = request.get_json(silent=True)
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip():
        return problem(400, "One or more parameters to your request was invalid.")
    post, duplicate_of = sandbox().store.publish(
        NETWORK, grant.account.id, text, None,
        lambda seq: str(1_900_000_000_000_000_000 + seq))
    if duplicate_of is not None:
        return problem(403, DUPLICATE_DETAIL)
    response = jsonify(data={"id": post.id, "text": post.text,
                             "edit_history_tweet_ids": [post.id]})
    response.status_code = 201
    return finish(after, response)


@blueprint.delete("/2/tweets/<tweet_id>")
def delete_tweet(tweet_id: str):
    refused, after = gate(NETWORK, "delete", render_fault)
    if refused:
        return refused
    grant, denied = _authorized("tweet.write")
    if denied:
        return denied
    outcome = sandbox().store.delete_post(NETWORK, tweet_id, grant.account.id)
    if outcome == "missing":
        return problem(404, f"Could not find tweet with id: [{tweet_id}].")
    if outcome == "forbidden":
        return problem(403, "You are not allowed to delete this Tweet.")
    return finish(after, jsonify(data={"deleted": True}))


@blueprint.get("/2/users/me")
def users_me():
    refused, after = gate(NETWORK, "identity", render_fault)
    if refused:
        return refused
    grant, denied = _authorized("users.read")
    if denied:
        return denied
    account = grant.account
    return finish(after, jsonify(data={"id": account.id, "name": account.name,
                                       "username": account.handle}))


@blueprint.route("/i/oauth2/authorize", methods=["GET", "POST"])
def authorize():
    params = request.values
    client_id = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")
    if client_id not in sandbox().clients or not redirect_uri or \
            params.get("response_type") != "code":
        return "Something went wrong: unknown client, or a malformed request.", 400
    if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
        return "Something went wrong: X requires PKCE with S256.", 400
    scopes = tuple(params.get("scope", "").split())
    if not scopes or not set(scopes) <= SCOPES:
        return "Something went wrong: invalid scope.", 400
    state = params.get("state", "")
    if request.method == "GET":
        hidden = {key: params[key] for key in ("response_type", "client_id", "redirect_uri",
                                               "scope", "state", "code_challenge",
                                               "code_challenge_method") if key in params}
        return authorize_page(label="X", client_id=client_id, scopes=scopes, hidden=hidden)
    if params.get("decision") != "allow":
        return redirect(with_query(redirect_uri, error="access_denied", state=state))
    handle = params.get("handle", "").strip().lstrip("@")
    if not handle:
        return "A handle is needed.", 400
    store = sandbox().store
    account = store.account(NETWORK, handle, params.get("name", "").strip())
    code = store.issue_code(account, client_id, redirect_uri, scopes,
                            params["code_challenge"])
    return redirect(with_query(redirect_uri, state=state, code=code))


@blueprint.post("/2/oauth2/token")
def token():
    refused, after = gate(NETWORK, "token", render_fault)
    if refused:
        return refused
    client_id = _basic_client()
    if client_id is None:
        return _oauth_error(401, "unauthorized_client", "Missing valid authorization header")
    form = request.form
    store = sandbox().store
    if form.get("grant_type") == "authorization_code":
        code = store.take_code(NETWORK, form.get("code", ""))
        if code is None or code.client_id != client_id or \
                code.redirect_uri != form.get("redirect_uri"):
            return _oauth_error(400, "invalid_request",
                                "Value passed for the authorization code was invalid.")
        if not form.get("code_verifier") or s256(form["code_verifier"]) != code.challenge:
            return _oauth_error(400, "invalid_request", "Value passed for the code verifier "
                                "did not match the code challenge.")
        account, scopes, grant_id = code.account, code.scopes, None
    elif form.get("grant_type") == "refresh_token":
        grant = store.spend_refresh_token(NETWORK, form.get("refresh_token", ""), client_id)
        if grant is None:
            return _oauth_error(400, "invalid_request", "Value passed for the token was invalid.")
        account, scopes, grant_id = grant.account, grant.scopes, grant.grant_id
    else:
        return _oauth_error(400, "unsupported_grant_type", "Grant type is not supported.")
    access, refresh = store.issue_tokens(account, client_id, scopes,
                                         access_lifetime=ACCESS_LIFETIME,
                                         refresh="offline.access" in scopes, grant_id=grant_id)
    body: dict[str, Any] = {"token_type": "bearer", "expires_in": ACCESS_LIFETIME,
                            "access_token": access, "scope": " ".join(scopes)}
    if refresh:
        body["refresh_token"] = refresh
    # A dropped refresh answer is X's worst case: the old refresh token is spent.
    return finish(after, jsonify(body))


@blueprint.post("/2/oauth2/revoke")
def revoke():
    refused, after = gate(NETWORK, "revoke", render_fault)
    if refused:
        return refused
    client_id = _basic_client()
    if client_id is None:
        return _oauth_error(401, "unauthorized_client", "Missing valid authorization header")
    # As RFC 7009 asks: an unknown token is not an error.
    sandbox().store.revoke(NETWORK, request.form.get("token", ""), client_id)
    return finish(after, jsonify(revoked=True))


def _basic_client() -> str | None:
    """The client id, if the request authenticates with HTTP Basic as a known client."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return client_id if sandbox().client_secret_matches(client_id, secret) else None


def _oauth_error(status: int, error: str, description: str) -> Response:
    response = jsonify(error=error, error_description=description)
    response.status_code = status
    return response
