"""A table cell of ``table_box(rows=True)`` written in Python, for the long lists.

``cell`` in ``templates/macros/tables.html`` is the one way templates write such a cell
(``{% call cell(label) %}...{% endcall %}`` or ``cell(label, value=...)``). As a Jinja
macro it cost about 10 microseconds a call before its content, and an employer's list
of 25 opportunities writes some 175 cells: a tenth of that page. The macro file now
binds ``cell`` to :func:`table_cell`, which writes the same HTML byte for byte (a test
renders both on every kind of value), so no template changes.
"""

from __future__ import annotations

from markupsafe import Markup, escape


def table_cell(label=None, classes="", data=False, value="", caller=None) -> Markup:
    """``<td>`` with the column's name for phones (hidden from screen readers, who read
    the header) and the value: ``caller()`` of a call block, else ``value``, escaped as
    ``{{ value }}`` escapes it. ``data`` marks the value as data (``translate="no"``)."""
    parts = ['<td role="cell"']
    if classes:
        parts.append(f' class="{escape(classes)}"')
    parts.append(">")
    if label:
        parts.append(f'<span class="cell-label" aria-hidden="true">{escape(label)}</span>')
    parts.append('<span class="cell-value" translate="no">' if data
                 else '<span class="cell-value">')
    parts.append(escape(caller() if caller is not None else value))
    parts.append("</span></td>")
    return Markup("".join(parts))  # noqa: S704 - every value escaped above


def install(app) -> None:
    """Make :func:`table_cell` a template global, for ``macros/tables.html``."""
    app.add_template_global(table_cell)
