"""The profile form's fields, and the trajectory decision form's on the profile, are
written in Python (``web/field_html.py``, the pickers and checkbox groups
``candidates/form_html.py``) exactly as the ``field`` macro of
``macros/forms.html`` writes them: every field, with and without hints, errors (markup
in them escaped) and extra attributes, in Dutch and English; and the ESCO pickers of
``macros/taxonomy.html`` as theirs."""

from __future__ import annotations

from datetime import date

import pytest
from flask import session
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from markupsafe import Markup

from marketplace.candidates.forms import CandidateForm
from marketplace.taxonomy.queries import get_occupation_by_uri, get_skill_by_uri
from marketplace.trajectories.forms import DecisionForm
from tests.factories import FORKLIFT, TEAMWORK

#: A field through the macro, and through the Python function.
BY_MACRO = '{% from "macros/forms.html" import field %}{{ field(f, **arguments) }}'
BY_PYTHON = "{{ field_html(f, **arguments) }}"

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


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_esco_pickers_are_written_as_the_taxonomy_macros_write_them(app, language):
    pickers = ('{% from "macros/taxonomy.html" import occupation_input, skill_input %}'
               "{{ occupation_input(experience) }}{{ occupation_input(wish) }}"
               "{{ skill_input(skill) }}{{ skill_input(empty) }}")
    in_python = ("{{ candidate_picker(experience) }}{{ candidate_picker(wish) }}"
                 "{{ candidate_picker(skill) }}{{ candidate_picker(empty) }}")
    with app.test_request_context():
        session["locale"] = language
        refresh()
        form = CandidateForm(data={
            "experiences": [{"occupation": get_occupation_by_uri(FORKLIFT)}],
            "skills": [{"skill": get_skill_by_uri(TEAMWORK)}, {"skill": None}],
            "wished_occupations": [{"occupation": None}],
        })
        rows = {"experience": form.experiences[0].form.occupation,
                "wish": form.wished_occupations[0].form.occupation,
                "skill": form.skills[0].form.skill, "empty": form.skills[1].form.skill}
        for errors in ERRORS:
            for picker in rows.values():
                picker.errors = list(errors)
            by_macro = app.jinja_env.from_string(pickers).render(**rows)
            assert app.jinja_env.from_string(in_python).render(**rows) == by_macro
        assert f'name="experiences-0-occupation-uri" value="{FORKLIFT}"' in by_macro
        assert "/taxonomy/skills?as=options&amp;field=skills-1-skill" in by_macro


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_profile_checkbox_groups_are_written_as_their_macro_writes_them(app, language):
    by_macro = '{% from "candidates/_macros.html" import checkbox_group %}{{ checkbox_group(f) }}'
    in_python = "{{ candidate_checkbox_group(f) }}"
    with app.test_request_context():
        session["locale"] = language
        refresh()
        for data in ({}, {"wished_kinds": ["job"], "wished_sectors": ["C", "H"],
                          "day_parts": ["mornings", "weekends"]}):
            form = CandidateForm(data=data)
            groups = [f for f in form if f.type == "CheckboxesField"]
            assert {f.name for f in groups} == {"wished_kinds", "wished_sectors", "day_parts"}
            for errors in ERRORS:
                for f in groups:
                    f.errors = list(errors)
                    written = app.jinja_env.from_string(by_macro).render(f=f)
                    assert app.jinja_env.from_string(in_python).render(f=f) == written
                    # Twice: the second time from the kept options.
                    assert app.jinja_env.from_string(in_python).render(f=f) == written
                    f.render_kw = {"class": "tick"}  # options through WTForms' own
                    written = app.jinja_env.from_string(by_macro).render(f=f)
                    assert app.jinja_env.from_string(in_python).render(f=f) == written
                    f.render_kw = None
        ticked = app.jinja_env.from_string(in_python).render(f=form.day_parts)
        assert ('<input checked id="day_parts-0" name="day_parts" type="checkbox" '
                'value="mornings">') in ticked
        assert '<input id="day_parts-1" name="day_parts" type="checkbox"' in ticked
