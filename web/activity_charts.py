"""The activity of a space or of the firm as charts, in the reader's language.

One bar chart per measure (posts, comments, reactions, active people) over the
weeks of an `ActivitySeries`, and one table with every number, for pages to
show side by side: the chart for the eye, the table for screen readers and for
anyone who prefers figures.
"""

from __future__ import annotations

from babel.dates import format_date
from markupsafe import Markup

from core.i18n import N_, Translator
from social.services.activity import ActivitySeries
from web.charts import bar_chart, data_table

# Each measure: its title, and how to name one of its values ("3 posts").
MEASURES = (
    ("posts", N_("Posts per week"),
     lambda t, n: t.ngettext("%(num)s post", "%(num)s posts", n)),
    ("comments", N_("Comments per week"),
     lambda t, n: t.ngettext("%(num)s comment", "%(num)s comments", n)),
    ("reactions", N_("Reactions per week"),
     lambda t, n: t.ngettext("%(num)s reaction", "%(num)s reactions", n)),
    ("people", N_("Active people per week"),
     lambda t, n: t.ngettext("%(num)s person", "%(num)s people", n)),
)
DESCRIPTION = N_("%(title)s over the %(weeks)s weeks from %(first)s to %(last)s: "
                 "%(values)s.")
COLUMNS = (N_("Week of"), N_("Posts"), N_("Comments"), N_("Reactions"), N_("Active people"))
CAPTION = N_("Activity per week, from %(first)s to %(last)s")


def activity_charts(series: ActivitySeries, translator: Translator,
                    prefix: str = "activity") -> list[Markup]:
    """One accessible bar chart per measure; `prefix` keeps the ids of a page unique."""
    labels = [_week(week.start, translator, "d MMM") for week in series.weeks]
    first, last = _bounds(series, translator)
    charts = []
    for measure, title, name in MEASURES:
        values = [getattr(week, measure) for week in series.weeks]
        named = [name(translator, value) for value in values]
        text = translator.gettext(title)
        description = translator.gettext(
            DESCRIPTION, title=text, weeks=len(values), first=first, last=last,
            values=", ".join(f"{label} ({value})" for label, value in zip(labels, named)))
        charts.append(bar_chart(values, title=text, labels=labels, description=description,
                                value_labels=named, chart_id=f"{prefix}-{measure}"))
    return charts


def activity_table(series: ActivitySeries, translator: Translator) -> Markup:
    first, last = _bounds(series, translator)
    rows = [[_week(week.start, translator, "medium"), week.posts, week.comments,
             week.reactions, week.people] for week in series.weeks]
    return data_table(caption=translator.gettext(CAPTION, first=first, last=last),
                      columns=[translator.gettext(column) for column in COLUMNS], rows=rows)


def _bounds(series: ActivitySeries, translator: Translator) -> tuple[str, str]:
    return (_week(series.weeks[0].start, translator, "long"),
            _week(series.weeks[-1].start, translator, "long"))


def _week(day, translator: Translator, pattern: str) -> str:
    return format_date(day, pattern, locale=translator.language)
