"""The quick select widget writes the same options as WTForms' own, escaped."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectField
from wtforms.validators import InputRequired

from marketplace.web.forms import QuickSelect, data_choice
from marketplace.web.forms import SelectField as SiteSelect


class Options(HTMLParser):
    def __init__(self):
        super().__init__()
        self.options: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "option":
            self.options.append({**dict(attrs), "text": ""})

    def handle_data(self, data):
        if self.options:
            self.options[-1]["text"] += data


def options(html) -> list[dict]:
    parser = Options()
    parser.feed(str(html))
    return parser.options


def test_quick_select_writes_the_options_wtforms_writes():
    choices = [("", "Alle beroepen"), data_choice("12", 'Kok <script>"x"</script> & zn'),
               ("7", "Lasser")]

    class Plain(Form):
        field = SelectField(choices=choices)

    class Quick(Form):
        field = SelectField(choices=choices, widget=QuickSelect())

    plain, quick = Plain(data={"field": "12"}), Quick(data={"field": "12"})
    assert str(quick.field()) == str(plain.field())
    assert options(quick.field()) == options(plain.field())
    assert "<script>" not in str(quick.field())
    assert options(quick.field())[1] == {"value": "12", "translate": "no", "selected": None,
                                         "text": 'Kok <script>"x"</script> & zn'}


def test_kept_options_follow_the_selection_and_the_language(app):
    """The same option is kept once, but written selected only where it is chosen,
    and a lazy (translated) label is written in each reader's language."""
    class Languages(Form):
        first = SiteSelect(choices=[("ar", "Arabisch"), ("fr", "Frans")])
        second = SiteSelect(choices=[("ar", "Arabisch"), ("fr", "Frans")])
        kind = SiteSelect(choices=[("internship", _l("Internship"))])

    form = Languages(data={"first": "ar", "second": "fr"})
    assert [o.get("selected", "no") for o in options(form.first())] == [None, "no"]
    assert [o.get("selected", "no") for o in options(form.second())] == ["no", None]
    with app.test_request_context():
        with force_locale("nl"):
            dutch = options(form.kind())[0]["text"]
        with force_locale("en"):
            english = options(form.kind())[0]["text"]
    assert (english, dutch) == ("Internship", "Stage")


@pytest.mark.parametrize(("choices", "coerce", "data"), [
    ([(1, "Een"), (2, "Twee <b>"), (3, "")], int, 2),
    ([("nl", "Nederlands"), data_choice("ar", "Arabisch"), ("fr", "")], str, "ar"),
    ({"Groep": [("a", "A"), ("b", "B")], "Andere": [("c", "C")]}, str, "c"),
    (["x", "y"], str, "y"),
])
def test_every_kind_of_choices_reads_as_wtforms_writes_it(choices, coerce, data):
    class Plain(Form):
        field = SelectField(choices=choices, coerce=coerce, validators=[InputRequired()])

    class Quick(Form):
        field = SiteSelect(choices=choices, coerce=coerce, validators=[InputRequired()])

    plain, quick = Plain(data={"field": data}), Quick(data={"field": data})
    assert str(quick.field(class_="wide")) == str(plain.field(class_="wide"))
