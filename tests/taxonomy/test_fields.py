"""The shared pickers: a typed label or URI becomes the entity; anything else is a
field error with suggestions, and the typed text stays."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import InputRequired, Optional

from marketplace.taxonomy.fields import OccupationField, PostcodeField, SkillField
from marketplace.taxonomy.queries import get_occupation_by_uri

FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"


class PickerForm(FlaskForm):
    occupation = OccupationField("Occupation", validators=[InputRequired("required")])
    skill = SkillField("Skill", validators=[Optional()])
    postcode = PostcodeField("Postcode", validators=[Optional()])


def submit(app, **data):
    with app.test_request_context("/", method="POST", data=data):
        form = PickerForm(formdata=MultiDict(data))
        form.validate()
        return form, form.errors


@pytest.mark.parametrize("typed", ["heftruckchauffeur", "Heftruckchauffeur (m/v/x)",
                                   "forklift operator", FORKLIFT])
def test_occupation_is_resolved_from_a_label_or_uri(app, app_ctx, typed):
    form, errors = submit(app, occupation=typed)
    assert "occupation" not in errors
    assert form.occupation.data.uri == FORKLIFT


def test_unknown_occupation_is_a_field_error_with_suggestions_and_keeps_the_text(app, app_ctx):
    form, errors = submit(app, occupation="heftruck")
    message = errors["occupation"][0]
    assert message.startswith("We kennen dit beroep niet.")
    assert "Bedoel je:" in message and "heftruckchauffeur" in message
    assert form.occupation.data is None
    assert 'value="heftruck"' in form.occupation()


def test_empty_required_occupation_says_so(app, app_ctx):
    _form, errors = submit(app, occupation="")
    assert errors["occupation"] == ["required"]


def test_skill_and_postcode_resolve(app, app_ctx):
    form, errors = submit(app, occupation=FORKLIFT, skill="operating lifting or moving equipment",
                          postcode="2060")
    assert errors == {}
    assert form.postcode.data == "2060"
    assert form.postcode.place.municipality == "Antwerpen"


def test_unknown_postcode_is_refused(app, app_ctx):
    _form, errors = submit(app, occupation=FORKLIFT, postcode="9999")
    assert "postcode" in errors


def test_picker_fills_from_the_record_in_the_current_language(app, app_ctx):
    occupation = get_occupation_by_uri(FORKLIFT)
    with app.test_request_context("/"):
        form = PickerForm(data={"occupation": occupation})
        assert 'value="heftruckchauffeur"' in form.occupation()
        with force_locale("en"):
            form = PickerForm(data={"occupation": occupation})
            assert 'value="forklift operator"' in form.occupation()


def test_datalist_options_for_a_picker(client, login_as):
    login_as("employer_a")
    response = client.get("/taxonomy/occupations?as=options&field=occupation"
                          "&occupation=heftruckchaufeur", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert '<option value="heftruckchauffeur">' in response.get_data(as_text=True)


def test_postcode_fragment_reads_the_named_field(client, login_as):
    login_as("employer_a")
    response = client.get("/taxonomy/postcodes?field=postcode&postcode=2060",
                          headers={"HX-Request": "true"})
    assert "Antwerpen" in response.get_data(as_text=True)


def test_a_shared_label_keeps_the_entry_the_form_showed(app, app_ctx):
    from sqlalchemy import func, select

    from marketplace.extensions import db
    from marketplace.taxonomy.models import Skill

    label, count = db.session.execute(
        select(Skill.label_en, func.count()).group_by(Skill.label_en)
        .having(func.count() > 1).limit(1)
    ).one()
    assert count > 1
    namesakes = db.session.scalars(select(Skill).where(Skill.label_en == label)).all()
    for skill in namesakes:
        form, errors = submit(app, occupation=FORKLIFT, skill=label,
                              **{"skill-uri": skill.uri})
        assert errors == {}
        assert form.skill.data.uri == skill.uri
    # Retyped text wins over the hidden URI.
    form, _errors = submit(app, occupation=FORKLIFT, skill="operating lifting or moving equipment",
                           **{"skill-uri": namesakes[0].uri})
    assert form.skill.data.label_en == "operating lifting or moving equipment"
