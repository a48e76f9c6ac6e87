"""Google's OpenID Connect endpoints, faked: discovery, the account chooser, tokens.

A browser sees a small "choose an account" page; an HTTP test passes `login_hint`
and is redirected straight back. The token endpoint checks the client secret,
the redirect URI and the PKCE verifier, and answers an ID token signed with the
fake's key, carrying the nonce it was given.
"""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask import Flask, jsonify, redirect, request

AUTHORIZE_PATH = "/o/oauth2/v2/auth"
TOKEN_PATH = "/token"


@dataclass
class PendingCode:
    account: dict[str, Any]
    client_id: str
    redirect_uri: str
    nonce: str | None
    code_challenge: str | None


class SignInProvider:
    """The sign-in half of the fake Google; FakeGoogle mounts it on its app."""

    def __init__(self, fake):
        self.fake = fake
        self.accounts: dict[str, dict[str, Any]] = {}  # e-mail -> ID token claims
        self.client_secrets: dict[str, str] = {}
        self.codes: dict[str, PendingCode] = {}
        self.token_requests: list[dict[str, str]] = []
        self.issued: list[dict[str, str]] = []  # every token answer, for the log checks

    def add_account(self, email: str, name: str, *, domain: str | None = None,
                    subject: str | None = None, email_verified: bool = True) -> dict:
        claims = {"sub": subject or "sub-" + hashlib.sha1(email.encode()).hexdigest()[:12],
                  "email": email, "name": name, "email_verified": email_verified}
        if domain:
            claims["hd"] = domain
        self.accounts[email] = claims
        return claims

    def mount(self, app: Flask) -> None:
        app.add_url_rule("/.well-known/openid-configuration", "discovery", self.discovery)
        app.add_url_rule(AUTHORIZE_PATH, "authorize", self.authorize)
        app.add_url_rule(AUTHORIZE_PATH + "/choose", "choose", self.choose, methods=["POST"])
        app.add_url_rule(TOKEN_PATH, "token", self.token, methods=["POST"])

    def discovery(self):
        base = self.fake.url
        return jsonify(issuer="https://accounts.google.com",
                       authorization_endpoint=base + AUTHORIZE_PATH,
                       token_endpoint=base + TOKEN_PATH, jwks_uri=self.fake.certs_url,
                       response_types_supported=["code"],
                       code_challenge_methods_supported=["S256"])

    def authorize(self):
        args = request.args
        if args.get("response_type") != "code" or not args.get("client_id") or \
                not args.get("redirect_uri"):
            return "invalid_request", 400
        hint = args.get("login_hint")
        if hint in self.accounts:
            return self._redirect_with_code(self.accounts[hint], args)
        choices = "".join(
            f'<li><button name="email" value="{html.escape(email)}">'
            f'{html.escape(claims["name"])} ({html.escape(email)})</button></li>'
            for email, claims in self.accounts.items())
        hidden = "".join(f'<input type="hidden" name="{html.escape(key)}" '
                         f'value="{html.escape(value)}">' for key, value in args.items())
        return (f"<!doctype html><html><head><title>Choose an account</title>"
                f'<link rel="icon" href="data:,"></head><body>'
                f"<h1>Choose an account</h1><form method=post action={AUTHORIZE_PATH}/choose>"
                f"{hidden}<ul>{choices}</ul></form></body></html>")

    def choose(self):
        account = self.accounts.get(request.form.get("email", ""))
        if account is None:
            return "unknown account", 400
        return self._redirect_with_code(account, request.form)

    def _redirect_with_code(self, account, args):
        code = secrets.token_urlsafe(16)
        self.codes[code] = PendingCode(account, args["client_id"], args["redirect_uri"],
                                       args.get("nonce"), args.get("code_challenge"))
        query = {"code": code, "state": args.get("state", ""), "scope": "openid email profile"}
        return redirect(f"{args['redirect_uri']}?{urlencode(query)}")

    def token(self):
        form = request.form.to_dict()
        self.token_requests.append(form)
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if request.authorization:
            client_id, secret = request.authorization.username, request.authorization.password
        pending = self.codes.pop(form.get("code", ""), None)
        if pending is None or form.get("grant_type") != "authorization_code":
            return jsonify(error="invalid_grant"), 400
        if client_id != pending.client_id or self.client_secrets.get(client_id) != secret:
            return jsonify(error="invalid_client"), 401
        if form.get("redirect_uri") != pending.redirect_uri:
            return jsonify(error="invalid_grant", error_description="redirect_uri"), 400
        if pending.code_challenge and _challenge(form.get("code_verifier", "")) != \
                pending.code_challenge:
            return jsonify(error="invalid_grant", error_description="code_verifier"), 400
        claims = {**pending.account, "aud": client_id, "azp": client_id}
        if pending.nonce:
            claims["nonce"] = pending.nonce
        id_token = self.fake.key.mint(claims, now=time.time())
        self.issued.append({"access_token": secrets.token_urlsafe(24), "id_token": id_token})
        return jsonify(**self.issued[-1], expires_in=3599, token_type="Bearer",
                       scope="openid email profile")


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
