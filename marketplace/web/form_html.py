"""WTForms' ``html_params`` without its slow formatting, for every widget of the site.

WTForms writes every attribute of every field through ``Markup('{k}="{v}"').format``,
which goes through Python's ``string.Formatter``: about 67 microseconds for an input's
seven attributes on the CI machine, and a candidate's profile form renders some 130
fields (8 ms of the page). ``html_params`` here writes the same attributes, escaped the
same way, with plain string operations (a tenth of the time). ``install`` puts it where
WTForms' widgets and labels look it up; a test compares both on every kind of value.
"""

from __future__ import annotations

import wtforms.widgets
import wtforms.widgets.core
from markupsafe import Markup, escape
from wtforms.widgets.core import clean_key

#: WTForms' own, kept for the tests that compare the two.
WTFORMS_HTML_PARAMS = wtforms.widgets.core.html_params


def html_params(**kwargs) -> Markup:
    """``attr="value"`` pairs, sorted by name, as WTForms writes them: ``True`` writes
    the bare name, ``False`` nothing, any other value escaped (quotes included, also in
    a value already marked safe)."""
    written = []
    for key, value in sorted(kwargs.items()):
        name = escape(clean_key(key))
        if value is True:
            written.append(name)
        elif value is not False:
            written.append(f'{name}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(written))  # noqa: S704 - every part escaped above


def install() -> None:
    """Let WTForms' widgets (``widgets.core``) and labels (``widgets``) use it.

    ``Input`` (every text, number, date, checkbox and hidden input) and ``Button`` bind
    WTForms' function as a class attribute when WTForms is imported, so replacing the
    module's name alone does not reach them: they get it as their own attribute too."""
    wtforms.widgets.core.html_params = html_params
    wtforms.widgets.html_params = html_params
    wtforms.widgets.core.Input.html_params = staticmethod(html_params)
    wtforms.widgets.core.Button.html_params = staticmethod(html_params)
