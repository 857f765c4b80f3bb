"""Proposals through the API: a partner proposes its candidates, follows and withdraws
them; an employer or training provider reads them pseudonymised and answers them, with
the site's rules, mails, trajectory steps and If-Match."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.audit.models import AuditEvent
from marketplace.candidates.operations import withdraw_consent
from marketplace.db_types import local_today, utcnow
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.proposals.models import Interview, Proposal
from marketplace.trajectories.queries import timeline_of
from tests.api.conftest import assert_problem
from tests.factories import (
    make_api_token,
    make_candidate,
    make_course,
    make_opportunity,
    make_proposal,
    make_tryout,
    make_user,
)

PROPOSALS = "/api/v1/proposals"
RECEIVED = "/api/v1/received-proposals"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def written() -> tuple[int, int, int]:
    """Proposals, outgoing mails and interviews: what an operation may write."""
    return count(Proposal), count(OutgoingMessage), count(Interview)


@pytest.fixture
def opportunity(app_ctx, organisations):
    return make_opportunity(organisations["employer_a"], commit=True)


@pytest.fixture
def candidate(users):
    return make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)


@pytest.fixture
def proposal(users, candidate, opportunity):
    return make_proposal(users["coach_a"], candidate, opportunity, commit=True)


def propose(api, candidate, opportunity, key="partner_a", **fields):
    body = {"candidate_id": candidate.id, "opportunity_id": opportunity.id,
            "motivation": "Vijf jaar ervaring met de heftruck.",
            "candidate_agreed_on": local_today().isoformat(), **fields}
    return api(key).post(PROPOSALS, json=body)


def answer(api, proposal, key="employer_a", etag=None, **body):
    etag = etag or f'"{proposal.version}"'
    return api(key).post(f"{RECEIVED}/{proposal.id}/answer", json=body,
                         headers={"If-Match": etag})


# --- the partner's side --------------------------------------------------------------


def test_a_partner_proposes_its_candidate_and_the_employer_is_told(
        api, candidate, opportunity, users):
    mails = count(OutgoingMessage)
    response = propose(api, candidate, opportunity)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["candidate_id"], body["opportunity_id"], body["state"]) == (
        candidate.id, opportunity.id, "proposed")
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert response.headers["Location"].endswith(f"/proposals/{body['id']}")
    row = db.session.get(Proposal, body["id"])
    assert row.coach_id == users["coach_a"].id  # the candidate's coach hears the answers
    employer = db.session.scalars(select(OutgoingMessage).order_by(
        OutgoingMessage.id.desc())).first()
    assert count(OutgoingMessage) == mails + 1 and employer.recipient == users["employer_a"].email
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "proposal_made", AuditEvent.subject_id == row.id)).one()
    assert event.actor_token_id is not None and event.actor_id is None


def test_the_sites_rules_refuse_a_proposal_and_nothing_is_written(
        api, users, candidate, opportunity):
    make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    no_consent = make_candidate(users["coach_a"], pseudonym="Noor", consent=False,
                                commit=True)
    draft = make_opportunity(opportunity.organisation, status="draft", commit=True)
    before = written()
    assert_problem(propose(api, candidate, opportunity), 409)  # already proposed
    assert_problem(propose(api, no_consent, opportunity), 409)
    assert_problem(propose(api, no_consent, draft), 404)  # not visible to a partner
    assert written() == before


@pytest.mark.parametrize("organiser", ["employer_a", "federation"])
def test_a_tryout_is_refused_as_on_the_site_and_nothing_is_written(
        api, candidate, organisations, organiser):
    """A try-out goes by enrolment, whoever organises it: a 409 problem that says so,
    in the caller's language."""
    tryout = make_tryout(organisations[organiser], commit=True)
    before = written()
    body = assert_problem(propose(api, candidate, tryout), 409)
    assert body["detail"] == (
        "Dit is een proefsessie. Voor een proefsessie schrijf je iemand in, voorstellen "
        "kan niet. Schrijf de persoon in op de pagina van de proefsessie in Werkbrug.")
    english = api("partner_a").post(PROPOSALS, headers={"Accept-Language": "en"}, json={
        "candidate_id": candidate.id, "opportunity_id": tryout.id, "motivation": "Proeven.",
        "candidate_agreed_on": local_today().isoformat()})
    assert assert_problem(english, 409)["detail"].startswith(
        "This opportunity is a try-out: a try-out goes by enrolment, not by proposal.")
    assert written() == before


def test_the_contract_says_a_tryout_is_refused(client, app_ctx):
    operation = client.get("/api/v1/openapi.json").get_json()[
        "paths"]["/api/v1/proposals"]["post"]
    assert "409" in operation["responses"]
    assert "a try-out goes by enrolment, not by proposal" in operation["description"]


