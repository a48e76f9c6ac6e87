"""Charts as inline SVG, drawn on the server: no JavaScript, nothing for a CSP to allow.

`bar_chart` draws one series of counts as bars, with a title and a description
that assistive technologies read (role="img", aria-labelledby), value labels on
a readable axis, and a <title> per bar for pointers. `data_table` gives the same
numbers as a table, the fallback a page shows beside or instead of the chart.
Every label is escaped; colours and fonts are presentation attributes, so no
inline style is needed.
"""

from __future__ import annotations

import hashlib
import math
from typing import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 260
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 12, 16, 44
BAR_COLOUR = "#2f6fb0"
AXIS_COLOUR = "#52606d"
GRID_COLOUR = "#d9e2ec"
FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif"
MAX_TICKS = 5


def bar_chart(series: Sequence[float], *, title: str, labels: Sequence[str],
              description: str, value_labels: Sequence[str] | None = None,
              chart_id: str | None = None) -> Markup:
    """An accessible SVG bar chart of `series`, one bar per label.

    `value_labels` names each value for the bar's tooltip ("12 posts"); by
    default the number itself. `chart_id` keeps ids unique when a page shows
    the same chart twice.
    """
    values = [float(value) for value in series]
    if len(values) != len(labels):
        raise ValueError("one label per value")
    if any(value < 0 or math.isnan(value) or math.isinf(value) for value in values):
        raise ValueError("bar charts show counts: finite values of zero or more")
    names = list(value_labels) if value_labels is not None else [_number(v) for v in values]
    if len(names) != len(values):
        raise ValueError("one value label per value")
    ident = chart_id or _ident(title, labels, values)
    ticks = _ticks(max(values, default=0.0))
    top = ticks[-1]
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    baseline = MARGIN_TOP + plot_height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="{FONT}" font-size="12">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    for tick in ticks:
        y = baseline - plot_height * tick / top
        parts.append(f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y:.1f}" '
                     f'y2="{y:.1f}" stroke="{GRID_COLOUR}" stroke-width="1"/>')
        parts.append(f'<text x="{MARGIN_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" '
                     f'fill="{AXIS_COLOUR}">{escape(_number(tick))}</text>')
    slot = plot_width / max(len(values), 1)
    bar_width = slot * 0.7
    for index, (value, label, name) in enumerate(zip(values, labels, names)):
        x = MARGIN_LEFT + slot * index + (slot - bar_width) / 2
        height = plot_height * value / top
        centre = x + bar_width / 2
        # A comma, not a colon: French wants a space before a colon, English none.
        parts.append(f'<rect x="{x:.1f}" y="{baseline - height:.1f}" width="{bar_width:.1f}" '
                     f'height="{height:.1f}" fill="{BAR_COLOUR}">'
                     f'<title>{escape(label)}, {escape(name)}</title></rect>')
        if value:
            parts.append(f'<text x="{centre:.1f}" y="{baseline - height - 4:.1f}" '
                         f'text-anchor="middle" fill="{AXIS_COLOUR}" aria-hidden="true">'
                         f'{escape(_number(value))}</text>')
        parts.append(f'<text x="{centre:.1f}" y="{baseline + 18}" text-anchor="middle" '
                     f'fill="{AXIS_COLOUR}" font-size="11">{escape(label)}</text>')
    parts.append(f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{baseline}" '
                 f'y2="{baseline}" stroke="{AXIS_COLOUR}" stroke-width="1"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def data_table(*, caption: str, columns: Sequence[str],
               rows: Sequence[Sequence[object]]) -> Markup:
    """The numbers of a chart as a table: the first cell of each row heads it."""
    head = "".join(f'<th scope="col">{escape(column)}</th>' for column in columns)
    body = []
    for row in rows:
        if len(row) != len(columns):
            raise ValueError("one cell per column")
        first, *rest = row
        cells = "".join(f"<td>{escape(_cell(cell))}</td>" for cell in rest)
        body.append(f'<tr><th scope="row">{escape(_cell(first))}</th>{cells}</tr>')
    return Markup(f'<table class="chart-table"><caption>{escape(caption)}</caption>'
                  f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def _ticks(highest: float) -> list[float]:
    """Round values from 0 to at least `highest`: 0, 5, 10, 15 rather than 0, 4.6, 9.2."""
    if highest <= 0:
        return [0.0, 1.0]
    rough = highest / (MAX_TICKS - 1)
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(multiple * magnitude for multiple in (1, 2, 2.5, 5, 10)
                if multiple * magnitude >= rough)
    if highest >= 1:
        step = max(step, 1.0)
    count = math.ceil(highest / step - 1e-9)
    return [step * index for index in range(count + 1)]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _cell(value: object) -> str:
    return _number(value) if isinstance(value, float) else str(value)


def _ident(title: str, labels: Sequence[str], values: Sequence[float]) -> str:
    digest = hashlib.sha256(repr((title, list(labels), values)).encode()).hexdigest()
    return f"chart-{digest[:10]}"
