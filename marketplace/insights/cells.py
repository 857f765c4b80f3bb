"""The body rows of the insights tables and their figure cells, written in Python (the
template filter ``table_rows``): a dashboard has hundreds of cells, and writing each
through the template (two escapes and a few lookups a cell) cost more than the rest of
its table. A table's rows are written once (``Table.row_pieces``, kept with a kept
table); only their links to a closer look, which carry the page's own query string,
are written per request."""

from __future__ import annotations

from flask import request, url_for
from markupsafe import Markup, escape

from marketplace.insights.protection import Figure

# The layout the rows had when the template wrote them, kept so pages stay the same.
_ROW_START = '\n          <tr>\n            <th scope="row">'
_BETWEEN_CELLS = "\n            "
_ROW_END = "\n          </tr>\n          "


def figure_cells(figures: list[Figure]) -> Markup:
    """One ``<td>`` per figure: the shown text ("<5", or a dash for a hidden derived
    figure), and the value the chart draws in ``data-value`` (empty when hidden).
    Values are whole numbers, so only the text needs escaping."""
    cells = []
    for figure in figures:
        value = "" if figure.value is None else int(figure.value)
        cells.append(f'<td class="number" data-value="{value}">{escape(str(figure))}</td>')
    return Markup("".join(cells))  # noqa: S704 - the texts escaped, the values numbers


def row_pieces(rows, with_codes: bool) -> list[tuple[str, str | None, str]]:
    """Each row's HTML as ``(before, drill, after)``: a row with a closer look
    (``drill``, an ISCO group) links to it between the two, with the page's filters,
    which only the request knows; any other row is ``before + after``. Every text
    escaped."""
    pieces = []
    for row in rows:
        attributes = (' translate="no"' if row.is_data else "") + (
            f' lang="{escape(row.lang)}"' if row.lang else "")
        code = f'<td translate="no">{escape(row.code)}</td>' if with_codes else ""
        end = (f"</th>{_BETWEEN_CELLS}{code}{_BETWEEN_CELLS}{figure_cells(row.cells)}"
               f"{_ROW_END}")
        if row.drill is None:
            pieces.append((f"{_ROW_START}<span{attributes}>{escape(row.label)}</span>{end}",
                           None, ""))
        else:
            pieces.append((f'{_ROW_START}<a href="', row.drill,
                           f'"{attributes}>{escape(row.label)}</a>{end}'))
    return pieces


def table_rows(table, endpoint: str) -> Markup:
    """The body rows of ``table`` (an insights ``Table``), each group's name a link to
    ``endpoint`` with this request's filters and that group."""
    args = request.args.to_dict()
    html = []
    for before, drill, after in table.row_pieces:
        html.append(before)
        if drill is not None:
            html.append(escape(url_for(endpoint, **dict(args, group=drill))))
        html.append(after)
    return Markup("".join(html))  # noqa: S704 - built from escaped pieces
