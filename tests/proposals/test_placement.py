"""A hire makes the candidate placed: the status, its audit event and history entry,
the undo on the profile, the "placed elsewhere" mark on open proposals, the ranking
and the outcome counts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.candidates import placement
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import profile_of, update_candidate
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.insights.outcomes import partner_outcomes
from marketplace.insights.queries import InsightFilters
from marketplace.matching import operations as matching
from marketplace.proposals import operations
from marketplace.records.importer import import_records
from marketplace.records.reader import parse_lines
from tests.factories import make_candidate, make_course, make_opportunity, make_proposal


def hire(proposal, users):
    operations.answer_proposal(proposal, "hire", by=users["employer_a"],
                               expected_version=proposal.version)
    db.session.commit()


@pytest.fixture
def two_proposals(opportunity, organisations, users):
    """Coach A's Yonas, proposed for two opportunities of employer A."""
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", trajectory="integrated",
                               commit=True)
    other = make_opportunity(organisations["employer_a"], title="Magazijnier", commit=True)
    first = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    second = make_proposal(users["coach_a"], candidate, other, commit=True)
    return candidate, first, second


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_hire_places_the_candidate_with_an_audit_event(two_proposals, users):
    candidate, first, second = two_proposals
    hire(first, users)
    assert (candidate.status, candidate.status_before_placed) == ("placed", "active")
    [event] = events("candidate_placed")
    assert event.subject_id == candidate.id
    assert event.actor_id == users["employer_a"].id
    assert event.details["proposal_id"] == first.id
    assert event.details["before"] == "active"
    # The other proposal stays open, marked.
    assert second.state == "proposed" and second.placed_elsewhere
    assert not first.placed_elsewhere  # hired, not open


def test_a_paused_candidate_who_is_hired_goes_back_to_paused_on_undo(two_proposals, users):
    candidate, first, _ = two_proposals
    candidate.status = "paused"
    db.session.commit()
    hire(first, users)
    assert candidate.status_before_placed == "paused"
    placement.undo_placement(candidate, by=users["coach_a"],
                                        expected_version=candidate.version)
    db.session.commit()
    assert (candidate.status, candidate.status_before_placed) == ("paused", None)


def test_a_second_hire_leaves_the_placement_as_it_is(two_proposals, users):
    candidate, first, second = two_proposals
    hire(first, users)
    hire(second, users)
    assert candidate.status_before_placed == "active"
    assert len(events("candidate_placed")) == 1


def test_placed_by_hand_in_the_form_is_undone_to_the_status_before(make_candidate_committed,
                                                                   users):
    candidate = make_candidate_committed
    profile = profile_of(candidate)
    profile.status = "placed"
    update_candidate(candidate, profile, expected_version=candidate.version)
    db.session.commit()
    assert candidate.status_before_placed == "active"
    profile = profile_of(candidate)
    profile.status = "left"
    update_candidate(candidate, profile, expected_version=candidate.version)
    db.session.commit()
    assert candidate.status_before_placed is None


@pytest.fixture
def make_candidate_committed(app_ctx, users):
    return make_candidate(users["coach_a"], pseudonym="Amina", commit=True)


def test_a_placed_candidate_leaves_the_ranking_and_the_undo_brings_them_back(two_proposals,
                                                                             users):
    candidate, first, _ = two_proposals
    assert candidate.id in set(matching.candidate_rows().pool.ids)
    hire(first, users)
    assert candidate.id not in set(matching.candidate_rows().pool.ids)
    placement.undo_placement(candidate, by=users["coach_a"],
                                        expected_version=candidate.version)
    db.session.commit()
    assert candidate.id in set(matching.candidate_rows().pool.ids)


def test_a_placed_candidate_cannot_be_proposed_again(two_proposals, organisations, users):
    candidate, first, _ = two_proposals
    hire(first, users)
    third = make_opportunity(organisations["employer_a"], title="Orderpicker", commit=True)
    with pytest.raises(operations.CandidateNotActive):
        operations.propose_candidate(users["coach_a"], candidate, third, motivation="Goed.",
                                     candidate_agreed_on=local_today())


def test_outcomes_count_a_hire_once_and_an_undone_placement_keeps_the_hire(two_proposals,
                                                                           users):
    candidate, first, _ = two_proposals
    today = local_today()
    period = InsightFilters(start=today - timedelta(days=1), end=today + timedelta(days=1))

    def figures():
        return {o.name: o.figures for o in partner_outcomes(period)}["Partner A Coaching"]

    hire(first, users)
    assert (figures()["hired"], figures()["active_integrated"]) == (1, 0)
    placement.undo_placement(candidate, by=users["coach_a"],
                                        expected_version=candidate.version)
    db.session.commit()
    assert (figures()["hired"], figures()["active_integrated"]) == (1, 1)


# --- the pages ----------------------------------------------------------------------------


