"""Writing opportunities through the API: create, change, life cycle, sync by ref."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from marketplace.audit.models import AuditEvent
from marketplace.data_versions import changes_since, current_version
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from tests.api.conftest import assert_problem
from tests.factories import FORKLIFT, TEAMWORK, WAREHOUSE, make_api_token, make_opportunity

LIST = "/api/v1/opportunities"


def job(**changes) -> dict:
    body = {
        "kind": "job", "title": "Heftruckchauffeur", "occupation": FORKLIFT,
        "description": "Laden en lossen.", "postcode": "2030", "hours_per_week": 38,
        "schedule": ["day", "evening"], "dutch_level": "A2", "contract_type": "interim",
        "closes_on": (local_today() + timedelta(days=30)).isoformat(),
        "languages": [{"language": "en", "level": "B1", "required": True}],
        "skills": [{"uri": TEAMWORK, "required": False}],
    }
    body.update(changes)
    return body


def count(model=Opportunity) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def actions(subject_id) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.subject_type == "opportunity", AuditEvent.subject_id == subject_id)
        .order_by(AuditEvent.id)))


def test_an_employer_token_creates_a_draft(api, app_ctx, organisations):
    response = api("employer_a").post(LIST, json=job())
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["status"] == "draft" and body["schedule"] == ["day", "evening"]
    assert body["languages"] == [{"language": "en", "level": "B1", "required": True}]
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert response.headers["Location"].endswith(f"{LIST}/{body['id']}")
    row = db.session.get(Opportunity, body["id"])
    assert row.organisation_id == organisations["employer_a"].id
    assert actions(row.id) == ["opportunity_created"]
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "opportunity_created", AuditEvent.subject_id == row.id)).one()
    assert event.actor_token_id is not None and event.actor_id is None


def test_an_opportunity_can_be_published_at_once(api, app_ctx):
    response = api("employer_a").post(LIST, json=job(publish=True))
    assert response.status_code == 201
    assert response.get_json()["status"] == "published"
    assert actions(response.get_json()["id"]) == ["opportunity_created", "opportunity_published"]


def test_publishing_with_a_closing_date_in_the_past_is_refused(api, app_ctx):
    before = count()
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    body = assert_problem(api("employer_a").post(
        LIST, json=job(publish=True, closes_on=yesterday, contract_type=None)), 422)
    assert {tuple(e["location"]) for e in body["errors"]} == {
        ("body", "closes_on"), ("body", "contract_type")}
    assert count() == before


def test_a_kind_the_organisation_does_not_offer_is_refused(api, app_ctx):
    before = count()
    body = assert_problem(api("federation").post(LIST, json=job()), 422)
    assert body["errors"][0]["location"] == ["body", "kind"]
    body = assert_problem(api("provider").post(LIST, json=job()), 422)
    assert body["errors"][0]["location"] == ["body", "kind"]
    assert count() == before


def test_a_training_provider_creates_a_course(api, app_ctx, organisations):
    course = job(kind="training", title="Opleiding heftruck", contract_type=None,
                 duration_weeks=6, schedule_note="ma-do 8.30-15.30",
                 starts_on=(local_today() + timedelta(days=10)).isoformat(), closes_on=None,
                 publish=True)
    response = api("provider").post(LIST, json=course)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["kind"] == "training" and body["duration_weeks"] == 6
    assert body["closes_on"] == course["starts_on"]  # a course closes when it starts


def test_a_federation_creates_a_tryout_closing_on_its_day(api, app_ctx):
    day = local_today() + timedelta(days=14)
    tryout = job(kind="tryout", title="Proeven van logistiek", contract_type=None,
                 closes_on=None, session_on=day.isoformat(), session_starts="09:00",
                 session_ends="12:30", street_address="Noorderlaan 1",
                 further_occupations=[WAREHOUSE], publish=True)
    response = api("federation").post(LIST, json=tryout)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["closes_on"] == day.isoformat() and body["session_starts"] == "09:00:00"
    assert body["further_occupations"] == [WAREHOUSE]
    late = {**tryout, "closes_on": (day + timedelta(days=1)).isoformat()}
    assert_problem(api("federation").post(LIST, json=late), 422)


def test_bad_input_is_a_422_at_each_field_and_nothing_is_written(api, app_ctx):
    before, events = count(), count(AuditEvent)
    body = assert_problem(api("employer_a").post(LIST, json=job(
        hours_per_week=80, schedule=[], colour="red", title="a\nb")), 422)
    locations = {tuple(e["location"][:2]) for e in body["errors"]}
    assert {("body", "hours_per_week"), ("body", "schedule"), ("body", "colour"),
            ("body", "title")} <= locations
    body = assert_problem(api("employer_a").post(LIST, json=job(
        occupation="http://data.europa.eu/esco/occupation/nope", postcode="9999",
        skills=[{"uri": "http://data.europa.eu/esco/skill/nope"}])), 422)
    assert {tuple(e["location"]) for e in body["errors"]} == {
        ("body", "occupation"), ("body", "postcode"), ("body", "skills", "0", "uri")}
    assert count() == before
    assert count(AuditEvent) == events + 2  # only the two api_call events


def test_a_token_without_the_write_scope_or_of_a_partner_is_refused(api, app_ctx,
                                                                   organisations):
    _token, secret = make_api_token(organisations["employer_a"],
                                    scopes=["opportunities:read"], commit=True)
    before = count()
    assert_problem(api(secret=secret).post(LIST, json=job()), 403)
    assert_problem(api("partner_a").post(LIST, json=job()), 403)
    assert_problem(api(secret="").post(LIST, json=job()), 401)
    assert count() == before


def test_patch_changes_only_the_fields_sent(api, app_ctx, organisations):
    row = make_opportunity(organisations["employer_a"], commit=True)
    url, etag = f"{LIST}/{row.id}", f'"{row.version}"'
    response = api("employer_a").patch(url, json={"title": "Magazijnier", "places": 3},
                                       headers={"If-Match": etag})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["title"], body["places"], body["status"]) == ("Magazijnier", 3, "published")
    assert body["postcode"] == "2030" and response.headers["ETag"] != etag
    assert actions(row.id)[-1] == "opportunity_changed"


def test_patch_needs_a_current_if_match(api, app_ctx, organisations):
    row = make_opportunity(organisations["employer_a"], commit=True)
    url = f"{LIST}/{row.id}"
    assert_problem(api("employer_a").patch(url, json={"title": "X"}), 428)
    assert_problem(api("employer_a").patch(url, json={"title": "X"},
                                           headers={"If-Match": '"999"'}), 412)
    db.session.refresh(row)
    assert row.title == "Heftruckchauffeur"


def test_a_published_opportunity_stays_complete(api, app_ctx, organisations):
    row = make_opportunity(organisations["employer_a"], commit=True)
    body = assert_problem(api("employer_a").patch(
        f"{LIST}/{row.id}", json={"description": ""},
        headers={"If-Match": f'"{row.version}"'}), 422)
    assert body["errors"][0]["location"] == ["body", "description"]


def test_another_organisations_opportunity_cannot_be_changed(api, app_ctx, organisations):
    theirs = make_opportunity(organisations["employer_b"], commit=True)
    for path in ("", "/close", "/pause"):
        method = "patch" if not path else "post"
        response = getattr(api("employer_a"), method)(
            f"{LIST}/{theirs.id}{path}", json={"title": "X"} if not path else None,
            headers={"If-Match": "*"})
        assert_problem(response, 404)
    db.session.refresh(theirs)
    assert (theirs.title, theirs.status) == ("Heftruckchauffeur", "published")


def test_the_life_cycle_moves_with_if_match(api, app_ctx, organisations):
    row = make_opportunity(organisations["employer_a"], status="draft", commit=True)
    caller, url = api("employer_a"), f"{LIST}/{row.id}"
    assert_problem(caller.post(f"{url}/pause", headers={"If-Match": f'"{row.version}"'}), 409)
    assert_problem(caller.post(f"{url}/publish"), 428)
    response = caller.post(f"{url}/publish", headers={"If-Match": f'"{row.version}"'})
    assert response.status_code == 200 and response.get_json()["status"] == "published"
    assert_problem(caller.post(f"{url}/pause", headers={"If-Match": f'"{row.version}"'}), 412)
    response = caller.post(f"{url}/pause", headers={"If-Match": response.headers["ETag"]})
    assert response.get_json()["status"] == "paused"
    response = caller.post(f"{url}/close", headers={"If-Match": response.headers["ETag"]})
    assert response.get_json()["status"] == "closed"
    assert actions(row.id)[-3:] == ["opportunity_published", "opportunity_paused",
                                    "opportunity_closed"]


def test_an_incomplete_draft_cannot_be_published(api, app_ctx, organisations):
    row = make_opportunity(organisations["employer_a"], status="draft", description="",
                           commit=True)
    body = assert_problem(api("employer_a").post(
        f"{LIST}/{row.id}/publish", headers={"If-Match": f'"{row.version}"'}), 409)
    assert body["detail"].startswith("Vul deze velden in voordat je publiceert: ")
    assert "description" in body["detail"]


def test_put_by_ref_creates_then_replaces(api, app_ctx, organisations):
    caller, url = api("employer_a"), f"{LIST}/by-ref/ATS/2026/0042"
    assert_problem(caller.get(url), 404)
    response = caller.put(url, json=job(publish=True))
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["ref"] == "ATS/2026/0042"
    assert_problem(caller.put(url, json=job(title="Nieuw")), 428)
    assert_problem(caller.put(url, json=job(title="Nieuw"), headers={"If-Match": '"99"'}), 412)
    response = caller.put(url, json=job(title="Nieuw"),
                          headers={"If-Match": response.headers["ETag"]})
    assert response.status_code == 200
    assert response.get_json()["title"] == "Nieuw"
    got = caller.get(url)
    assert got.status_code == 200 and got.get_json()["title"] == "Nieuw"
    assert got.headers["ETag"] == response.headers["ETag"]


def test_a_ref_of_another_organisation_is_a_409_that_tells_nothing(api, app_ctx,
                                                                   organisations):
    theirs = make_opportunity(organisations["employer_b"], commit=True)
    url = f"{LIST}/by-ref/{theirs.ref}"
    body = assert_problem(api("employer_a").put(url, json=job(), headers={"If-Match": "*"}),
                          409)
    assert body["detail"] == "Deze ref is al in gebruik: kies een andere."
    assert "errors" not in body
    assert_problem(api("employer_a").get(url), 404)
    db.session.refresh(theirs)
    assert theirs.organisation_id == organisations["employer_b"].id


def test_a_ref_that_is_not_one_line_is_a_422(api, app_ctx):
    assert_problem(api("employer_a").put(f"{LIST}/by-ref/{'x' * 101}", json=job()), 422)


def test_a_create_without_a_body_is_a_422(api, app_ctx):
    before = count()
    assert_problem(api("employer_a").post(LIST), 422)
    assert count() == before


def test_a_partner_token_cannot_move_an_opportunity(api, app_ctx, organisations):
    row = make_opportunity(organisations["employer_a"], commit=True)
    assert_problem(api("partner_a").post(f"{LIST}/{row.id}/close",
                                         headers={"If-Match": f'"{row.version}"'}), 403)
    db.session.refresh(row)
    assert row.status == "published"


def test_a_session_time_with_a_time_zone_is_refused(api, app_ctx):
    body = assert_problem(api("federation").post(LIST, json=job(
        kind="tryout", contract_type=None, session_starts="09:00+01:00")), 422)
    assert body["errors"][0]["location"] == ["body", "session_starts"]


def test_a_change_through_the_api_stamps_the_data_version(api, app_ctx, organisations):
    row = make_opportunity(organisations["employer_a"], commit=True)
    before = current_version("opportunities")
    response = api("employer_a").patch(f"{LIST}/{row.id}", json={"hours_per_week": 20},
                                       headers={"If-Match": f'"{row.version}"'})
    assert response.status_code == 200
    after = current_version("opportunities")
    assert after > before
    assert changes_since("opportunities", before, after, 100) == {row.id}


def test_a_ref_taken_while_the_put_ran_is_a_409(api, app_ctx, organisations, monkeypatch):
    theirs = make_opportunity(organisations["employer_b"], commit=True)
    # As if another request took the ref between the lookup and the insert.
    monkeypatch.setattr("marketplace.api.opportunity_writes.own_opportunity_by_ref",
                        lambda ref, user: None)
    before = count()
    body = assert_problem(api("employer_a").put(f"{LIST}/by-ref/{theirs.ref}", json=job()),
                          409)
    assert body["detail"] == "Deze ref is al in gebruik: kies een andere."
    assert count() == before
