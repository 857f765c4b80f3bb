"""WTForms' ``html_params`` without its slow formatting, for every widget of the site.

WTForms writes every attribute of every field through ``Markup('{k}="{v}"').format``,
which goes through Python's ``string.Formatter``: about 67 microseconds for an input's
seven attributes on the CI machine, and a candidate's profile form renders some 130
fields (8 ms of the page). ``html_params`` here writes the same attributes, escaped the
same way, with plain string operations (a tenth of the time). ``install`` puts it where
WTForms' widgets and labels look it up; a test compares both on every kind of value.
"""

from __future__ import annotations

from functools import lru_cache

import wtforms.widgets
import wtforms.widgets.core
from markupsafe import Markup, escape
from wtforms.widgets.core import clean_key

#: WTForms' own, kept for the tests that compare the two.
WTFORMS_HTML_PARAMS = wtforms.widgets.core.html_params


def html_params(**kwargs) -> Markup:
    """``attr="value"`` pairs, sorted by name, as WTForms writes them: ``True`` writes
    the bare name, ``False`` nothing, any other value escaped (quotes included, also in
    a value already marked safe).

    A plain text or a whole number, most values of a form, is escaped with the plain
    string operations of ``markupsafe.escape`` (the same five entities) instead of
    through a ``Markup`` object each; the names come from ``_name`` (a handful per
    site). Anything else (``Markup``, lazy texts, other numbers) goes through
    ``escape`` as before."""
    written = []
    for key, value in sorted(kwargs.items()):
        if value is True:
            written.append(_name(key))
        elif value is not False:
            kind = type(value)
            if kind is str:
                text = (value.replace("&", "&amp;").replace(">", "&gt;")
                        .replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;"))
            elif kind is int:
                text = str(value)
            else:
                text = str(escape(value)).replace(chr(34), "&quot;")
            written.append(f'{_name(key)}="{text}"')
    return Markup(" ".join(written))  # noqa: S704 - every part escaped above


@lru_cache(maxsize=1024)
def _name(key: str) -> str:
    """An attribute's name as WTForms writes it (``class_`` -> ``class``, ``data_x`` ->
    ``data-x``), escaped: a pure function of the keyword, so kept per process."""
    return str(escape(clean_key(key)))


def install() -> None:
    """Let WTForms' widgets (``widgets.core``) and labels (``widgets``) use it.

    ``Input`` (every text, number, date, checkbox and hidden input) and ``Button`` bind
    WTForms' function as a class attribute when WTForms is imported, so replacing the
    module's name alone does not reach them: they get it as their own attribute too."""
    wtforms.widgets.core.html_params = html_params
    wtforms.widgets.html_params = html_params
    wtforms.widgets.core.Input.html_params = staticmethod(html_params)
    wtforms.widgets.core.Button.html_params = staticmethod(html_params)
