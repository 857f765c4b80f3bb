"""The API's opportunity writes take a try-out without hours per week (one session on
one day: its day and times say it) and still refuse a job without them; its answers
give a try-out's hours as null (the stored ones are shown nowhere)."""

from __future__ import annotations

from datetime import timedelta

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.vocab import UNSHOWN_HOURS
from tests.api.conftest import assert_problem
from tests.api.test_opportunity_writes import LIST, job
from tests.factories import WAREHOUSE


def _api_tryout(**changes) -> dict:
    day = local_today() + timedelta(days=14)
    body = job(kind="tryout", title="Proeven van logistiek", contract_type=None,
               closes_on=None, session_on=day.isoformat(), session_starts="09:00",
               session_ends="12:30", street_address="Noorderlaan 1",
               further_occupations=[WAREHOUSE], publish=True)
    del body["hours_per_week"]
    body.update(changes)
    return body


def test_the_api_takes_a_tryout_without_hours_but_not_a_job(api, app_ctx):
    made = api("federation").post(LIST, json=_api_tryout())
    assert made.status_code == 201, made.get_data(as_text=True)
    row = db.session.get(Opportunity, made.get_json()["id"])
    assert row.hours_per_week == UNSHOWN_HOURS
    given = api("federation").post(LIST, json=_api_tryout(hours_per_week=4))
    assert db.session.get(Opportunity, given.get_json()["id"]).hours_per_week == 4
    patched = api("federation").patch(f"{LIST}/{given.get_json()['id']}",
                                      json={"places": 5},
                                      headers={"If-Match": given.headers["ETag"]})
    assert patched.status_code == 200, patched.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Opportunity, given.get_json()["id"]).hours_per_week == 4  # kept
    without = job()
    del without["hours_per_week"]
    assert_problem(api("employer_a").post(LIST, json=without), 422)


def test_the_openapi_document_says_a_tryout_needs_no_hours(api, app_ctx):
    document = api("employer_a").get("/api/v1/openapi.json").get_json()
    schema = next(body for name, body in document["components"]["schemas"].items()
                  if name.split(".")[0] == "OpportunityIn")
    assert "hours_per_week" not in schema.get("required", [])
    assert "try-outs" in schema["properties"]["hours_per_week"]["description"]


def test_the_answers_give_a_tryouts_hours_as_null_and_a_jobs_as_stored(api, app_ctx):
    given = api("federation").post(LIST, json=_api_tryout(hours_per_week=4))
    assert given.status_code == 201, given.get_data(as_text=True)
    assert given.get_json()["hours_per_week"] is None
    tryout_id = given.get_json()["id"]
    assert api("federation").get(f"{LIST}/{tryout_id}").get_json()["hours_per_week"] is None
    listed = api("federation").get(LIST).get_json()["items"]
    assert [item["hours_per_week"] for item in listed if item["id"] == tryout_id] == [None]
    made = api("employer_a").post(LIST, json=job(hours_per_week=19.5))
    assert made.get_json()["hours_per_week"] == 19.5
    assert api("employer_a").get(f"{LIST}/{made.get_json()['id']}").get_json()[
        "hours_per_week"] == 19.5


def test_the_openapi_document_says_a_tryouts_hours_are_null(api, app_ctx):
    document = api("employer_a").get("/api/v1/openapi.json").get_json()
    schema = next(body for name, body in document["components"]["schemas"].items()
                  if name.split(".")[0] == "OpportunityOut")
    hours = schema["properties"]["hours_per_week"]
    assert {"type": "null"} in hours["anyOf"]
    assert "null for a try-out" in hours["description"]
