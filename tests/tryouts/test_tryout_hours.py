"""A try-out is one session on one day: nobody is asked its hours per week. The form
leaves the field out for it (and ignores it), the records import takes one without
hours and the export gives none (the API: ``tests/api/test_opportunity_hours.py``), and
a job, an internship or a course still has to give them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.vocab import UNSHOWN_HOURS
from marketplace.records.exporter import export_records
from marketplace.records.importer import RecordsRejected, import_records
from marketplace.records.reader import parse_lines
from tests.factories import WAREHOUSE, make_opportunity, make_tryout
from tests.records.test_import import RECORDS
from tests.security.helpers import error_next_to
from tests.tryouts.test_organiser_pages import tryout_form

HOURS_MESSAGE = "Vul een aantal uren in tussen 1 en 60."


def _newest(organisation) -> Opportunity:
    return db.session.scalars(select(Opportunity).where(
        Opportunity.organisation_id == organisation.id).order_by(Opportunity.id.desc())).first()


def test_a_federation_is_not_asked_hours_and_its_tryout_saves_without_them(
    client, login_as, organisations
):
    login_as("analyst")
    form = client.get("/opportunities/new").get_data(as_text=True)
    assert 'name="hours_per_week"' not in form and "Uren per week" not in form
    response = client.post("/opportunities/new", data=tryout_form(hours_per_week=None))
    assert response.status_code == 302, error_next_to(response.get_data(as_text=True),
                                                      "hours_per_week")
    tryout = _newest(organisations["federation"])
    assert (tryout.kind, tryout.status) == ("tryout", "published")
    assert tryout.hours_per_week == UNSHOWN_HOURS  # stored, shown nowhere
    edit = client.get(f"/opportunities/{tryout.id}/edit").get_data(as_text=True)
    assert 'name="hours_per_week"' not in edit


def test_an_employer_sees_the_hours_field_only_for_the_kinds_that_ask_them(client, login_as):
    login_as("employer_a")
    form = client.get("/opportunities/new").get_data(as_text=True)
    assert 'data-kinds="internship job volunteering"><div class="field' in form
    assert "Bijvoorbeeld 38, of 19,5. Niet voor proefsessies." in form  # without script


def test_a_tryout_ignores_typed_hours_and_keeps_the_ones_it_had(client, login_as,
                                                               organisations):
    tryout = make_tryout(organisations["employer_a"], hours_per_week=16, commit=True)
    login_as("employer_a")
    edit = client.get(f"/opportunities/{tryout.id}/edit").get_data(as_text=True)
    assert 'name="hours_per_week" type="text" value=""' in edit  # not its stored 16
    response = client.post(f"/opportunities/{tryout.id}/edit", data=tryout_form(
        title="Proeven van jobs: haven (nieuw)", hours_per_week="<script>veel</script>",
        version=str(tryout.version)))
    assert response.status_code == 302, error_next_to(response.get_data(as_text=True),
                                                      "hours_per_week")
    db.session.refresh(tryout)
    assert tryout.title == "Proeven van jobs: haven (nieuw)" and tryout.hours_per_week == 16


@pytest.mark.parametrize("hours", ["", "veel", "0", "61", "<script>alert(1)</script>"])
def test_a_job_still_needs_its_hours_with_a_message_next_to_the_field(
    client, login_as, organisations, hours
):
    login_as("employer_a")
    before = _newest(organisations["employer_a"])
    response = client.post("/opportunities/new", data=tryout_form(
        kind="job", contract_type="interim", hours_per_week=hours, closes_on=None,
        session_on=None, session_starts=None, session_ends=None, street_address=None))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert HOURS_MESSAGE in error_next_to(page, "hours_per_week")
    assert "Proeven van jobs: haven" in page  # what was typed stays
    if hours.startswith("<"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert _newest(organisations["employer_a"]) == before


def test_a_tryout_changed_into_a_job_is_asked_its_hours(client, login_as, organisations):
    tryout = make_tryout(organisations["employer_a"], status="draft", commit=True)
    login_as("employer_a")
    response = client.post(f"/opportunities/{tryout.id}/edit", data=tryout_form(
        kind="job", contract_type="interim", hours_per_week=None, publish=None,
        session_on=None, session_starts=None, session_ends=None, street_address=None,
        version=str(tryout.version)))
    assert HOURS_MESSAGE in error_next_to(response.get_data(as_text=True), "hours_per_week")
    db.session.refresh(tryout)
    assert tryout.kind == "tryout"


TRYOUT_RECORD = {"type": "opportunity", "ref": "proef-uren", "organisation": "haven",
                 "kind": "tryout", "title": "Proeven van jobs: haven", "occupation": WAREHOUSE,
                 "description": "Proef.",
                 "postcode": "2030", "dutch_level": "A1", "language_support": True,
                 "places": 4, "status": "draft"}


def _import(*records) -> None:
    import_records(parse_lines([json.dumps(record) for record in [*RECORDS[:3], *records]]))


def _stored_hours(ref: str) -> float:
    return db.session.scalar(select(Opportunity.hours_per_week).where(Opportunity.ref == ref))


def test_the_records_take_a_tryout_without_hours_and_keep_its_stored_ones(app_ctx):
    _import(TRYOUT_RECORD)
    assert _stored_hours("proef-uren") == UNSHOWN_HOURS
    _import({**TRYOUT_RECORD, "hours_per_week": 4})
    _import({**TRYOUT_RECORD, "title": "Proeven van jobs: de haven"})
    assert _stored_hours("proef-uren") == 4


def test_the_records_refuse_a_job_without_hours(app_ctx):
    without = {key: value for key, value in RECORDS[3].items() if key != "hours_per_week"}
    with pytest.raises(RecordsRejected) as rejected:
        _import(without)
    assert "needs hours_per_week" in str(rejected.value.problems[0])


def test_the_export_leaves_a_tryouts_hours_out_and_keeps_a_jobs(app_ctx, organisations):
    tryout = make_tryout(organisations["employer_a"], hours_per_week=16)
    job = make_opportunity(organisations["employer_a"], hours_per_week=19.5)
    exported = {record["ref"]: record for record in export_records()
                if record["type"] == "opportunity"}
    assert "hours_per_week" not in exported[tryout.ref]
    assert exported[job.ref]["hours_per_week"] == 19.5
