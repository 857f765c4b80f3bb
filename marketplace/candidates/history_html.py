"""The lines of a candidate's history table (``history_table`` of
``templates/candidates/_macros.html``) written in Python.

Each line held two cells written with a ``{% call cell(...) %}`` block of
``macros/tables.html``: two macro calls a cell, four a line, some 40 on a profile with
its ten newest lines. ``rows`` writes the very same HTML, its cells with
``web.table_cells.table_cell`` (what ``cell`` is); ``tests/candidates/test_history_html.py``
compares it with the macro's.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from marketplace.translation_lookup import FragmentTexts
from marketplace.web.field_html import html_of
from marketplace.web.i18n import format_moment
from marketplace.web.table_cells import table_cell

#: The table's own texts.
_TEXTS = FragmentTexts(who=_l("Who"), what=_l("What"), system=_l("the system"))


def _what(entry, action_labels, field_labels) -> Markup:
    """The action, and for a change the names of the fields it changed."""
    written = str(html_of(action_labels.get(entry.action, entry.action)))
    changed = entry.details.get("fields") if isinstance(entry.details, dict) else None
    if entry.action == "candidate_changed" and changed:
        written += ": " + ", ".join(str(html_of(field_labels.get(name, name)))
                                    for name in changed)
    return Markup(written)  # noqa: S704 - the labels written by html_of


def rows(entries, action_labels, field_labels) -> Markup:
    """The ``<tr>`` lines of ``entries`` (``queries.TrailEntry``), as the loop of
    ``history_table`` wrote them, whitespace included."""
    texts = _TEXTS()
    who_label, what_label, system = texts["who"], texts["what"], texts["system"]
    written = []
    for entry in entries:
        if entry.actor_name:
            organisation = (f" ({escape(entry.actor_organisation)})"
                            if entry.actor_organisation else "")
            who = Markup(  # noqa: S704 - escaped
                f'<span translate="no">{escape(entry.actor_name)}{organisation}</span>')
        else:
            who = system
        written.append(
            '\n    <tr role="row">\n      <th scope="row" role="rowheader">'
            f"{escape(format_moment(entry.at, 'short'))}</th>\n      "
            f"{table_cell(who_label, value=who)}\n      "
            f"{table_cell(what_label, value=_what(entry, action_labels, field_labels))}"
            "\n    </tr>\n  "
        )
    return Markup("".join(written))  # noqa: S704 - every value escaped above
