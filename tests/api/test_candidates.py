"""Candidates through the API: a partner's case system and its organisation's caseload."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from marketplace.audit.models import AuditEvent
from marketplace.candidates.handovers import CandidateHandover
from marketplace.candidates.models import Candidate
from marketplace.data_versions import changes_since, current_version
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.proposals.models import Proposal
from tests.api.conftest import assert_problem
from tests.factories import (
    FORKLIFT,
    TEAMWORK,
    WAREHOUSE,
    make_api_token,
    make_candidate,
    make_opportunity,
    make_proposal,
    make_user,
)

LIST = "/api/v1/candidates"


def profile(**changes) -> dict:
    body = {
        "coach": "coach.a@test.example", "pseudonym": "Samira", "postcode": "2060",
        "dutch_level": "A2", "allowed_to_work": "yes", "trajectory": "integrated",
        "email": "samira@example.org", "phone": "+32 470 12 34 56",
        "languages": [{"language": "ar", "level": "C2"}],
        "experiences": [{"occupation": FORKLIFT, "years": 3, "country": "SY"}],
        "skills": [TEAMWORK], "wished_occupations": [WAREHOUSE], "wished_kinds": ["job"],
        "day_parts": ["mornings"], "hours_per_week": 30,
    }
    body.update(changes)
    return body


def consent(**changes) -> dict:
    return {"given_on": local_today().isoformat(), "method": "signed_form", **changes}


def count(model=Candidate) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def actions(candidate_id) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.subject_type == "candidate", AuditEvent.subject_id == candidate_id)
        .order_by(AuditEvent.id)))


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return [item["id"] for item in response.get_json()["items"]]


def test_a_partner_token_lists_its_organisations_candidates(api, app_ctx, users,
                                                           organisations):
    colleague = make_user(organisations["partner_a"], role="coach", commit=True)
    own = [make_candidate(users["coach_a"], commit=True),
           make_candidate(colleague, consent=False, commit=True)]
    make_candidate(users["coach_b"], commit=True)
    shared = make_candidate(users["coach_b"], shared=True, commit=True)
    assert _ids(api("partner_a").get(LIST)) == [row.id for row in own]
    response = api("partner_a").get(f"{LIST}?scope=shared")
    assert _ids(response) == [shared.id]
    item = response.get_json()["items"][0]
    assert item["own"] is False
    assert item["email"] is item["phone"] is item["coach"] is item["consent"] is None


def test_one_candidate_comes_with_its_etag_and_the_view_is_logged(api, app_ctx, users):
    row = make_candidate(users["coach_a"], commit=True)
    response = api("partner_a").get(f"{LIST}/{row.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert body["coach"] == "coach.a@test.example" and body["own"] is True
    assert body["consent"] == {"given_on": "2026-01-05", "method": "signed_form"}
    assert "gender" not in body and "birth_year" not in body
    assert actions(row.id)[-1] == "candidate_viewed"


def test_another_organisations_candidate_is_not_found(api, app_ctx, users):
    theirs = make_candidate(users["coach_b"], commit=True)
    assert_problem(api("partner_a").get(f"{LIST}/{theirs.id}"), 404)
    assert_problem(api("partner_a").patch(f"{LIST}/{theirs.id}", json={"pseudonym": "X"},
                                          headers={"If-Match": "*"}), 404)
    assert_problem(api("partner_a").post(f"{LIST}/{theirs.id}/consent-withdrawal",
                                         json={"withdrawn_on": local_today().isoformat()},
                                         headers={"If-Match": "*"}), 404)
    db.session.refresh(theirs)
    assert theirs.pseudonym == "Samir" and any(r.is_active for r in theirs.consent_records)


def test_a_shared_candidate_is_read_only(api, app_ctx, users):
    shared = make_candidate(users["coach_b"], shared=True, commit=True)
    assert api("partner_a").get(f"{LIST}/{shared.id}").status_code == 200
    assert_problem(api("partner_a").patch(f"{LIST}/{shared.id}", json={"pseudonym": "X"},
                                          headers={"If-Match": "*"}), 404)


def test_employer_and_federation_tokens_never_see_candidates(api, app_ctx, users):
    row = make_candidate(users["coach_a"], commit=True)
    for key in ("employer_a", "federation", "admin_body"):
        assert_problem(api(key).get(LIST), 403)
        assert_problem(api(key).get(f"{LIST}/{row.id}"), 403)
        assert_problem(api(key).post(LIST, json=profile(consent=consent())), 403)


def test_a_case_system_creates_a_candidate_with_consent(api, app_ctx, organisations):
    response = api("partner_a").post(LIST, json=profile(consent=consent(),
                                                       shared_with_partnership=True))
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["consent"] == {"given_on": local_today().isoformat(), "method": "signed_form"}
    assert body["shared_with_partnership"] is True
    assert body["experiences"] == [{"occupation": FORKLIFT, "title_as_said": None,
                                    "years": 3.0, "country": "SY"}]
    row = db.session.get(Candidate, body["id"])
    assert row.organisation_id == organisations["partner_a"].id
    assert row.consent_records[0].recorded_by_id is None
    assert actions(row.id)[:2] == ["candidate_created", "consent_given"]
    assert response.headers["Location"].endswith(f"{LIST}/{row.id}")


def test_a_candidate_without_consent_or_with_a_coach_elsewhere_is_refused(api, app_ctx):
    before, events = count(), count(AuditEvent)
    body = assert_problem(api("partner_a").post(LIST, json=profile()), 422)
    assert body["errors"][0]["location"] == ["body", "consent"]
    body = assert_problem(api("partner_a").post(
        LIST, json=profile(coach="coach.b@test.example", consent=consent())), 422)
    assert body["errors"][0]["location"] == ["body", "coach"]
    body = assert_problem(api("partner_a").post(
        LIST, json=profile(coach="employer.a@test.example", consent=consent())), 422)
    assert body["errors"][0]["location"] == ["body", "coach"]
    assert count() == before and count(AuditEvent) == events + 3


def test_bad_input_is_a_422_at_each_field(api, app_ctx):
    before = count()
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    body = assert_problem(api("partner_a").post(LIST, json=profile(
        consent=consent(given_on=tomorrow), hours_per_week=99, trajectory="other",
        nickname="x")), 422)
    locations = {tuple(e["location"][:3]) for e in body["errors"]}
    assert {("body", "consent", "given_on"), ("body", "hours_per_week"),
            ("body", "trajectory"), ("body", "nickname")} <= locations
    body = assert_problem(api("partner_a").post(LIST, json=profile(
        consent=consent(), postcode="9999", skills=["http://data.europa.eu/esco/skill/x"],
        experiences=[{"occupation": FORKLIFT, "years": 1, "country": "QQ"}])), 422)
    assert {tuple(e["location"]) for e in body["errors"]} == {
        ("body", "postcode"), ("body", "skills", "0"),
        ("body", "experiences", "0", "country")}
    assert count() == before


def test_patch_changes_the_fields_sent_with_if_match(api, app_ctx, users):
    row = make_candidate(users["coach_a"], commit=True, gender="woman", birth_year=1990)
    url = f"{LIST}/{row.id}"
    assert_problem(api("partner_a").patch(url, json={"hours_per_week": 20}), 428)
    assert_problem(api("partner_a").patch(url, json={"hours_per_week": 20},
                                          headers={"If-Match": '"999"'}), 412)
    response = api("partner_a").patch(url, json={"hours_per_week": 20, "status": "paused"},
                                      headers={"If-Match": f'"{row.version}"'})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["hours_per_week"], body["status"], body["pseudonym"]) == (20, "paused",
                                                                           "Samir")
    db.session.refresh(row)
    assert (row.sensitive.gender, row.sensitive.birth_year) == ("woman", 1990)
    assert actions(row.id)[-1] == "candidate_changed"


def test_naming_another_coach_of_the_organisation_hands_the_candidate_over(
        api, app_ctx, users, organisations):
    colleague = make_user(organisations["partner_a"], role="coach", commit=True)
    row = make_candidate(users["coach_a"], commit=True)
    response = api("partner_a").patch(f"{LIST}/{row.id}", json={"coach": colleague.email},
                                      headers={"If-Match": f'"{row.version}"'})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["coach"] == colleague.email
    handover = db.session.scalars(select(CandidateHandover).where(
        CandidateHandover.candidate_id == row.id)).one()
    assert handover.to_coach_id == colleague.id
    assert "candidate_handed_over" in actions(row.id)


def test_sharing_needs_open_consent(api, app_ctx, users):
    row = make_candidate(users["coach_a"], consent=False, commit=True)
    body = assert_problem(api("partner_a").patch(
        f"{LIST}/{row.id}", json={"shared_with_partnership": True},
        headers={"If-Match": f'"{row.version}"'}), 422)
    assert body["errors"][0]["location"] == ["body", "shared_with_partnership"]


def test_put_by_ref_creates_then_replaces(api, app_ctx):
    caller, url = api("partner_a"), f"{LIST}/by-ref/VDAB-000123"
    assert_problem(caller.get(url), 404)
    assert_problem(caller.put(url, json=profile()), 422)  # new: needs consent
    response = caller.put(url, json=profile(consent=consent()))
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["ref"] == "VDAB-000123"
    assert_problem(caller.put(url, json=profile(pseudonym="Sam")), 428)
    response = caller.put(url, json=profile(pseudonym="Sam"),
                          headers={"If-Match": response.headers["ETag"]})
    assert response.status_code == 200 and response.get_json()["pseudonym"] == "Sam"
    got = caller.get(url)
    assert got.status_code == 200 and got.headers["ETag"] == response.headers["ETag"]


def test_a_ref_of_another_organisation_is_a_409(api, app_ctx, users):
    theirs = make_candidate(users["coach_b"], commit=True)
    url = f"{LIST}/by-ref/{theirs.ref}"
    body = assert_problem(api("partner_a").put(url, json=profile(consent=consent()),
                                               headers={"If-Match": "*"}), 409)
    assert body["detail"] == "Deze ref is al in gebruik: kies een andere."
    assert_problem(api("partner_a").get(url), 404)
    db.session.refresh(theirs)
    assert theirs.pseudonym == "Samir"


def test_withdrawing_consent_cancels_open_proposals(api, app_ctx, users, organisations):
    row = make_candidate(users["coach_a"], commit=True)
    proposal = make_proposal(users["coach_a"], row,
                             make_opportunity(organisations["employer_a"]), commit=True)
    url = f"{LIST}/{row.id}/consent-withdrawal"
    today = local_today().isoformat()
    assert_problem(api("partner_a").post(url, json={"withdrawn_on": today}), 428)
    body = assert_problem(api("partner_a").post(
        url, json={"withdrawn_on": "2025-01-01"}, headers={"If-Match": f'"{row.version}"'}),
        422)
    assert body["errors"][0]["location"] == ["body", "withdrawn_on"]
    response = api("partner_a").post(url, json={"withdrawn_on": today},
                                     headers={"If-Match": f'"{row.version}"'})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["consent"] is None
    assert db.session.get(Proposal, proposal.id).state == "withdrawn"
    assert "consent_withdrawn" in actions(row.id)
    assert_problem(api("partner_a").post(url, json={"withdrawn_on": today},
                                         headers={"If-Match": response.headers["ETag"]}), 409)


def test_a_token_without_the_write_scope_cannot_write(api, app_ctx, organisations):
    _token, secret = make_api_token(organisations["partner_a"], scopes=["candidates:read"],
                                    commit=True)
    before = count()
    assert_problem(api(secret=secret).post(LIST, json=profile(consent=consent())), 403)
    assert api(secret=secret).get(LIST).status_code == 200
    assert count() == before


def test_a_bad_patch_or_a_stale_put_writes_nothing(api, app_ctx, users):
    row = make_candidate(users["coach_a"], commit=True)
    version = row.version
    body = assert_problem(api("partner_a").patch(
        f"{LIST}/{row.id}", json={"phone": "bel me", "day_parts": ["sundays"]},
        headers={"If-Match": f'"{version}"'}), 422)
    assert ["body", "day_parts", "0"] in [e["location"] for e in body["errors"]]
    assert_problem(api("partner_a").put(f"{LIST}/by-ref/{row.ref}", json=profile(),
                                        headers={"If-Match": f'"{version + 5}"'}), 412)
    db.session.refresh(row)
    assert row.version == version and row.phone is None


def test_reading_a_shared_candidate_is_logged_as_such(api, app_ctx, users):
    shared = make_candidate(users["coach_b"], shared=True, commit=True)
    assert api("partner_a").get(f"{LIST}/{shared.id}").status_code == 200
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.subject_type == "candidate", AuditEvent.subject_id == shared.id,
        AuditEvent.action == "candidate_viewed")).one()
    assert event.details == {"page": "api_shared"} and event.actor_token_id is not None


def test_a_change_through_the_api_stamps_the_data_version(api, app_ctx, users):
    row = make_candidate(users["coach_a"], commit=True)
    before = current_version("candidates")
    response = api("partner_a").patch(f"{LIST}/{row.id}", json={"dutch_level": "B1"},
                                      headers={"If-Match": f'"{row.version}"'})
    assert response.status_code == 200
    after = current_version("candidates")
    assert changes_since("candidates", before, after, 100) == {row.id}


def test_a_ref_taken_while_the_put_ran_is_a_409(api, app_ctx, users, monkeypatch):
    theirs = make_candidate(users["coach_b"], commit=True)
    # As if another request took the ref between the lookup and the insert.
    monkeypatch.setattr("marketplace.candidates.case_systems.own_candidate_by_ref",
                        lambda ref, organisation_id: None)
    before = count()
    assert_problem(api("partner_a").put(f"{LIST}/by-ref/{theirs.ref}",
                                        json=profile(consent=consent())), 409)
    assert count() == before
