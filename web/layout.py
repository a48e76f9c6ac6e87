"""What every page's layout needs: the signed-in person, counters, the navigation."""

from __future__ import annotations

from typing import Callable

from flask import Flask

from web.auth.session import current_user

# Other parts of the web view add counters here (unread notifications, reports to
# review): name -> function of the signed-in person returning an int.
NAV_COUNTERS: dict[str, Callable] = {}


def _layout_context() -> dict:
    user = current_user()
    counts = {name: counter(user) for name, counter in NAV_COUNTERS.items()} if user else {}
    return {"viewer": user, "nav_counts": counts}


def init_app(app: Flask) -> None:
    app.context_processor(_layout_context)