def test_the_profile_shows_the_placement_in_the_history_and_undoes_it(two_proposals, users,
                                                                      login_as):
    candidate, first, _ = two_proposals
    hire(first, users)
    client = login_as("coach_a")
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Geplaatst: aangenomen door een werkgever" in page
    assert "Zet terug op werkzoekend" in page
    # the other, still open proposal, at the same employer
    assert "geplaatst via ander aanbod van deze werkgever" in page
    response = client.post(f"/candidates/{candidate.id}/undo-placement",
                           data={"version": candidate.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert candidate.status == "active"
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Plaatsing ongedaan gemaakt" in page
    assert "Zet terug op werkzoekend" not in page
    assert "geplaatst via ander aanbod" not in page


def test_an_undo_with_an_old_version_changes_nothing(two_proposals, users, login_as):
    candidate, first, _ = two_proposals
    hire(first, users)
    client = login_as("coach_a")
    for version in ("1", "", "<script>"):
        response = client.post(f"/candidates/{candidate.id}/undo-placement",
                               data={"version": version}, follow_redirects=True)
        assert response.status_code == 200
        assert "er is niets teruggezet" in response.get_data(as_text=True)
    db.session.expire_all()
    assert candidate.status == "placed"


def test_an_undo_of_a_candidate_who_is_not_placed_changes_nothing(two_proposals, login_as):
    candidate, _, _ = two_proposals
    response = login_as("coach_a").post(f"/candidates/{candidate.id}/undo-placement",
                                        data={"version": candidate.version},
                                        follow_redirects=True)
    assert "er is niets teruggezet" in response.get_data(as_text=True)
    db.session.expire_all()
    assert candidate.status == "active"


@pytest.fixture
def hired_elsewhere(opportunity, organisations, users):
    """Coach A's Yonas, proposed to employer A and hired by employer B."""
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    other = make_opportunity(organisations["employer_b"], title="Magazijnier", commit=True)
    open_one = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    hired = make_proposal(users["coach_a"], candidate, other, commit=True)
    operations.answer_proposal(hired, "hire", by=users["employer_b"],
                               expected_version=hired.version)
    db.session.commit()
    return open_one


#: The pages that mark an employer's open proposals (waiting list, inbox, home) and a
#: coach's (their proposals, the proposal, the candidate's profile).
def _employer_pages(proposal):
    return ("/proposals/waiting", f"/proposals/opportunities/{proposal.opportunity_id}",
            "/start")


def _coach_pages(proposal):
    return ("/proposals/", f"/proposals/{proposal.id}", f"/candidates/{proposal.candidate_id}")


def test_the_employer_sees_placed_elsewhere_on_the_waiting_list_inbox_and_home(
    hired_elsewhere, login_as
):
    client = login_as("employer_a")
    for url in _employer_pages(hired_elsewhere):
        page = client.get(url).get_data(as_text=True)
        assert "elders geplaatst" in page and "bij jullie" not in page, url


def test_the_coach_sees_placed_elsewhere_on_their_proposals(hired_elsewhere, login_as):
    client = login_as("coach_a")
    for url in _coach_pages(hired_elsewhere):
        page = client.get(url).get_data(as_text=True)
        assert "elders geplaatst" in page and "van deze werkgever" not in page, url


def test_a_hire_by_the_same_employer_is_not_called_elsewhere(two_proposals, users, login_as):
    # The employer hired Yonas for one of its opportunities: on its other one he is placed
    # with them, not "elsewhere"; and the coach reads it so too.
    _, first, second = two_proposals
    hire(first, users)
    assert second.placed_by_same_employer and not first.placed_by_same_employer
    client = login_as("employer_a")
    for language, mark in (("nl", "geplaatst bij jullie, voor ander aanbod"),
                           ("en", "placed with you, for another opportunity")):
        client.post("/language", data={"locale": language})
        for url in _employer_pages(second):
            page = client.get(url).get_data(as_text=True)
            assert f'<span class="tag tag--warning">{mark}</span>' in page, (url, language)
            assert "elders geplaatst" not in page and "placed elsewhere" not in page
    client.post("/logout")
    client = login_as("coach_a")
    for language, mark in (("nl", "geplaatst via ander aanbod van deze werkgever"),
                           ("en", "placed through another opportunity of this employer")):
        client.post("/language", data={"locale": language})
        for url in _coach_pages(second):
            page = client.get(url).get_data(as_text=True)
            assert f'<span class="tag tag--warning">{mark}</span>' in page, (url, language)
            assert "elders geplaatst" not in page and "placed elsewhere" not in page
        page = client.get(f"/proposals/{first.id}").get_data(as_text=True)
        assert mark not in page  # the hire itself carries no mark


def test_a_course_accepted_by_the_same_provider_is_no_placement_with_them(
    organisations, users
):
    # Accepted on one course (which places nobody), then hired by an employer: on the
    # provider's other course the person is placed elsewhere, not "with you".
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    accepted, still_open, hired = (
        make_proposal(users["coach_a"], candidate, opportunity)
        for opportunity in (make_course(organisations["provider"]),
                            make_course(organisations["provider"], title="Lassen"),
                            make_opportunity(organisations["employer_b"])))
    operations.answer_proposal(accepted, "hire", by=users["provider"],
                               expected_version=accepted.version)
    operations.answer_proposal(hired, "hire", by=users["employer_b"],
                               expected_version=hired.version)
    db.session.flush()
    assert still_open.placed_elsewhere and not still_open.placed_by_same_employer


def test_an_import_over_a_placed_candidate_leaves_nothing_to_undo(app_ctx):
    # The records format has no status: the importer makes candidates active, and the
    # kept status before the placement must go with it (the database refuses it kept).
    records = [
        {"type": "organisation", "ref": "coaching", "name": "Coaching Import vzw",
         "role": "partner", "postcode": "2000"},
        {"type": "coach", "email": "coach.import@example.org", "name": "Ines Coach",
         "organisation": "coaching"},
        {"type": "candidate", "ref": "cand-1", "coach": "coach.import@example.org",
         "pseudonym": "Amal", "postcode": "2060", "dutch_level": "A1", "consent": True},
    ]
    import_records(parse_lines([json.dumps(record) for record in records]))
    candidate = db.session.scalar(select(Candidate).where(Candidate.ref == "cand-1"))
    placement.place_candidate(candidate, by=None, proposal_id=0)
    db.session.commit()
    assert candidate.status_before_placed == "active"
    import_records(parse_lines([json.dumps(record) for record in records]))
    db.session.commit()
    db.session.refresh(candidate)
    assert (candidate.status, candidate.status_before_placed) == ("active", None)
