"""What every page's layout needs: the signed-in person, counters, the navigation."""

from __future__ import annotations

import logging
from typing import Callable

from flask import Flask, g
from sqlalchemy.exc import SQLAlchemyError

from server.db_session import request_db
from server.runtime import current_runtime
from social.actor import Actor
from social.moderation.reports import open_case_count
from social.notifications.inbox import unread_count
from social.services.versions import cached_view
from web.auth.session import current_user

# Other parts of the web view add counters here (unread notifications, reports to
# review): name -> function of the signed-in person returning an int.
NAV_COUNTERS: dict[str, Callable] = {}
log = logging.getLogger(__name__)

# The bell's badge, and the reports awaiting the person's decision (they moderate a
# space, or the firm): two small counts along indexes.
NAV_COUNTERS["notifications"] = lambda user: unread_count(request_db(), Actor.of(user))
NAV_COUNTERS["reports"] = lambda user: open_case_count(request_db(), Actor.of(user))


def _layout_context() -> dict:
    # An error page must render even when the database is what failed: the layout then
    # shows no person and no counters rather than failing in turn.
    if g.get("database_unavailable"):
        return {"viewer": None, "nav_counts": {}}
    try:
        user = current_user()
        counts = _nav_counts(user) if user else {}
    except SQLAlchemyError:
        log.warning("layout rendered without the signed-in person: database unavailable")
        g.database_unavailable = True
        return {"viewer": None, "nav_counts": {}}
    return {"viewer": user, "nav_counts": counts}


def _nav_counts(user) -> dict[str, int]:
    """Kept with the firm's content version, as views are: every notification, report
    and decision is a row of the firm, so a page served while nothing changed in it
    shows the same counts, without a statement."""
    return cached_view(current_runtime().view_cache, request_db(), Actor.of(user), "nav",
                       tuple(NAV_COUNTERS),
                       lambda: {name: counter(user) for name, counter in NAV_COUNTERS.items()})


def init_app(app: Flask) -> None:
    app.context_processor(_layout_context)
