"""Every table of the site is written with the one macro that makes it usable on a
phone (templates/macros/tables.html): a box that scrolls on its own, named and
focusable, or labelled rows. A bare <table> would make the whole page scroll sideways."""

from __future__ import annotations

import re
from pathlib import Path

from flask import render_template_string

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MACRO = TEMPLATES / "macros" / "tables.html"


def test_no_template_writes_a_table_of_its_own():
    bare = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        if path != MACRO
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"<table\b", line)
    ]
    advice = "write these tables with table_box() from macros/tables.html:"
    assert not bare, "\n".join([advice, *bare])


def render(source: str) -> str:
    return render_template_string('{% from "macros/tables.html" import table_box, cell %}' + source)


def test_a_table_box_is_a_focusable_group_named_by_its_caption(app):
    with app.test_request_context("/"):
        html = render(
            "{% call table_box('3 <b>keys</b>'|safe, 'keys-caption', classes='wide') %}"
            "<tbody><tr><td>x</td></tr></tbody>{% endcall %}"
        )
    box = '<div class="table-box" role="group" aria-labelledby="keys-caption" tabindex="0"'
    assert box in html
    assert '<table class="wide">' in html
    assert '<caption id="keys-caption">3 <b>keys</b><span class="table-box__hint"' in html
    # The line about scrolling is for the eye; the box and the table are named without it.
    assert 'aria-hidden="true" hidden>Schuif opzij voor meer kolommen' in html


def test_rows_become_labelled_lines_with_the_table_roles(app):
    with app.test_request_context("/"):
        html = render(
            "{% call table_box('Lijst', 'list-caption', rows=True) %}<tbody><tr>"
            "{% call cell('Stand') %}open{% endcall %}"
            "{% call cell(data=True) %}Jan{% endcall %}</tr></tbody>{% endcall %}"
        )
    assert '<table class="table--rows" role="table">' in html
    assert (
        '<td role="cell"><span class="cell-label" aria-hidden="true">Stand</span>'
        '<span class="cell-value">open</span></td>'
    ) in html
    assert '<td role="cell"><span class="cell-value" translate="no">Jan</span></td>' in html


def test_a_hidden_caption_keeps_the_line_about_scrolling_in_sight(app):
    with app.test_request_context("/"):
        html = render("{% call table_box('Wat', 'what', caption_hidden=True) %}{% endcall %}")
    assert '<caption id="what" class="visually-hidden">Wat</caption>' in html
    assert html.index("table-box__hint") < html.index("<table")


def test_a_cell_given_its_value_writes_what_its_call_block_would(app):
    with app.test_request_context("/"):
        for value in ("0", "'<b>'", "'<b>'|safe", "none"):
            given = render(f"{{{{ cell('Plaatsen', value={value}) }}}}")
            called = render(f"{{% call cell('Plaatsen') %}}{{{{ {value} }}}}{{% endcall %}}")
            assert given == called, value
        assert '<span class="cell-value">&lt;b&gt;</span>' in render(
            "{{ cell(value='<b>') }}")
