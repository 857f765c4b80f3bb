"""The quick select widget writes the same options as WTForms' own, escaped."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectField, SelectMultipleField
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.web.forms import CheckboxesField, QuickSelect
from marketplace.web.forms import SelectField as SiteSelect
from marketplace.web.select_options import FixedChoices, data_choice, kept_per_catalogue, with_empty


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


def test_a_kept_list_writes_only_the_chosen_options_selected():
    """The options of a whole list are kept per process; each select marks its own
    choice (a repeated value in both places), and the next one nothing."""
    choices = [("", "(kies)"), ("ar", "Arabisch <b>"), ("fr", "Frans"), ("ar", "Arabisch")]

    class Plain(Form):
        field = SelectField(choices=choices)

    class Quick(Form):
        field = SiteSelect(choices=choices)

    for data in ("ar", "", None, "xx", "fr", "ar"):
        plain, quick = Plain(data={"field": data}), Quick(data={"field": data})
        assert str(quick.field()) == str(plain.field())


def test_checkboxes_are_written_as_wtforms_writes_each_option():
    choices = [("a", "A & <b>"), ("b", "B"), ("c", "")]

    class Plain(Form):
        plain = SelectMultipleField(choices=choices, widget=ListWidget(prefix_label=False),
                                    option_widget=CheckboxInput())
        required = SelectMultipleField(
            choices=choices, widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(), validators=[InputRequired()])

    class Quick(Form):
        plain = CheckboxesField(choices=choices)
        required = CheckboxesField(choices=choices, validators=[InputRequired()])

    for data in (["b", "c"], [], None):
        plain = Plain(data={"plain": data, "required": data})
        quick = Quick(data={"plain": data, "required": data})
        for name in ("plain", "required"):
            wtforms_writes = [(str(option()), str(option.label)) for option in plain[name]]
            assert [(str(box), str(label)) for box, label in quick[name].checkboxes()] == (
                wtforms_writes)
    assert "required" in str(quick.required.checkboxes()[0][0])
    assert "&lt;b&gt;" in str(quick.plain.checkboxes()[0][1])


def test_fixed_choices_write_what_wtforms_writes_and_keep_their_options():
    """A kept list of choices (``FixedChoices``) writes the same select as WTForms for
    every selection, also a repeated value, an empty label and a value of no choice."""
    pairs = [("", "(kies)"), ("ar", "Arabisch <b>"), ("fr", "Frans"), ("ar", "Arabisch"),
             ("x", "")]
    fixed = FixedChoices(pairs)

    class Plain(Form):
        field = SelectField(choices=pairs)

    class Quick(Form):
        field = SiteSelect(choices=lambda: fixed)

    for data in ("ar", "", None, "xx", "fr", "x", "ar"):
        plain, quick = Plain(data={"field": data}), Quick(data={"field": data})
        assert str(quick.field(class_="wide")) == str(plain.field(class_="wide"))
    with pytest.raises(TypeError):
        FixedChoices([("a", _l("Internship"))])  # a lazy label is written per reader


def test_choices_are_kept_per_catalogue(app):
    """``kept_per_catalogue`` gives each language its own list, the same one each time."""
    made = []

    def build():
        made.append(1)
        return with_empty([("internship", str(_l("Internship")))], _l("(choose)"))

    kept = kept_per_catalogue(build)
    with app.test_request_context():
        with force_locale("nl"):
            dutch = kept()
            assert kept() is dutch
        with force_locale("en"):
            english = kept()
    assert (dutch[1][1], english[1][1], len(made)) == ("Stage", "Internship", 2)


def test_choices_functions_get_the_form_and_field_when_they_take_them():
    seen = []

    class Quick(Form):
        bare = SiteSelect(choices=lambda: [("a", "A")])
        both = SiteSelect(choices=lambda form, field: seen.append((form, field)) or [("b", "B")])

    for _ in range(2):
        form = Quick()
        assert [str(form.bare.choices), str(form.both.choices)] == ["[('a', 'A')]",
                                                                   "[('b', 'B')]"]
        assert seen[-1] == (form, form.both)
