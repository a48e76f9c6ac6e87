"""The audit log as CSV (the firm's admins only), and the period filter it shares with the
audit page.

A spreadsheet runs a cell that starts with =, +, -, @ (or a tab or carriage
return before one) as a formula: a name or a reason typed by anyone could then
call out of the admin's machine. Such cells are written with a leading
apostrophe, which spreadsheets show as text and never evaluate. The file is
streamed page by page along the log's keyset, so its cost follows its length.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Iterator

from flask import Blueprint, Response, request

from core.clock import utcnow
from core.i18n import N_, safe_zone
from server.db_session import request_db
from server.runtime import current_runtime
from social.errors import InvalidInput
from social.services.administration import audit_screen
from web.auth.session import current_actor, current_user, signed_in

blueprint = Blueprint("audit_export", __name__)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("id", "when_utc", "actor_id", "actor", "action", "target_type", "target_id",
           "details")
PAGE = 100
BAD_DATE = N_("Write the date as YYYY-MM-DD.")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@dataclass(frozen=True)
class Period:
    """The days asked for (as typed) and the moments they stand for in the admin's zone."""

    since_text: str = ""
    until_text: str = ""
    since: datetime | None = None
    until: datetime | None = None  # excluded: the day after the last day asked for


def audit_period(since_text: str, until_text: str, time_zone: str | None) -> Period:
    zone = safe_zone(time_zone)
    since = _day(since_text, "since")
    until = _day(until_text, "until")
    return Period(since_text.strip(), until_text.strip(),
                  _midnight(since, zone) if since else None,
                  _midnight(until + timedelta(days=1), zone) if until else None)


def _day(text: str, field: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(BAD_DATE, field=field) from None


def _midnight(day: date, zone) -> datetime:
    return datetime.combine(day, time(0), zone).astimezone(timezone.utc)


@blueprint.get("/admin/audit.csv")
@signed_in
def export():
    actor = current_actor()
    period = audit_period(request.args.get("since", ""), request.args.get("until", ""),
                          current_user().time_zone)
    action = request.args.get("action") or None
    audit_screen(request_db(), actor, action=action, limit=1, since=period.since,
                 until=period.until)  # refused here, before anything is sent, if not an admin
    database = current_runtime().database

    def pages() -> Iterator:
        """Read while the file is sent, in a session of its own: the request's is closed
        once the route returns, and this one when the last line is out (or the client left)."""
        with database.session(actor.tenant_id) as db:
            cursor = None
            while True:
                screen = audit_screen(db, actor, action=action, cursor=cursor, limit=PAGE,
                                      since=period.since, until=period.until)
                yield from screen.entries.items
                cursor = screen.entries.next_cursor
                if cursor is None:
                    return

    name = f"comptoir-audit-{utcnow():%Y%m%d}.csv"
    return Response(csv_lines(pages()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})


def csv_lines(rows: Iterable) -> Iterator[str]:
    """The header, then one line per audit row; a BOM first so spreadsheets read UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield "\ufeff" + line(COLUMNS)
    for row in rows:
        yield line([row.id, row.created_at.astimezone(timezone.utc).isoformat(),
                    row.actor.id if row.actor else "", row.actor.name if row.actor else "",
                    row.action, row.target_type, row.target_id,
                    json.dumps(row.details, ensure_ascii=False, sort_keys=True, default=str)])
