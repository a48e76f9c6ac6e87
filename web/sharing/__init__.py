"""The sharing gateway's pages: ready to share, my accounts, consents and shares, proposing
and approving posts, and, for the firm's admins, the rules and the figures.

Each page module is one blueprint named sharing_*; the routes parse, call one
service (or one screen of screens.py) and render. Flask-free helpers sit beside
them: connecting.py (the OAuth halves), preview.py, rules_form.py, charts.py.
"""

from flask import Flask


def register(app: Flask) -> None:
    from web import audit_export
    from web.sharing import (accounts, approvals, common, consents, dashboard, proposals,
                             ready, rules, shares)

    common.init_app(app)
    for module in (ready, accounts, consents, shares, proposals, approvals, rules, dashboard,
                   audit_export):
        app.register_blueprint(module.blueprint)
