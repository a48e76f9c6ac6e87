"""LinkedIn's Posts API, userinfo and OAuth 2.0, as far as Comptoir uses them.

Under the sandbox's /linkedin prefix: POST /rest/posts and DELETE
/rest/posts/<urn> (LinkedIn-Version and X-Restli-Protocol-Version checked),
GET /v2/userinfo, and under /oauth/v2: the authorization page, accessToken
(client credentials in the body; `scope` answered comma-separated, as
LinkedIn does) and revoke. Member tokens last 60 days, without refresh.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, Response, jsonify, redirect, request

from sandbox.faults import Fault
from sandbox.pages import authorize_page
from sandbox.state import finish, gate, sandbox, with_query
from sandbox.store import Grant

NETWORK = "linkedin"
ACCESS_LIFETIME = 60 * 24 * 3600
SCOPES = frozenset({"openid", "profile", "email", "w_member_social"})
MAX_COMMENTARY = 3000
_VERSION = re.compile(r"(\d{4})(\d{2})(?:\.\d{2})?")
_SERVICE_CODES = {429: (101, "TOO_MANY_REQUESTS", "Resource level throttle MEMBER DAY limit "
                        "for calls to this resource is reached."),
                  401: (65600, "INVALID_ACCESS_TOKEN", "Invalid access token"),
                  403: (100, "ACCESS_DENIED", "Not enough permissions to access this resource"),
                  426: (None, "NONEXISTENT_VERSION", "Requested version is not active"),
                  422: (None, None, "ERROR :: /commentary :: the value is not valid"),
                  500: (None, None, "Internal Server Error"),
                  503: (None, None, "Service Unavailable"),
                  504: (None, None, "Gateway Timeout")}

blueprint = Blueprint("sandbox_linkedin", __name__)


def error(status: int, message: str | None = None, *, code: str | None = None,
          service_code: int | None = None, **extra: Any) -> Response:
    known = _SERVICE_CODES.get(status, (None, None, None))
    body: dict[str, Any] = {"status": status, "message": message or known[2] or "Error"}
    if service_code or known[0]:
        body["serviceErrorCode"] = service_code or known[0]
    if code or known[1]:
        body["code"] = code or known[1]
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    return response


def duplicate(existing_urn: str) -> Response:
    # LinkedIn's own shape, as members report it.
    return error(422, "com.linkedin.content.common.exception.BadRequestResponseException: "
                 f"Content is a duplicate of {existing_urn}",
                 errorDetailType="com.linkedin.common.error.BadRequest",
                 errorDetails={"inputErrors": [{"description": "Duplicate post is detected",
                                                "input": {}, "code": "DUPLICATE_POST"}]})


def render_fault(status: int, fault: Fault) -> Response:
    if status != 0:
        return error(status)
    # A duplicate names the member's last post; with none, a post that does not
    # exist (LinkedIn does that too, after a delete).
    grant = _grant_from_header()
    last = sandbox().store.latest_post(NETWORK, _urn(grant)) if grant else None
    return duplicate(last.id if last else "urn:li:share:6999999999999999999")


def _grant_from_header() -> Grant | None:
    header = request.headers.get("Authorization", "")
    return sandbox().store.grant_of(NETWORK, header[7:]) if header.startswith("Bearer ") \
        else None


def _authorized(scope: str) -> tuple[Grant | None, Response | None]:
    header = request.headers.get("Authorization", "")
    token = header[7:] if header.startswith("Bearer ") else ""
    grant = sandbox().store.grant_of(NETWORK, token) if token else None
    if grant is None:
        state = sandbox().store.token_state(NETWORK, token) if token else "unknown"
        if state == "revoked":
            return None, error(401, "The token used in the request has been revoked by the "
                               "user", code="REVOKED_ACCESS_TOKEN", service_code=65601)
        if state == "expired":
            return None, error(401, "The token used in the request has expired",
                               code="EXPIRED_ACCESS_TOKEN")
        return None, error(401)
    if scope not in grant.scopes:
        return None, error(403, f"Not enough permissions to access: {scope}")
    return grant, None


def _versioned() -> Response | None:
    version = request.headers.get("LinkedIn-Version")
    if not version:
        return error(400, "A version must be present. Please specify a version by adding the "
                     "LinkedIn-Version header.", code="VERSION_MISSING")
    match = _VERSION.fullmatch(version)
    now = datetime.fromtimestamp(sandbox().store.clock(), timezone.utc)
    if match is None or not 1 <= int(match.group(2)) <= 12 or \
            (int(match.group(1)), int(match.group(2))) > (now.year, now.month) or \
            version in sandbox().inactive_linkedin_versions:
        return error(426, f"Requested version {version} is not active")
    if request.headers.get("X-Restli-Protocol-Version") != "2.0.0":
        return error(400, "Rest.li protocol version 2.0.0 is required for this resource",
                     code="INVALID_PROTOCOL_VERSION")
    return None


@blueprint.post("/rest/posts")
def create_post():
    refused, after = gate(NETWORK, "publish", render_fault)
    if refused:
        return refused
    refused = _versioned()
    if refused:
        return refused
    grant, denied = _authorized("w_member_social")
    if denied:
        return denied
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error(400, "Request body is not a JSON object")
    if body.get("author") != _urn(grant):
        return error(403, f"Member {_urn(grant)} may not post as {body.get('author')!r}")
    invalid = _invalid_post(body)
    if invalid:
        return error(422, invalid)
    article = (body.get("content") or {}).get("article")
    link = {key: article[key] for key in ("source", "title", "description") if key in article} \
        if article else None
    post, duplicate_of = sandbox().store.publish(
        NETWORK, _urn(grant), body["commentary"],
        {"url": link.pop("source"), **link} if link else None,
        lambda seq: f"urn:li:share:{7_100_000_000_000_000_000 + seq}")
    if duplicate_of is not None:
        return duplicate(duplicate_of.id)
    response = Response(status=201)
    response.headers["x-restli-id"] = post.id
    return finish(after, response)


def _invalid_post(body: dict[str, Any]) -> str | None:
    commentary = body.get("commentary")
    if not isinstance(commentary, str):
        return "ERROR :: /commentary :: field is required but not found and has no default value"
    if len(commentary) > MAX_COMMENTARY:
        return f"ERROR :: /commentary :: length of {len(commentary)} exceeds the maximum " \
               f"allowed ({MAX_COMMENTARY})"
    if body.get("visibility") not in ("PUBLIC", "CONNECTIONS", "LOGGED_IN"):
        return "ERROR :: /visibility :: invalid value"
    if body.get("lifecycleState") != "PUBLISHED":
        return "ERROR :: /lifecycleState :: invalid value"
    distribution = body.get("distribution")
    if not isinstance(distribution, dict) or distribution.get("feedDistribution") not in (
            "MAIN_FEED", "NONE"):
        return "ERROR :: /distribution/feedDistribution :: invalid value"
    content = body.get("content")
    if content is not None:
        article = content.get("article") if isinstance(content, dict) else None
        if not isinstance(article, dict):
            return "ERROR :: /content :: unsupported content"
        for key in ("source", "title"):
            if not isinstance(article.get(key), str) or not article[key]:
                return f"ERROR :: /content/article/{key} :: field is required but not found"
    return None


@blueprint.delete("/rest/posts/<path:urn>")
def delete_post(urn: str):
    refused, after = gate(NETWORK, "delete", render_fault)
    if refused:
        return refused
    refused = _versioned()
    if refused:
        return refused
    grant, denied = _authorized("w_member_social")
    if denied:
        return denied
    outcome = sandbox().store.delete_post(NETWORK, urn, _urn(grant))
    if outcome == "missing":
        return error(404, f"Post {urn} does not exist")
    if outcome == "forbidden":
        return error(403, f"Member {_urn(grant)} may not delete {urn}")
    return finish(after, Response(status=204))


@blueprint.get("/v2/userinfo")
def userinfo():
    refused, after = gate(NETWORK, "identity", render_fault)
    if refused:
        return refused
    grant, denied = _authorized("openid")
    if denied:
        return denied
    account = grant.account
    given, _, family = account.name.partition(" ")
    return finish(after, jsonify(sub=account.id, name=account.name, given_name=given,
                                 family_name=family, locale={"country": "FR", "language": "fr"},
                                 email=account.email, email_verified=True))


@blueprint.route("/oauth/v2/authorization", methods=["GET", "POST"])
def authorization():
    params = request.values
    client_id = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")
    if client_id not in sandbox().clients or not redirect_uri or \
            params.get("response_type") != "code":
        return "Bummer, something went wrong: invalid client or request.", 400
    scopes = tuple(params.get("scope", "").replace(",", " ").split())
    if not scopes or not set(scopes) <= SCOPES:
        return "Bummer, something went wrong: the scope is not authorized for this app.", 400
    state = params.get("state", "")
    if request.method == "GET":
        hidden = {key: params[key] for key in ("response_type", "client_id", "redirect_uri",
                                               "scope", "state") if key in params}
        return authorize_page(label="LinkedIn", client_id=client_id, scopes=scopes,
                              hidden=hidden)
    if params.get("decision") != "allow":
        return redirect(with_query(redirect_uri, error="user_cancelled_authorize",
                                   error_description="The user cancelled the authorization",
                                   state=state))
    handle = params.get("handle", "").strip()
    if not handle:
        return "A handle is needed.", 400
    store = sandbox().store
    account = store.account(NETWORK, handle, params.get("name", "").strip())
    code = store.issue_code(account, client_id, redirect_uri, scopes, None)
    return redirect(with_query(redirect_uri, code=code, state=state))


@blueprint.post("/oauth/v2/accessToken")
def access_token():
    refused, after = gate(NETWORK, "token", render_fault)
    if refused:
        return refused
    form = request.form
    state = sandbox()
    client_id = form.get("client_id")
    if not state.client_secret_matches(client_id, form.get("client_secret")):
        return _oauth_error(401, "invalid_client", "Client authentication failed")
    if form.get("grant_type") != "authorization_code":
        return _oauth_error(400, "unsupported_grant_type", "Refresh tokens are not enabled "
                            "for this application")
    code = state.store.take_code(NETWORK, form.get("code", ""))
    if code is None or code.client_id != client_id or \
            code.redirect_uri != form.get("redirect_uri"):
        return _oauth_error(400, "invalid_request", "Unable to retrieve access token: appid/"
                            "redirect uri/code verifier does not match authorization code. Or "
                            "authorization code expired.")
    access, _ = state.store.issue_tokens(code.account, client_id, code.scopes,
                                         access_lifetime=ACCESS_LIFETIME, refresh=False)
    return finish(after, jsonify(access_token=access, expires_in=ACCESS_LIFETIME - 1,
                                 token_type="Bearer", scope=",".join(sorted(code.scopes))))


@blueprint.post("/oauth/v2/revoke")
def revoke():
    refused, after = gate(NETWORK, "revoke", render_fault)
    if refused:
        return refused
    form = request.form
    state = sandbox()
    if not state.client_secret_matches(form.get("client_id"), form.get("client_secret")):
        return _oauth_error(401, "invalid_client", "Client authentication failed")
    state.store.revoke(NETWORK, form.get("token", ""), form["client_id"])
    return finish(after, Response(status=200))


def _urn(grant: Grant) -> str:
    return f"urn:li:person:{grant.account.id}"


def _oauth_error(status: int, code: str, description: str) -> Response:
    response = jsonify(error=code, error_description=description)
    response.status_code = status
    return response
