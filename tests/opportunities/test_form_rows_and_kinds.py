"""The opportunity form fits the task: fields that belong to another kind of
opportunity are ignored, language and skill rows are added and removed one at a time
(here without JavaScript: the buttons send the form), and a skill is nice to have
unless the employer says it is a must."""

from __future__ import annotations

import re

import pytest

from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.row_forms import MAX_LANGUAGE_ROWS
from marketplace.opportunities.vocab import KIND_SPECIFIC_FIELDS, applies_to, kinds_for
from tests.factories import make_opportunity as build_opportunity
from tests.opportunities.conftest import form_data, newest, text
from tests.security.helpers import error_next_to

LIFTING_LABEL = "operating lifting or moving equipment"
TEAMS_LABEL = "work in teams"


def row_names(page: str, list_name: str) -> list[str]:
    """The rows the page shows (not the blank one in the <template>), by name."""
    shown = re.sub(r"<template.*?</template>", "", page, flags=re.S)
    found = re.findall(rf'name="remove_row" value="({list_name}-\d+)"', shown)
    return list(dict.fromkeys(found))


# --- the kind decides which fields count ------------------------------------------------


def test_the_rule_names_contract_for_jobs_and_weeks_for_internships():
    assert applies_to("contract_type", "job") and not applies_to("contract_type", "internship")
    assert applies_to("internship_weeks", "internship")
    assert not applies_to("internship_weeks", "job")
    assert not any(applies_to(name, "volunteering") for name in KIND_SPECIFIC_FIELDS)
    assert all(applies_to("places", kind) for kind in ("job", "internship", "volunteering"))


def test_without_javascript_every_field_shows_with_the_kinds_it_is_for(employer):
    page = text(employer.get("/opportunities/new?kind=volunteering"))
    assert re.search(r'<div data-kinds="job">\s*<div class="field[^"]*">\s*'
                     r'<label for="contract_type"', page)
    assert re.search(r'<div data-kinds="internship">\s*<div class="field[^"]*">\s*'
                     r'<label for="internship_weeks"', page)
    assert "Alleen voor jobs." in page and "Alleen voor stages." in page


def test_a_job_with_internship_weeks_filled_in_is_saved_without_them(employer, organisations):
    response = employer.post("/opportunities/new",
                             data=form_data(internship_weeks="500", publish="1"))
    assert response.status_code == 302
    opportunity = newest(organisations["employer_a"])
    assert (opportunity.kind, opportunity.status) == ("job", "published")
    assert opportunity.internship_weeks is None and opportunity.contract_type == "interim"


@pytest.mark.parametrize("contract", ["interim", "forever"])
def test_an_internship_stores_no_contract_type_whatever_was_chosen(
    employer, organisations, contract
):
    data = form_data(kind="internship", contract_type=contract, internship_weeks="12")
    assert employer.post("/opportunities/new", data=data).status_code == 302
    opportunity = newest(organisations["employer_a"])
    assert (opportunity.kind, opportunity.internship_weeks) == ("internship", 12)
    assert opportunity.contract_type is None


def test_volunteering_keeps_neither_contract_nor_weeks(employer, organisations):
    data = form_data(kind="volunteering", contract_type="permanent", internship_weeks="x",
                     publish="1")
    assert employer.post("/opportunities/new", data=data).status_code == 302
    opportunity = newest(organisations["employer_a"])
    assert (opportunity.contract_type, opportunity.internship_weeks) == (None, None)
    assert opportunity.status == "published"


def test_an_employer_cannot_offer_a_training_course_and_keeps_what_was_typed(
    employer, organisations
):
    page = text(employer.get("/opportunities/new"))
    offered = re.findall(r'name="kind"[^>]*value="(\w+)"', page)
    assert offered == ["job", "internship", "volunteering", "tryout"], offered
    data = form_data(kind="training", title="Lasopleiding <script>x</script>")
    response = employer.post("/opportunities/new", data=data)
    page = text(response)
    assert response.status_code == 200
    assert "Kies een van de soorten die je organisatie aanbiedt." in error_next_to(page, "kind")
    assert "Lasopleiding &lt;script&gt;x&lt;/script&gt;" in page
    assert newest(organisations["employer_a"]) is None


def test_the_kinds_each_kind_of_organisation_offers():
    assert [str(kind) for kind in kinds_for("employer")] == [
        "job", "internship", "volunteering", "tryout"]
    assert [str(kind) for kind in kinds_for("training_provider")] == ["training"]
    assert [str(kind) for kind in kinds_for("federation")] == ["tryout"]
    assert kinds_for("partner") == kinds_for("admin") == ()


def test_the_operations_store_fields_of_another_kind_as_empty(app_ctx, organisations):
    opportunity = build_opportunity(organisations["employer_a"], status="draft",
                                    kind="internship", contract_type="interim",
                                    internship_weeks=8)
    assert (opportunity.contract_type, opportunity.internship_weeks) == (None, 8)


def test_a_job_still_needs_its_contract_to_be_published(employer):
    page = text(employer.post("/opportunities/new",
                              data=form_data(contract_type="", internship_weeks="10",
                                             publish="1")))
    assert "Kies het soort contract" in error_next_to(page, "contract_type")
    assert not error_next_to(page, "internship_weeks")


