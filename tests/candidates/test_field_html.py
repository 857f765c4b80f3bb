"""The profile form's fields, and the trajectory decision form's on the profile, are
written in Python (``candidates/field_html.py``) exactly as the ``field`` macro of
``macros/forms.html`` writes them: every field, with and without hints, errors (markup
in them escaped) and extra attributes, in Dutch and English."""

from __future__ import annotations

from datetime import date

import pytest
from flask import session
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from markupsafe import Markup

from marketplace.candidates.forms import CandidateForm
from marketplace.trajectories.forms import DecisionForm

#: A field through the macro, and through the Python function.
BY_MACRO = '{% from "macros/forms.html" import field %}{{ field(f, **arguments) }}'
BY_PYTHON = "{{ candidate_field(f, **arguments) }}"

ARGUMENTS = (
    {},
    {"hint": "Say <b>why</b> & how"},
    {"hint": _l("Only you see this note. Write facts, no opinions about the person.")},
    {"hint": Markup("<em>kept</em>")},
    {"class_": "field--short"},
    {"autocomplete": "off", "inputmode": "numeric", "aria-describedby": "place-hint"},
)

ERRORS = (
    [],
    ["Typed <script>alert(1)</script> & more", "A second one"],
    [_l("This date is in the future."), "plain <text>"],
    [Markup("<strong>marked</strong>")],
)


def _every_field(form):
    for f in form:
        if f.type == "FieldList":
            for row in f:
                yield from row.form
        elif f.type not in ("CSRFTokenField", "HiddenField", "SubmissionTokenField"):
            yield f


def _written_alike(app, f, arguments) -> str:
    by_macro = app.jinja_env.from_string(BY_MACRO).render(f=f, arguments=arguments)
    assert app.jinja_env.from_string(BY_PYTHON).render(f=f, arguments=arguments) == by_macro
    return by_macro


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_profile_form_fields_are_written_as_the_field_macro_writes_them(app, language):
    with app.test_request_context():
        session["locale"] = language
        refresh()
        form = CandidateForm(data={"pseudonym": 'Mia "M" <b>', "hours_per_week": 20,
                                   "driving_licence": True,
                                   "languages": [{"language": "fr", "level": "B1"}]})
        fields = list(_every_field(form))
        assert {f.type for f in fields} >= {"StringField", "SelectField", "BooleanField",
                                            "TextAreaField", "IntegerField", "DateField"}
        written = []
        for errors in ERRORS:
            for f in fields:
                f.errors = list(errors)
                written += [_written_alike(app, f, arguments) for arguments in ARGUMENTS]
        page = "".join(written)
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
        assert "Say &lt;b&gt;why&lt;/b&gt; &amp; how" in page
        assert "Mia &#34;M&#34; &lt;b&gt;" in page
        assert ("Only you see this note" if language == "en" else "Alleen jij ziet") in page


def test_the_decision_form_on_the_profile_is_written_as_the_field_macro_writes_it(app):
    with app.test_request_context():
        form = DecisionForm(partners=[(1, "Partner <A>"), (2, "B & C")],
                            registered_on=date(2024, 1, 1), today=date(2026, 1, 1),
                            data={"decided_on": date(2025, 3, 1), "partner": "2"})
        for errors in ERRORS:
            for f in _every_field(form):
                f.errors = list(errors)
                for arguments in (*ARGUMENTS, {"rows": 2}, {"class_": "field--short"}):
                    _written_alike(app, f, arguments)
