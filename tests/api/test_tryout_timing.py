"""The API's opportunity writes give a try-out its session's working time and start
date (``opportunities/rules.py``, as the form and the records import): they accept the
fields without needing them and ignore them for a try-out; a job still needs its
working time. The OpenAPI document says so."""

from __future__ import annotations

from datetime import timedelta

from tests.api.conftest import assert_problem
from tests.api.test_opportunity_hours import _api_tryout
from tests.api.test_opportunity_writes import LIST, job
from tests.tryouts.test_tryout_form import weekday_in


def test_the_api_takes_a_tryout_without_working_time_and_start_date(api, app_ctx):
    day = weekday_in(20)
    body = _api_tryout(session_on=day.isoformat(), session_starts="18:30",
                       session_ends="21:00", closes_on=(day - timedelta(days=2)).isoformat())
    del body["schedule"]
    assert "schedule" not in body and "starts_on" not in body
    made = api("federation").post(LIST, json=body)
    assert made.status_code == 201, made.get_data(as_text=True)
    answer = made.get_json()
    assert (answer["schedule"], answer["starts_on"]) == (["evening"], day.isoformat())
    sent = api("federation").post(LIST, json={**body, "schedule": ["night"],
                                              "starts_on": "2030-01-01"})
    assert sent.status_code == 201, sent.get_data(as_text=True)
    assert (sent.get_json()["schedule"], sent.get_json()["starts_on"]) == (
        ["evening"], day.isoformat())  # sent for a try-out: ignored


def test_a_patch_of_the_sessions_times_changes_its_working_time(api, app_ctx):
    day = weekday_in(20)
    made = api("federation").post(LIST, json=_api_tryout(session_on=day.isoformat(),
                                                          schedule=None))
    assert made.get_json()["schedule"] == ["day"]
    saturday = weekday_in(30, 5)  # after the first day: it closed then
    patched = api("federation").patch(
        f"{LIST}/{made.get_json()['id']}", json={"session_on": saturday.isoformat()},
        headers={"If-Match": made.headers["ETag"]})
    assert patched.status_code == 200, patched.get_data(as_text=True)
    assert (patched.get_json()["schedule"], patched.get_json()["starts_on"]) == (
        ["weekend"], saturday.isoformat())


def test_the_api_still_needs_a_jobs_working_time(api, app_ctx):
    without = job()
    del without["schedule"]
    problem = assert_problem(api("employer_a").post(LIST, json=without), 422)
    assert "schedule is needed for a job" in str(problem)
    assert_problem(api("employer_a").post(LIST, json=job(schedule=[])), 422)


def test_the_openapi_document_says_a_tryout_needs_no_working_time_nor_start(api, app_ctx):
    document = api("employer_a").get("/api/v1/openapi.json").get_json()
    schema = next(body for name, body in document["components"]["schemas"].items()
                  if name.split(".")[0] == "OpportunityIn")
    assert "schedule" not in schema.get("required", [])
    assert "try-outs" in schema["properties"]["schedule"]["description"]
    assert "session_on" in schema["properties"]["starts_on"]["description"]


