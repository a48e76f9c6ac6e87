"""One-click unsubscribe from e-mail digests (RFC 8058), without signing in.

GET shows a confirmation page with a button; POST to the same URL, from that
button or from a mail client's one-click request (body
`List-Unsubscribe=One-Click`), switches the person's digests off. The signed
token in the URL is the proof, so the POST is exempt from the CSRF check; a
forged or altered token gets the 404 page. The page speaks the language of the
person the token names, who may not be the one signed in on this browser.
"""

from __future__ import annotations

from flask import Blueprint, g, render_template

from server.runtime import current_runtime
from social.digests.unsubscribe import Subscription, subscription_for, unsubscribe
from web import csrf
from web.auth.session import current_user

blueprint = Blueprint("unsubscribe", __name__)

# The token must not leak through a Referer header, be cached or be indexed.
PRIVATE_PAGE = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
                "X-Robots-Tag": "noindex"}


def _secret_key() -> str:
    return current_runtime().settings.secret_key or ""


def _page(template: str, subscription: Subscription):
    current_user()  # settles the signed-in person's language first, so ours wins below
    g.language = subscription.language
    return render_template(template, subscription=subscription), 200, PRIVATE_PAGE


@blueprint.get("/unsubscribe/<token>")
def confirm(token: str):
    # A session of its own: the token's firm need not be the signed-in person's.
    with current_runtime().database.session() as db:
        subscription = subscription_for(db, _secret_key(), token)
    return _page("unsubscribe/confirm.html", subscription)


@blueprint.post("/unsubscribe/<token>")
@csrf.exempt
def unsubscribe_now(token: str):
    with current_runtime().database.session(write=True) as db:
        subscription = unsubscribe(db, _secret_key(), token)
    return _page("unsubscribe/done.html", subscription)
