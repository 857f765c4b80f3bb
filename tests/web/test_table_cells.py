"""``cell`` of ``macros/tables.html`` (``table_cell`` in Python) writes exactly what its
former Jinja macro wrote, for plain values, markup, numbers and call blocks."""

from __future__ import annotations

import pytest
from markupsafe import Markup

#: The macro as it was, kept here as the reference the Python function must match.
MACRO = """{% macro cell(label=none, classes='', data=False, value='') -%}
<td role="cell"{% if classes %} class="{{ classes }}"{% endif %}>
  {%- if label %}<span class="cell-label" aria-hidden="true">{{ label }}</span>{% endif -%}
  <span class="cell-value"{% if data %} translate="no"{% endif %}>
  {{- caller() if caller is defined else value }}</span></td>
{%- endmacro %}"""

CALLS = [
    "{{ cell('Plaatsen', value=3) }}",
    "{{ cell(value=0) }}",
    "{{ cell('', value=none) }}",
    "{{ cell('Titel', data=True, value=title) }}",
    "{{ cell(label, classes='num wide', value=title) }}",
    "{{ cell(label, classes=klass, data=True, value=safe) }}",
    "{{ cell(label, value=missing.attribute) }}",
    "{{ cell(value=false) }}",
    "{% call cell(label) %}<a href=\"/x?a=1&amp;b=2\">{{ title }}</a>{% endcall %}",
    "{% call cell(classes='actions') %}\n  <form>{{ safe }}</form>\n{% endcall %}",
    "{% call cell(label, data=True) %}{{ title }} ({{ 12.5 }}){% endcall %}",
    "{% for n in [1, 2] %}{% call cell(label ~ n) %}{{ n }}{% endcall %}{% endfor %}",
]

VALUES = {
    "label": 'Naam <script>"x"</script> & zn',
    "title": "Kok <b>'vast'</b> & \"hulp\"",
    "safe": Markup("<strong>al veilig</strong> &amp;"),
    "klass": 'x" onclick="y',
    "missing": {},
}


@pytest.mark.parametrize("call", CALLS)
def test_the_same_html_as_the_macro(app, call):
    with app.test_request_context():
        environment = app.jinja_env
        old = environment.from_string(MACRO + call).render(**VALUES)
        new = environment.from_string(
            '{% from "macros/tables.html" import cell %}' + call).render(**VALUES)
    assert new == old
    assert "<td" in new

