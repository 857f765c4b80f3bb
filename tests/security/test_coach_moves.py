"""A coach's caseload is their organisation's: moving the coach to another organisation
(or out of the coach role) while they still hold people is refused, on the admin's
form and in a records import, until the coach has handed those people over.

Before, the admin's form moved the coach and the caseload went along: the coach, now
at partner B, kept opening and changing partner A's candidates (whose rows still said
partner A, so partner A's API key read them too and partner B's did not); a move to
the admin role left the people with nobody who could keep them.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import LoginSession, User
from marketplace.candidates.erasure import erase_candidate
from marketplace.candidates.operations import hand_over_candidate
from marketplace.extensions import db
from marketplace.records.importer import RecordsRejected, import_records
from marketplace.records.reader import parse_lines
from tests.conftest import login
from tests.factories import make_candidate, make_user
from tests.security.helpers import error_next_to

REFUSED = "Deze coach heeft nog 1 persoon in de caseload."


def _save_user(client, user, organisation, role="coach"):
    return client.post(f"/admin/users/{user.id}", data={
        "name": user.name, "organisation": organisation.id, "role": role, "work_phone": "",
        "version": user.version})


@pytest.fixture
def caseload(app_ctx, users):
    """Coach A with one person in their caseload."""
    return make_candidate(users["coach_a"], pseudonym="Verhuisd", commit=True)


def test_moving_a_coach_with_a_caseload_to_another_organisation_is_refused(
    app, client, login_as, users, organisations, caseload
):
    login_as("admin")
    response = _save_user(client, users["coach_a"], organisations["partner_b"])
    assert response.status_code == 409
    assert REFUSED in error_next_to(response.get_data(as_text=True), "organisation")
    db.session.expire_all()
    assert users["coach_a"].organisation_id == organisations["partner_a"].id
    coach = app.test_client()
    login(coach, "coach_a")
    assert coach.get(f"/candidates/{caseload.id}").status_code == 200  # still at partner A


def test_a_coach_with_a_caseload_cannot_become_an_admin_and_leave_it_with_nobody(
    client, login_as, users, organisations, caseload
):
    login_as("admin")
    response = _save_user(client, users["coach_a"], organisations["partner_a"], role="admin")
    assert response.status_code == 409
    assert REFUSED in error_next_to(response.get_data(as_text=True), "role")
    db.session.expire_all()
    assert users["coach_a"].role == "coach"


def test_once_the_caseload_is_handed_over_the_coach_moves(
    client, login_as, users, organisations, caseload
):
    colleague = make_user(organisations["partner_a"], role="coach", commit=True)
    erased = make_candidate(users["coach_a"], pseudonym="Gewist", commit=True)
    erase_candidate(erased, reason="request")  # an erased remnant is nobody's
    hand_over_candidate(caseload, to_coach=colleague, note=None)
    db.session.commit()
    login_as("admin")
    response = _save_user(client, users["coach_a"], organisations["partner_b"])
    assert response.status_code == 302
    db.session.expire_all()
    assert users["coach_a"].organisation_id == organisations["partner_b"].id


def test_a_records_import_does_not_move_a_coach_with_a_caseload(app_ctx, users, caseload):
    coach = users["coach_a"]
    line = json.dumps({"type": "coach", "email": coach.email, "name": coach.name,
                       "organisation": coach.organisation.ref})
    import_records(parse_lines([line]))  # the same organisation: nothing moves
    other = users["coach_b"].organisation
    line = json.dumps({"type": "coach", "email": coach.email, "name": coach.name,
                       "organisation": other.ref})
    with pytest.raises(RecordsRejected) as rejected:
        import_records(parse_lines([line]))
    assert [str(problem) for problem in rejected.value.problems] == [
        f"line 1: coach: {coach.email} moves to organisation {other.ref!r} with 1 "
        "candidate(s) still in their caseload: hand them over on the site first"]
    db.session.expire_all()
    assert db.session.scalar(select(User.organisation_id).where(User.id == coach.id)) == (
        coach.organisation_id)


def _sessions(user) -> int:
    return db.session.scalar(select(func.count()).select_from(LoginSession)
                             .where(LoginSession.user_id == user.id))


def _coach_line(coach, organisation) -> str:
    return json.dumps({"type": "coach", "email": coach.email, "name": coach.name,
                       "organisation": organisation.ref})


def test_a_records_import_that_moves_a_coach_logs_them_out_everywhere(
    app, app_ctx, users, organisations
):
    """As the admin's form does: before, the moved coach's open browser went on at the
    new organisation with the login made for the old one."""
    mover = make_user(organisations["partner_a"], role="coach", commit=True)
    stayer = make_user(organisations["partner_a"], role="coach", commit=True)
    browsers = {}
    for person in (mover, stayer):
        browsers[person.id] = app.test_client()
        assert login(browsers[person.id], person.email).status_code == 302
    import_records(parse_lines([_coach_line(mover, organisations["partner_b"]),
                                _coach_line(stayer, organisations["partner_a"])]))
    db.session.commit()
    assert (_sessions(mover), _sessions(stayer)) == (0, 1)
    assert browsers[mover.id].get("/candidates/").status_code == 302  # to the login page
    assert browsers[stayer.id].get("/candidates/").status_code == 200
    db.session.expire_all()
    assert mover.organisation_id == organisations["partner_b"].id
