"""Security headers on every answer.

Pages (text/html) get a Content-Security-Policy with no inline script and no inline
style: every script and style sheet is a file under /static/ and behaviour hangs on
data- attributes (web/static/app.js). Images may come from any HTTPS host (people's
Google avatars, pictures in posts) or be data: URIs. Forms post to us only, and to
the OAuth providers' authorization pages that signing in and connecting an account
redirect to (Chromium applies form-action to a form's redirects too).

Framing: the add-on opens our pages with openLink, as OpenAs.FULL_SIZE ("a full
window or tab") or OpenAs.OVERLAY ("an overlay, such as a pop-up window"), and
learns that the window was closed through the window itself (Google's OpenLink
reference: a Cross-Origin-Opener-Policy on the page breaks OnClose.RELOAD). Neither
is a frame, so no one may frame our pages: frame-ancestors 'none' and
X-Frame-Options: DENY. For the same reason no Cross-Origin-Opener-Policy is sent.

Every answer (JSON, add-on cards, feeds) gets nosniff and the referrer policy; a view
that set a stricter Referrer-Policy (feeds, unsubscribe links: no-referrer) keeps it.
HSTS is sent outside development only: a development server on http://127.0.0.1
must not teach a browser to insist on HTTPS for that host.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response

from core.config import Settings

HSTS = "max-age=31536000; includeSubDomains"
REFERRER_POLICY = "strict-origin-when-cross-origin"
# Nothing of these is used; saying so keeps an injected frame or script from asking.
PERMISSIONS_POLICY = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                      "serial=(), bluetooth=(), display-capture=()")


def content_security_policy(form_targets: tuple[str, ...] = ()) -> str:
    form_action = " ".join(("'self'", *form_targets))
    return "; ".join((
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        f"form-action {form_action}",
        "frame-ancestors 'none'",
    ))


def oauth_origins(*settings: Settings) -> tuple[str, ...]:
    """The origins of the authorization pages our forms are redirected to."""
    urls = []
    for each in settings:
        urls += [each.google_oidc_issuer_url, each.google_authorize_url,
                 each.x_authorize_url, each.linkedin_oauth_url]
    origins = []
    for url in urls:
        parts = urlsplit(url or "")
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None
        if origin and origin not in origins:
            origins.append(origin)
    return tuple(origins)


def init_app(app: Flask, settings: Settings, *more_settings: Settings) -> None:
    """`more_settings`: settings whose OAuth pages also count (the development sandbox
    standing in for X and LinkedIn)."""
    policy = content_security_policy(oauth_origins(settings, *more_settings))
    production = settings.is_production

    @app.after_request
    def add_headers(response: Response) -> Response:
        headers = response.headers
        headers["X-Content-Type-Options"] = "nosniff"
        headers.setdefault("Referrer-Policy", REFERRER_POLICY)
        if production:
            headers["Strict-Transport-Security"] = HSTS
        if response.mimetype == "text/html":
            headers["Content-Security-Policy"] = policy
            headers["X-Frame-Options"] = "DENY"
            headers["Permissions-Policy"] = PERMISSIONS_POLICY
        return response
