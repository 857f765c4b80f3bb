"""The figure cells of the insights tables: the shown text escaped, the chart's value
beside it (empty for a hidden figure)."""

from __future__ import annotations

from markupsafe import Markup

from marketplace.insights.cells import figure_cells
from marketplace.insights.protection import HIDDEN, NOT_SHOWN, ZERO, Figure


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
