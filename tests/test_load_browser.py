"""The load generator posts back what a browser would: ``bench.load_browser.form_fields``
reads the fields of a page's largest form that posts."""

from bench.load_browser import form_fields

PAGE = b"""<!doctype html><html><body>
<form class="language-switch" method="post" action="/language">
  <input type="hidden" name="csrf_token" value="menu-token">
  <button name="locale" value="en">EN</button>
</form>
<form method="get" action="/search"><input name="q" value="not sent"></form>
<form method="POST" novalidate class="form">
  <input type="hidden" name="csrf_token" value="a&amp;b">
  <input id="name" name="name" value='Amal "A." B'>
  <input type="text" name="empty">
  <input type="checkbox" name="mornings" checked>
  <input type="checkbox" name="evenings">
  <input type="checkbox" name="weekend" value="yes" checked>
  <input type="radio" name="kind" value="job">
  <input type="radio" name="kind" value="course" checked>
  <input type="submit" name="save" value="Opslaan"><input type="button" name="x" value="y">
  <select id="level" name="level" required><option value="">(kies)</option>
    <option selected value="A2">A2</option></select>
  <select name="source"><option value="certificate">Attest</option>
    <option value="test">Test</option></select>
  <SELECT NAME="empty_list"></SELECT>
  <textarea id="note" name="note" rows="5">
Eerste regel &amp; meer
tweede regel</textarea>
  <textarea name="blank"></textarea>
</form>
</body></html>"""


def test_the_largest_posting_form_as_a_browser_sends_it():
    assert form_fields(PAGE) == [
        ("csrf_token", "a&b"),
        ("name", 'Amal "A." B'),
        ("empty", ""),
        ("mornings", "y"),
        ("weekend", "yes"),
        ("kind", "course"),
        ("level", "A2"),
        ("source", "certificate"),
        ("note", "Eerste regel & meer\ntweede regel"),
        ("blank", ""),
    ]


def test_a_page_without_a_posting_form_has_no_fields():
    assert form_fields(b'<form method="get"><input name="q" value="x"></form>') == []
