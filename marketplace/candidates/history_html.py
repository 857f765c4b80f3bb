"""The lines of a candidate's history table (``history_table`` of
``templates/candidates/_macros.html``) written in Python.

Each line held two cells written with a ``{% call cell(...) %}`` block of
``macros/tables.html``: two macro calls a cell, four a line, some 40 on a profile with
its ten newest lines. ``rows`` writes the very same HTML (``cell``'s included, byte
for byte); ``tests/candidates/test_history_html.py`` compares it with the cells of the
macro.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from marketplace.candidates.field_html import html_of, template_text
from marketplace.web.i18n import format_moment


def _cell(label: Markup, value: str) -> str:
    """``{% call cell(label) %}value{% endcall %}`` (``macros/tables.html``)."""
    return (f'<td role="cell"><span class="cell-label" aria-hidden="true">{label}</span>'
            f'<span class="cell-value">{value}</span></td>')


def _what(entry, action_labels, field_labels) -> str:
    """The action, and for a change the names of the fields it changed."""
    written = str(html_of(action_labels.get(entry.action, entry.action)))
    changed = entry.details.get("fields") if isinstance(entry.details, dict) else None
    if entry.action == "candidate_changed" and changed:
        written += ": " + ", ".join(str(html_of(field_labels.get(name, name)))
                                    for name in changed)
    return written


def rows(entries, action_labels, field_labels) -> Markup:
    """The ``<tr>`` lines of ``entries`` (``queries.TrailEntry``), as the loop of
    ``history_table`` wrote them, whitespace included."""
    who_label, what_label = template_text("Who"), template_text("What")
    system = template_text("the system")
    written = []
    for entry in entries:
        if entry.actor_name:
            organisation = (f" ({escape(entry.actor_organisation)})"
                            if entry.actor_organisation else "")
            who = f'<span translate="no">{escape(entry.actor_name)}{organisation}</span>'
        else:
            who = str(system)
        written.append(
            '\n    <tr role="row">\n      <th scope="row" role="rowheader">'
            f"{escape(format_moment(entry.at, 'short'))}</th>\n      "
            f"{_cell(who_label, who)}\n      "
            f"{_cell(what_label, _what(entry, action_labels, field_labels))}\n    </tr>\n  "
        )
    return Markup("".join(written))  # noqa: S704 - every value escaped above