# --- nice to have unless it is a must ---------------------------------------------------


def test_a_new_skill_is_nice_to_have_and_a_new_language_an_advantage(employer, organisations):
    page = text(employer.get("/opportunities/new"))
    assert re.search(r'<input checked id="skills-0-required-1" name="skills-0-required" '
                     r'type="radio" value="nice">', page)
    assert re.search(r'<input checked id="languages-0-required-1" '
                     r'name="languages-0-required" type="radio" value="advantage">', page)
    # Sent without saying how important: nice to have, an advantage.
    data = form_data(**{"skills-0-required": None, "languages-0-required": None})
    assert employer.post("/opportunities/new", data=data).status_code == 302
    opportunity = newest(organisations["employer_a"])
    assert [(row.skill.label_en, row.required) for row in opportunity.skills] == [
        (LIFTING_LABEL, False)]
    assert [row.required for row in opportunity.languages] == [False]


# --- rows, one at a time ------------------------------------------------------------------


def test_add_a_skill_without_javascript_keeps_what_was_typed_and_saves_nothing(
    employer, organisations
):
    before = newest(organisations["employer_a"])
    data = form_data(title="<b>Heftruck</b> nacht", hours_per_week="veel", add_row="skills")
    response = employer.post("/opportunities/new", data=data)
    page = text(response)
    assert response.status_code == 200
    assert newest(organisations["employer_a"]) == before
    assert row_names(page, "skills") == ["skills-0", "skills-1"]
    assert f'value="{LIFTING_LABEL}"' in page
    assert 'value="&lt;b&gt;Heftruck&lt;/b&gt; nacht"' in page and 'value="veel"' in page
    assert 'class="error-summary"' not in page  # not checked yet: nothing was saved
    # Pressed again while the new row is still empty: one more.
    data.update({"skills-1-skill": "", "skills-1-required": "nice"})
    assert row_names(text(employer.post("/opportunities/new", data=data)), "skills") == [
        "skills-0", "skills-1", "skills-2"]


def test_remove_a_row_without_javascript_keeps_the_others(employer, organisations):
    before = newest(organisations["employer_a"])
    data = form_data(**{"skills-1-skill": TEAMS_LABEL, "skills-1-required": "nice",
                        "remove_row": "skills-0"})
    page = text(employer.post("/opportunities/new", data=data))
    assert newest(organisations["employer_a"]) == before
    assert row_names(page, "skills") == ["skills-1", "skills-2"]  # and one empty row
    assert f'value="{LIFTING_LABEL}"' not in page and f'value="{TEAMS_LABEL}"' in page
    assert 'name="languages-0-language_code"' in page  # the other list is untouched


def test_remove_and_add_on_the_edit_form_change_nothing_stored(employer, make_opportunity):
    opportunity = make_opportunity()
    data = form_data(version=opportunity.version, remove_row="languages-0")
    page = text(employer.post(f"/opportunities/{opportunity.id}/edit", data=data))
    assert '<option selected value="en">' not in page
    data = form_data(version=opportunity.version, add_row="languages")
    page = text(employer.post(f"/opportunities/{opportunity.id}/edit", data=data))
    assert row_names(page, "languages") == ["languages-0", "languages-1"]
    db.session.expire_all()
    stored = db.session.get(Opportunity, opportunity.id)
    assert [row.language_code for row in stored.languages] == ["en"]
    assert stored.version == opportunity.version


def test_no_more_rows_than_the_maximum(employer):
    data = form_data(add_row="languages")
    for number in range(MAX_LANGUAGE_ROWS):
        data[f"languages-{number}-required"] = "advantage"
    page = text(employer.post("/opportunities/new", data=data))
    assert len(row_names(page, "languages")) == MAX_LANGUAGE_ROWS
    assert re.search(r'<button type="submit" name="add_row" value="languages"[^>]*hidden>',
                     page)


def test_bad_input_shows_the_filled_rows_and_one_empty_row(employer):
    data = form_data(places="0", **{"skills-1-skill": "", "skills-1-required": "nice",
                                    "skills-2-skill": TEAMS_LABEL,
                                    "skills-2-required": "must"})
    page = text(employer.post("/opportunities/new", data=data))
    assert "tussen 1 en 1000" in error_next_to(page, "places")
    assert row_names(page, "skills") == ["skills-0", "skills-2", "skills-3"]
    assert 'value="in team werken"' in page  # the picked skill, by its Dutch name


def test_the_page_holds_a_blank_row_for_the_script_to_copy(employer):
    page = text(employer.get("/opportunities/new"))
    template = re.search(r'<template data-row-template data-index="__index__">(.*?)</template>',
                         page.split('id="skills"', 1)[1], re.S).group(1)
    assert 'name="skills-__index__-skill"' in template
    assert 'list="skills-__index__-skill-options"' in template
    assert 'hx-target="#skills-__index__-skill-options"' in template
    assert 'value="skills-__index__"' in template  # its remove button
