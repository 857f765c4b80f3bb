"""The body rows and figure cells of the insights tables: the shown text escaped, the
chart's value beside it (empty for a hidden figure), each group's link with the page's
filters."""

from __future__ import annotations

from markupsafe import Markup

from marketplace.insights.cells import figure_cells, table_rows
from marketplace.insights.protection import HIDDEN, NOT_SHOWN, ZERO, Figure
from marketplace.insights.tables import Row, Table


def test_figure_cells_show_each_figure_with_its_value_for_the_chart():
    html = figure_cells([Figure(15), ZERO, HIDDEN, NOT_SHOWN])
    assert isinstance(html, Markup)
    assert html == (
        '<td class="number" data-value="15">15</td>'
        '<td class="number" data-value="0">0</td>'
        '<td class="number" data-value="">&lt;5</td>'
        '<td class="number" data-value="">\u2013</td>'
    )


def test_a_row_without_figures_has_no_cells():
    assert figure_cells([]) == ""


def test_table_rows_link_each_group_with_the_page_filters_and_escape_every_text(app):
    table = Table(
        "occupation", "caption", "Group", [], [
            Row("Elementary <b>", [Figure(10)], code="9", is_data=True, lang="en", drill="9"),
            Row("Job", [HIDDEN], code="x"),
        ], with_codes=True,
    )
    with app.test_request_context("/insights/?group=&kind=job&a=%3Cscript%3E"):
        html = table_rows(table, "insights.demand")
    assert isinstance(html, Markup)
    assert html == (
        '\n          <tr>\n            <th scope="row">'
        '<a href="/insights/?group=9&amp;kind=job&amp;a=%3Cscript%3E" translate="no" lang="en">'
        "Elementary &lt;b&gt;</a></th>\n            "
        '<td translate="no">9</td>\n            <td class="number" data-value="10">10</td>'
        "\n          </tr>\n          "
        '\n          <tr>\n            <th scope="row"><span>Job</span></th>\n            '
        '<td translate="no">x</td>\n            <td class="number" data-value="">&lt;5</td>'
        "\n          </tr>\n          "
    )


def test_a_kept_table_writes_its_rows_once(app):
    table = Table("kind", "caption", "Kind", [], [Row("Job", [Figure(5)])])
    with app.test_request_context("/insights/"):
        first = table_rows(table, "insights.demand")
        table.rows[0].label = "changed"  # never done to a kept table: shows what is reused
        assert table_rows(table, "insights.demand") == first
