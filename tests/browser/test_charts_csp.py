"""The activity chart in real Chromium, under a policy that allows no script and no style."""

from __future__ import annotations

import pytest

from web.charts import bar_chart, data_table

pytestmark = pytest.mark.browser

STRICT = "default-src 'none'; script-src 'none'; style-src 'none'; img-src 'none'"


def test_the_chart_draws_under_a_strict_csp_and_is_named_for_assistive_technologies(new_page):
    values = [0, 3, 1, 0, 7, 12, 4, 4, 0, 2, 9, 5]
    chart = bar_chart(values, title="Publications par semaine",
                      labels=[f"S{n}" for n in range(4, 16)],
                      description="Nombre de publications de l’espace, semaine par semaine.",
                      value_labels=[f"{value} publications" for value in values])
    table = data_table(caption="Publications par semaine", columns=["Semaine", "Publications"],
                       rows=[[f"S{n}", value] for n, value in zip(range(4, 16), values)])
    page = new_page()
    page.set_content(f'<!doctype html><html lang="fr"><head><meta charset="utf-8">'
                     f'<meta http-equiv="Content-Security-Policy" content="{STRICT}">'
                     f'<title>Activité</title></head><body>{chart}{table}</body></html>')
    image = page.get_by_role("img", name="Publications par semaine")
    box = image.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    assert page.locator("svg rect").count() == len(values)
    tallest = page.locator("svg rect").nth(values.index(max(values))).bounding_box()
    assert tallest["height"] > page.locator("svg rect").nth(1).bounding_box()["height"] > 0
    assert page.get_by_role("table", name="Publications par semaine").is_visible()
    assert page.get_by_role("rowheader", name="S9").is_visible()
