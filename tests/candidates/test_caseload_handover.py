"""An admin hands a coach's whole caseload to a colleague of the same organisation:
the way to deactivate or move a coach who leaves (an account that holds people cannot
be). The admin sees how many people move, never who; a caseload that changed since
the page was shown is confirmed again; only colleagues of the same organisation can
take over. (The tests' queue runs the job in the request; the job itself, run again or
after a killed worker, is in ``test_caseload_handover_job.py``.)"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.audit.models import AuditEvent
from marketplace.candidates.handovers import CandidateHandover, CaseloadHandover
from marketplace.candidates.models import Candidate
from marketplace.extensions import db
from tests.factories import make_candidate, make_user


@pytest.fixture
def caseload(app_ctx, users):
    """Coach A with two people."""
    return [make_candidate(users["coach_a"], pseudonym="Amina"),
            make_candidate(users["coach_a"], pseudonym="Bilal", commit=True)]


@pytest.fixture
def colleague(organisations):
    return make_user(organisations["partner_a"], role="coach", name="Collega Nora",
                     commit=True)


def _url(user) -> str:
    return f"/candidates/caseloads/{user.id}/handover"


def _coach_ids(people) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(
        select(Candidate.coach_id).where(Candidate.id.in_([p.id for p in people]))))


def test_the_admin_hands_the_whole_caseload_to_a_colleague_then_deactivates(
    client, login_as, users, caseload, colleague
):
    login_as("admin")
    user_page = client.get(f"/admin/users/{users['coach_a'].id}").get_data(as_text=True)
    assert "2 personen in de caseload." in user_page
    assert f'href="{_url(users["coach_a"])}"' in user_page
    page = client.get(_url(users["coach_a"])).get_data(as_text=True)
    assert "2 personen uit de caseload van" in page and "2 personen overdragen" in page
    assert "Collega Nora" in page and "Coach B" not in page  # same organisation only
    assert "Amina" not in page and "Bilal" not in page  # the admin never sees who
    response = client.post(_url(users["coach_a"]), data={
        "to_coach": str(colleague.id), "note": "Coach A vertrekt.", "expected": "2"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/users/{users['coach_a'].id}")
    assert _coach_ids(caseload) == {colleague.id}
    handovers = db.session.scalars(select(CandidateHandover)).all()
    assert {(h.from_coach_id, h.to_coach_id, h.note) for h in handovers} == {
        (users["coach_a"].id, colleague.id, "Coach A vertrekt.")}
    assert len(handovers) == 2
    event = db.session.scalars(select(AuditEvent)
                               .where(AuditEvent.action == "caseload_handed_over")).one()
    [handover] = db.session.scalars(select(CaseloadHandover)).all()
    assert event.details == {"to_coach_id": colleague.id, "people": 2,
                             "caseload_handover_id": handover.id}
    assert (handover.expected, handover.moved, handover.requested_by_id) == (
        2, 2, users["admin"].id)
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 personen zitten nu in de caseload van Collega Nora." in followed
    assert "0 personen in de caseload." in followed
    deactivated = client.post(f"/admin/users/{users['coach_a'].id}/active",
                              data={"active": "0"})
    assert deactivated.status_code == 302


def test_a_coach_of_another_organisation_cannot_take_over(
    client, login_as, users, caseload, colleague
):
    login_as("admin")
    response = client.post(_url(users["coach_a"]), data={
        "to_coach": str(users["coach_b"].id), "note": "Wat ik typte", "expected": "2"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Kies een coach uit de lijst." in page and "Wat ik typte" in page
    assert _coach_ids(caseload) == {users["coach_a"].id}


def test_a_caseload_that_changed_since_the_page_is_confirmed_again(
    client, login_as, users, caseload, colleague
):
    login_as("admin")
    client.get(_url(users["coach_a"]))
    late = make_candidate(users["coach_a"], pseudonym="Laat", commit=True)
    response = client.post(_url(users["coach_a"]), data={
        "to_coach": str(colleague.id), "note": "Bewaard", "expected": "2"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "De caseload veranderde intussen: er zitten nu 3 personen in." in page
    assert 'value="3"' in page and "Bewaard" in page and "3 personen overdragen" in page
    assert _coach_ids([*caseload, late]) == {users["coach_a"].id}
    assert db.session.scalar(select(func.count()).select_from(CandidateHandover)) == 0
    assert db.session.scalar(select(func.count()).select_from(CaseloadHandover)) == 0


@pytest.mark.parametrize("expected", ["", "abc", "-1", "99999999999999999999"])
def test_an_odd_count_moves_nobody(client, login_as, users, caseload, colleague, expected):
    login_as("admin")
    response = client.post(_url(users["coach_a"]), data={
        "to_coach": str(colleague.id), "expected": expected})
    assert response.status_code == 409
    assert _coach_ids(caseload) == {users["coach_a"].id}


def test_without_a_colleague_the_page_says_to_invite_one(client, login_as, users, caseload):
    login_as("admin")
    page = client.get(_url(users["coach_a"])).get_data(as_text=True)
    assert "geen andere actieve coach die kan overnemen" in page
    assert 'href="/admin/users/invite"' in page and "<form method=\"post\" novalidate" not in page


def test_nothing_to_hand_over_for_an_empty_caseload(client, login_as, users):
    login_as("admin")
    page = client.get(_url(users["coach_a"])).get_data(as_text=True)
    assert "niemand in de caseload: er is niets over te dragen." in page


def test_only_coaches_have_a_caseload_to_hand_over(client, login_as, users):
    login_as("admin")
    assert client.get(_url(users["employer_a"])).status_code == 404
    assert client.get("/candidates/caseloads/999999/handover").status_code == 404
    user_page = client.get(f"/admin/users/{users['employer_a'].id}").get_data(as_text=True)
    assert "caseload-heading" not in user_page


def test_the_page_speaks_english_for_an_english_admin(client, login_as, users, caseload,
                                                      colleague):
    login_as("admin")
    client.post("/language", data={"locale": "en"})
    page = client.get(_url(users["coach_a"])).get_data(as_text=True)
    assert "2 people in the caseload of" in page and "Hand over 2 people" in page