def test_bad_input_is_a_422_with_the_fields_and_nothing_is_written(api, candidate,
                                                                   opportunity):
    before = written()
    body = assert_problem(propose(api, candidate, opportunity, motivation="",
                                  colour="blue"), 422)
    assert {tuple(e["location"]) for e in body["errors"]} == {
        ("body", "motivation"), ("body", "colour")}
    future = (local_today() + timedelta(days=2)).isoformat()
    body = assert_problem(propose(api, candidate, opportunity, candidate_agreed_on=future),
                          422)
    assert body["errors"][0]["location"] == ["body", "candidate_agreed_on"]
    assert written() == before


def test_another_organisations_candidate_is_not_found(api, users, opportunity):
    theirs = make_candidate(users["coach_b"], pseudonym="Lina", commit=True)
    before = written()
    assert_problem(propose(api, theirs, opportunity), 404)
    assert written() == before


def test_a_partner_lists_and_reads_its_organisations_proposals_only(
        api, users, proposal, opportunity):
    colleague = make_user(proposal.coach.organisation, role="coach", commit=True)
    theirs = make_proposal(colleague, make_candidate(colleague, pseudonym="Ali", commit=True),
                           opportunity, commit=True)
    other = make_proposal(users["coach_b"], make_candidate(
        users["coach_b"], pseudonym="Lina", commit=True), opportunity, commit=True)
    response = api("partner_a").get(PROPOSALS)
    assert [item["id"] for item in response.get_json()["items"]] == [proposal.id, theirs.id]
    one = api("partner_a").get(f"{PROPOSALS}/{proposal.id}")
    assert one.headers["ETag"] == f'"{proposal.version}"'
    assert one.get_json()["history"][0]["to_state"] == "proposed"
    assert_problem(api("partner_a").get(f"{PROPOSALS}/{other.id}"), 404)
    assert_problem(api("partner_b").get(f"{PROPOSALS}/{proposal.id}"), 404)


def test_a_partner_withdraws_an_open_proposal_with_if_match(api, proposal, users):
    url, body = f"{PROPOSALS}/{proposal.id}", {"state": "withdrawn"}
    assert_problem(api("partner_a").patch(url, json=body), 428)
    assert_problem(api("partner_a").patch(url, json=body, headers={"If-Match": '"99"'}), 412)
    assert_problem(api("partner_b").patch(url, json=body, headers={"If-Match": "*"}), 404)
    assert_problem(api("partner_a").patch(url, json={"state": "hired"},
                                          headers={"If-Match": "*"}), 422)
    db.session.refresh(proposal)
    assert proposal.state == "proposed"
    mails = count(OutgoingMessage)
    response = api("partner_a").patch(url, json=body,
                                      headers={"If-Match": f'"{proposal.version}"'})
    assert response.status_code == 200 and response.get_json()["state"] == "withdrawn"
    assert count(OutgoingMessage) == mails + 1  # the employer is told
    again = api("partner_a").patch(url, json=body, headers={"If-Match": response.headers["ETag"]})
    assert_problem(again, 409)


def test_scopes_and_roles_are_checked(api, organisations, proposal):
    _token, secret = make_api_token(organisations["partner_a"], scopes=["proposals:read"],
                                    commit=True)
    before = written()
    assert_problem(api(secret=secret).post(PROPOSALS, json={
        "candidate_id": proposal.candidate_id, "opportunity_id": proposal.opportunity_id,
        "motivation": "Opnieuw.", "candidate_agreed_on": local_today().isoformat()}), 403)
    assert written() == before
    assert_problem(api("employer_a").get(PROPOSALS), 403)
    assert_problem(api("partner_a").get(RECEIVED), 403)
    assert_problem(api("federation").get(RECEIVED), 403)


# --- the employer's side -------------------------------------------------------------------


def test_an_employer_reads_proposals_pseudonymised_as_on_its_pages(api, proposal, users):
    response = api("employer_a").get(RECEIVED)
    item, = response.get_json()["items"]
    assert item["pseudonym"] == "Yonas" and item["state"] == "proposed"
    assert item["coach"]["email"] == users["coach_a"].email
    for private in ("candidate_id", "postcode", "email", "phone", "birth_year", "gender"):
        assert private not in item
    one = api("employer_a").get(f"{RECEIVED}/{proposal.id}")
    assert one.headers["ETag"] == f'"{proposal.version}"'
    assert_problem(api("employer_b").get(f"{RECEIVED}/{proposal.id}"), 404)
    assert api("employer_b").get(RECEIVED).get_json()["items"] == []


def test_a_withdrawn_proposal_shows_no_profile(api, proposal, users):
    withdraw_consent(proposal.candidate, withdrawn_on=local_today(),
                     recorded_by=users["coach_a"])
    db.session.commit()
    item = api("employer_a").get(f"{RECEIVED}/{proposal.id}").get_json()
    assert item["state"] == "withdrawn" and item["pseudonym"] is None
    assert item["motivation"] is None and item["skills"] == []


