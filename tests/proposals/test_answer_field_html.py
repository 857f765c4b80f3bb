"""The answer form's and the interview form's fields, and the cancel form's tick, are
written by the ``field`` macro in Python (``web/field_html.py``, the template
global ``field_html``): byte for byte what the macro of ``macros/forms.html``
writes for them, with the arguments the proposal templates give, with and without
errors, in Dutch and English."""

from __future__ import annotations

import pytest
from flask import session
from flask_babel import refresh
from markupsafe import Markup

from marketplace.proposals.forms import AnswerForm, CancelInterviewForm, InterviewForm
from tests.candidates.test_field_html import ERRORS, _every_field, _written_alike

#: The arguments ``proposals/_interview.html`` and ``proposals/answer.html`` give.
ARGUMENTS = (
    {}, {"hint": Markup("For example 10:00.")}, {"autocomplete": "street-address"},
    {"inputmode": "url"}, {"translate": "no"}, {"autocomplete": "tel", "inputmode": "tel"},
    {"autocomplete": "email"}, {"rows": 4},
)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_proposal_forms_fields_are_written_as_the_field_macro_writes_them(app, language):
    with app.test_request_context():
        session["locale"] = language
        refresh()
        answer = AnswerForm(formdata=None, data={"contact_name": 'Sara "S" <b>'},
                            kind="job", state="proposed")
        forms = (answer, InterviewForm(formdata=None), CancelInterviewForm(formdata=None))
        fields = [f for form in forms for f in _every_field(form)]
        assert {f.type for f in fields} >= {"StringField", "SelectField", "BooleanField",
                                            "TextAreaField", "DateField", "TimeField",
                                            "URLField", "EmailField"}
        written = []
        for errors in ERRORS:
            for f in fields:
                if f.type == "RadioField":  # written by radio_group, not field
                    continue
                f.errors = list(errors)
                written += [_written_alike(app, f, arguments) for arguments in ARGUMENTS]
        page = "".join(written)
        assert "Sara &#34;S&#34; &lt;b&gt;" in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
