"""Server-drawn charts: accessible SVG that needs no script, and a table fallback."""

from __future__ import annotations

import pytest
from lxml import etree, html

from web.charts import bar_chart, data_table

SVG = "{http://www.w3.org/2000/svg}"
WEEKS = [f"S{n}" for n in range(4, 16)]
POSTS = [0, 3, 1, 0, 7, 12, 4, 4, 0, 2, 9, 5]


def chart(values=POSTS, labels=WEEKS, **options):
    markup = bar_chart(values, title=options.pop("title", "Publications par semaine"),
                       labels=labels, description=options.pop(
                           "description", "Nombre de publications, semaine par semaine."),
                       **options)
    return markup, etree.fromstring(str(markup).encode())


def bars(root):
    return root.findall(f"{SVG}rect")


def texts(root) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def test_the_chart_is_an_image_named_by_its_title_and_description():
    _, root = chart()
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title_id, description_id = root.get("aria-labelledby").split()
    [title] = [element for element in root if element.tag == f"{SVG}title"]
    [description] = root.findall(f"{SVG}desc")
    assert (title.get("id"), title.text) == (title_id, "Publications par semaine")
    assert (description.get("id"), description.text) == (
        description_id, "Nombre de publications, semaine par semaine.")
    assert root.get("viewBox") and root.get("width") == "100%"


def test_there_is_one_bar_per_week_as_tall_as_its_value():
    _, root = chart()
    rects = bars(root)
    assert len(rects) == len(POSTS)
    heights = [float(rect.get("height")) for rect in rects]
    tallest = max(heights)
    for value, height in zip(POSTS, heights):
        assert height == pytest.approx(tallest * value / max(POSTS), abs=0.15)
    assert [rect.findtext(f"{SVG}title") for rect in rects][:2] == ["S4, 0", "S5, 3"]
    lefts = [float(rect.get("x")) for rect in rects]
    assert lefts == sorted(lefts)


def test_bars_can_say_what_they_count():
    names = [f"{value} publications" for value in POSTS]
    _, root = chart(value_labels=names)
    assert bars(root)[5].findtext(f"{SVG}title") == "S9, 12 publications"


def test_the_axes_are_labelled_with_round_values_and_the_weeks():
    _, root = chart()
    labels = texts(root)
    assert all(week in labels for week in WEEKS)
    ticks = [int(text) for text in labels[:labels.index(WEEKS[0])] if text.isdigit()]
    assert ticks[0] == 0 and ticks[-1] >= max(POSTS)
    assert all(tick % 5 == 0 for tick in ticks)


def test_an_empty_period_still_draws_an_axis_and_flat_bars():
    _, root = chart(values=[0] * 12)
    assert [float(rect.get("height")) for rect in bars(root)] == [0.0] * 12
    assert "0" in texts(root)


def test_no_script_no_event_handler_and_no_inline_style():
    markup, root = chart()
    for element in root.iter():
        assert isinstance(element.tag, str)
        assert etree.QName(element).localname not in {"script", "foreignObject", "a"}
        for name in element.attrib:
            assert not name.lower().startswith("on") and name != "style", name
    assert "javascript:" not in markup and "<script" not in markup


def test_every_label_is_escaped():
    hostile = '<script>alert(1)</script>"&'
    markup, root = chart(values=[1, 2], labels=[hostile, "ok"], title=hostile,
                         description=hostile, value_labels=[hostile, "2"])
    assert "<script" not in markup
    assert root.findtext(f"{SVG}title") == hostile
    assert root.findtext(f"{SVG}desc") == hostile
    assert hostile in texts(root)
    assert bars(root)[0].findtext(f"{SVG}title") == f"{hostile}, {hostile}"


def test_two_charts_of_different_data_have_different_ids():
    first, _ = chart()
    second, _ = chart(values=list(reversed(POSTS)))
    assert first != second
    ident = lambda markup: etree.fromstring(str(markup).encode()).get("aria-labelledby")
    assert ident(first) != ident(second)
    assert ident(chart(chart_id="space-posts")[0]) == "space-posts-title space-posts-desc"


@pytest.mark.parametrize("values,labels", [([1, 2], ["a"]), ([-1], ["a"]),
                                           ([float("nan")], ["a"])])
def test_values_that_cannot_be_drawn_are_refused(values, labels):
    with pytest.raises(ValueError):
        bar_chart(values, title="t", labels=labels, description="d")


def test_the_table_fallback_has_a_caption_and_headers_for_columns_and_rows():
    markup = data_table(caption="Activité <12 semaines>",
                        columns=["Semaine", "Publications", "Personnes"],
                        rows=[["S14 <b>", 3, 2], ["S15", 0, 0]])
    table = html.fragment_fromstring(str(markup))
    assert table.tag == "table"
    assert table.findtext("caption") == "Activité <12 semaines>"
    assert [th.get("scope") for th in table.find("thead").iter("th")] == ["col"] * 3
    rows = table.find("tbody").findall("tr")
    assert [row.find("th").text for row in rows] == ["S14 <b>", "S15"]
    assert [row.find("th").get("scope") for row in rows] == ["row", "row"]
    assert [[td.text for td in row.findall("td")] for row in rows] == [["3", "2"], ["0", "0"]]
    assert "<b>" not in markup


def test_a_table_row_needs_a_cell_per_column():
    with pytest.raises(ValueError):
        data_table(caption="c", columns=["a", "b"], rows=[["only one"]])


def activity_series():
    from datetime import date, timedelta

    from social.services.activity import ActivitySeries, ActivityWeek

    weeks = tuple(ActivityWeek(start=date(2026, 1, 19) + timedelta(weeks=n), iso_year=2026,
                               iso_week=4 + n, posts=n % 3, comments=1, reactions=0,
                               people=2 if n else 1) for n in range(12))
    return ActivitySeries(weeks=weeks, time_zone="Europe/Paris", space=None, people=3)


@pytest.mark.parametrize("language,title,second_week,named", [
    ("fr", "Publications par semaine", "26 janv.", "1 publication"),
    ("en", "Posts per week", "26 Jan", "1 post"),
])
def test_activity_is_drawn_as_four_charts_in_the_readers_language(language, title,
                                                                  second_week, named):
    from core.i18n import Translator
    from web.activity_charts import activity_charts

    charts = activity_charts(activity_series(), Translator(language), prefix="space-3")
    roots = [etree.fromstring(str(markup).encode()) for markup in charts]
    assert len(roots) == 4
    assert roots[0].findtext(f"{SVG}title") == title
    assert [root.get("aria-labelledby").split()[0] for root in roots] == [
        "space-3-posts-title", "space-3-comments-title", "space-3-reactions-title",
        "space-3-people-title"]
    assert second_week in texts(roots[0])
    assert bars(roots[0])[1].findtext(f"{SVG}title") == f"{second_week}, {named}"
    assert f"{second_week} ({named})" in roots[0].findtext(f"{SVG}desc")


def test_activity_has_a_table_with_every_number():
    from core.i18n import Translator
    from web.activity_charts import activity_table

    table = html.fragment_fromstring(str(activity_table(activity_series(), Translator("fr"))))
    assert table.findtext("caption") == "Activité par semaine, du 19 janvier 2026 au 6 avril 2026"
    assert [th.text for th in table.find("thead").iter("th")] == [
        "Semaine du", "Publications", "Commentaires", "Réactions", "Personnes actives"]
    rows = table.find("tbody").findall("tr")
    assert len(rows) == 12
    assert [td.text for td in rows[1].findall("td")] == ["1", "1", "0", "2"]
