"""The site's ``html_params`` writes exactly what WTForms' own writes."""

from __future__ import annotations

import pytest
import wtforms.widgets
import wtforms.widgets.core
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import Form, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from marketplace.web.form_html import WTFORMS_HTML_PARAMS, html_params


@pytest.mark.parametrize("attributes", [
    {"name": "pseudonym", "id": "pseudonym", "type": "text", "value": "Amina"},
    {"value": 'Kok <script>"x"</script> & zn', "class_": "wide", "required": True},
    {"value": Markup('al "veilig" <b>'), "readonly": False, "maxlength": 80},
    {"data_row_index": 3, "aria_describedby": "hint-1", "for_": "x", "value": None},
    {"autofocus": True, "disabled": False, "step": 0.5, "min": 0},
    {"value": "a'b & <c> \"d\" &amp;", "title": "één \u2018x\u2019 \u202e", "maxlength": -3},
    {"value": 10**20, "min": True, "max": False, "size": 7.0, "checked": 1},
    {"aria-describedby": "x y", "x_": "", "data-n": 0, "value": 0},
    {},
])
def test_the_same_attributes_as_wtforms(attributes):
    assert html_params(**attributes) == WTFORMS_HTML_PARAMS(**attributes)
    assert isinstance(html_params(**attributes), Markup)


def test_a_lazy_text_is_written_as_wtforms_writes_it(app):
    """Lazy texts (labels, buttons) are no plain ``str``: they take the general path."""
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        attributes = {"value": _l("Save"), "title": _l("Please check the form")}
        assert html_params(**attributes) == WTFORMS_HTML_PARAMS(**attributes)
        assert 'value="Bewaren"' in html_params(**attributes)


def test_fields_and_labels_use_it(app):
    """Installed by the app: a form's inputs, text areas and labels come out as before."""

    class Profile(Form):
        name = StringField("Naam <b>", validators=[InputRequired(), Length(max=80)])
        hours = IntegerField("Uren")
        note = TextAreaField("Notitie")

    assert wtforms.widgets.core.html_params is html_params
    assert wtforms.widgets.html_params is html_params
    # Inputs and buttons look it up on their class, not in the module.
    assert wtforms.widgets.core.Input.html_params is html_params
    assert wtforms.widgets.core.TextInput().html_params is html_params
    assert wtforms.widgets.core.Button.html_params is html_params
    form = Profile(data={"name": 'Amina "A" <i>', "hours": 20, "note": "x & y"})
    written = [str(form.name()), str(form.hours(class_="short")), str(form.note()),
               str(form.name.label())]
    assert written == [
        '<input id="name" maxlength="80" name="name" required type="text" '
        'value="Amina &#34;A&#34; &lt;i&gt;">',
        '<input class="short" id="hours" name="hours" type="number" value="20">',
        '<textarea id="note" name="note">\r\nx &amp; y</textarea>',
        '<label for="name">Naam &lt;b&gt;</label>',
    ]
