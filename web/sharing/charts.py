"""The sharing figures as charts, each with its table, in the reader's language.

Shares per week (one chart per network, every week of the period shown, empty
ones too), participation in the offers, clicks per post and network, and the
most shared posts. Drawn on the server by web/charts.py: no script.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_date
from markupsafe import Markup

from advocacy.services.analytics import DEFAULT_WEEKS
from advocacy.views import Analytics
from core.clock import utcnow
from core.i18n import N_, Translator
from web.charts import bar_chart, data_table
from web.sharing.common import NETWORK_NAMES, OFFER_STATES

LABEL_LENGTH = 18
DESCRIPTION = N_("%(title)s: %(values)s.")
CLICK_ROWS = 10


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    svg: Markup
    table: Markup


def sharing_charts(figures: Analytics, t: Translator, *, today: date | None = None,
                   weeks: int = DEFAULT_WEEKS) -> list[Chart]:
    charts = [_weekly(figures, t, network, _mondays(today or utcnow().date(), weeks))
              for network in NETWORK_NAMES]
    charts.append(_participation(figures, t))
    charts.append(_clicks(figures, t))
    charts.append(_top_posts(figures, t))
    return charts


def _mondays(today: date, weeks: int) -> list[date]:
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=weeks - 1 - index) for index in range(weeks)]


def _weekly(figures: Analytics, t: Translator, network: str, mondays: list[date]) -> Chart:
    counts = {row.week_start: row.count for row in figures.shares_per_week
              if row.network == network}
    values = [counts.get(monday, 0) for monday in mondays]
    labels = [format_date(monday, "d MMM", locale=t.language) for monday in mondays]
    name = NETWORK_NAMES[network]
    title = t.gettext(N_("Shares per week on %(network)s"), network=name)
    named = [t.ngettext("%(num)s share", "%(num)s shares", value) for value in values]
    return _chart(f"weekly-{network}", title, values, labels, named, t,
                  columns=[t.gettext(N_("Week of")), t.gettext(N_("Shares"))])


def _participation(figures: Analytics, t: Translator) -> Chart:
    keys = list(OFFER_STATES)
    values = [figures.participation.get(key, 0) for key in keys]
    labels = [t.gettext(OFFER_STATES[key]) for key in keys]
    named = [t.ngettext("%(num)s offer", "%(num)s offers", value) for value in values]
    return _chart("participation", t.gettext(N_("Participation in the offers")), values, labels,
                  named, t, columns=[t.gettext(N_("Answer")), t.gettext(N_("Offers"))])


def _clicks(figures: Analytics, t: Translator) -> Chart:
    rows = figures.clicks[:CLICK_ROWS]
    values = [row.clicks for row in rows]
    labels = [f"#{row.post_id or row.proposal_id} · {NETWORK_NAMES.get(row.network, row.network)}"
              for row in rows]
    named = [t.ngettext("%(num)s click", "%(num)s clicks", value) for value in values]
    return _chart("clicks", t.gettext(N_("Clicks per post and network")), values, labels,
                  named, t, columns=[t.gettext(N_("Post and network")),
                                     t.gettext(N_("Clicks"))])


def _top_posts(figures: Analytics, t: Translator) -> Chart:
    rows = figures.top_posts
    values = [row.shares for row in rows]
    labels = [_short(row.excerpt) or f"#{row.post_id or row.proposal_id}" for row in rows]
    named = [t.ngettext("%(num)s share", "%(num)s shares", value) for value in values]
    title = t.gettext(N_("Most shared posts"))
    svg = _svg("top-posts", title, values, labels, named, t)
    table = data_table(caption=title, columns=[t.gettext(N_("Post")), t.gettext(N_("Shares")),
                                               t.gettext(N_("Clicks"))],
                       rows=[[row.excerpt or f"#{row.post_id or row.proposal_id}", row.shares,
                              row.clicks] for row in rows])
    return Chart("top-posts", title, svg, table)


def _chart(key: str, title: str, values: list[int], labels: list[str], named: list[str],
           t: Translator, *, columns: list[str]) -> Chart:
    svg = _svg(key, title, values, labels, named, t)
    table = data_table(caption=title, columns=columns,
                       rows=[[label, value] for label, value in zip(labels, values)])
    return Chart(key, title, svg, table)


def _svg(key: str, title: str, values: list[int], labels: list[str], named: list[str],
         t: Translator) -> Markup:
    if values:
        description = ", ".join(f"{label} ({name})" for label, name in zip(labels, named))
    else:
        description = t.gettext(N_("Nothing yet."))
    return bar_chart(values, title=title, labels=labels, value_labels=named,
                     description=t.gettext(DESCRIPTION, title=title, values=description),
                     chart_id=f"sharing-{key}")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_LENGTH else text[:LABEL_LENGTH - 1].rstrip() + "…"