def test_an_invitation_plans_the_interview_and_mails_the_coach(api, proposal, users):
    starts = utcnow().replace(microsecond=0) + timedelta(days=3)
    mails = count(OutgoingMessage)
    response = answer(api, proposal, answer="invite", interview={
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "place": "Noorderlaan 10, 2030 Antwerpen", "contact_name": "Sara Peeters",
        "contact_phone": "03 123 45 67"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["state"] == "interview" and body["interview"]["contact_name"] == "Sara Peeters"
    assert response.headers["ETag"] == f'"{body["version"]}"'
    mail = db.session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id.desc())).first()
    assert count(OutgoingMessage) == mails + 1 and mail.recipient == users["coach_a"].email


def test_a_hire_places_the_candidate_and_writes_the_step(api, proposal):
    response = answer(api, proposal, answer="hire")
    assert response.status_code == 200 and response.get_json()["state"] == "hired"
    db.session.refresh(proposal.candidate)
    assert proposal.candidate.status == "placed"
    step, = [s for s in timeline_of(proposal.candidate_id) if s.kind == "job"]
    assert step.source_ref == f"proposal:{proposal.id}"
    assert_problem(answer(api, proposal, etag=response.headers["ETag"], answer="decline",
                          decline_reason="profile"), 409)  # a hire is final


def test_a_decline_needs_its_reason(api, proposal):
    before = written()
    body = assert_problem(answer(api, proposal, answer="decline"), 422)
    assert body["errors"][0]["location"] == ["body"]
    assert_problem(answer(api, proposal, answer="decline", decline_reason="weather"), 422)
    assert_problem(answer(api, proposal, answer="hire", decline_note="no"), 422)
    assert written() == before
    response = answer(api, proposal, answer="decline", decline_reason="language",
                      decline_note="Te weinig Nederlands voor de veiligheidsinstructies.")
    assert response.get_json()["decline_reason"] == "language"


def test_another_reason_needs_a_note_as_on_the_site(api, proposal):
    before = written()
    body = assert_problem(answer(api, proposal, answer="decline", decline_reason="other"), 422)
    assert "decline_note" in body["errors"][0]["message"]
    assert_problem(answer(api, proposal, answer="decline", decline_reason="other",
                          decline_note="  "), 422)
    assert written() == before
    response = answer(api, proposal, answer="decline", decline_reason="other",
                      decline_note="We nemen tijdelijk niemand aan.")
    assert response.get_json()["state"] == "declined"
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).decline_note == (
        "We nemen tijdelijk niemand aan.")


def test_an_interview_in_the_past_is_a_422_and_nothing_is_written(api, proposal):
    starts = utcnow() - timedelta(days=1)
    before = written()
    body = assert_problem(answer(api, proposal, answer="invite", interview={
        "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=1)).isoformat(),
        "place": "Noorderlaan 10", "contact_name": "Sara", "contact_phone": "03"}), 422)
    assert body["errors"][0]["location"] == ["body", "interview"]
    db.session.refresh(proposal)
    assert written() == before and proposal.state == "proposed"


def test_answers_need_a_current_if_match_and_the_right_organisation(api, proposal):
    before = written()
    assert_problem(api("employer_a").post(f"{RECEIVED}/{proposal.id}/answer",
                                          json={"answer": "hire"}), 428)
    assert_problem(answer(api, proposal, etag='"41"', answer="hire"), 412)
    assert_problem(answer(api, proposal, key="employer_b", answer="hire"), 404)
    db.session.refresh(proposal)
    assert written() == before and proposal.state == "proposed"


def test_a_training_provider_puts_on_the_waiting_list(api, organisations, users):
    course = make_course(organisations["provider"], places=2, commit=True)
    proposal = make_proposal(users["coach_a"], make_candidate(
        users["coach_a"], pseudonym="Yonas", commit=True), course, commit=True)
    assert_problem(answer(api, proposal, key="provider", answer="invite"), 409)
    response = answer(api, proposal, key="provider", answer="waiting_list")
    assert response.get_json()["state"] == "waiting_list"
    assert_problem(answer(api, proposal, key="employer_a", answer="hire",
                          etag=response.headers["ETag"]), 404)


def test_a_body_that_is_not_json_is_refused_before_anything_is_read(api, proposal):
    before = written()
    url = f"{RECEIVED}/{proposal.id}/answer"
    headers = {"If-Match": f'"{proposal.version}"'}
    assert_problem(api("employer_a").post(url, data="answer=hire", headers=headers,
                                          content_type="text/plain"), 415)
    assert_problem(api("employer_a").post(url, data="{answer", headers=headers,
                                          content_type="application/json"), 400)
    db.session.refresh(proposal)
    assert written() == before and proposal.state == "proposed"
