"""The rules of enrolling, cancelling and marking attendance (operations only)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.audit.models import AuditEvent
from marketplace.candidates.erasure import erase_candidate
from marketplace.candidates.operations import withdraw_consent
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.trajectories.queries import timeline_of
from marketplace.tryouts import operations
from marketplace.tryouts.models import TryoutEnrolment
from tests.factories import (
    make_candidate,
    make_enrolment,
    make_opportunity,
    make_tryout,
    pass_tryout_day,
)
from tests.tryouts.conftest import written


def fill(tryout, coach, seats: int) -> list[TryoutEnrolment]:
    return [make_enrolment(coach, make_candidate(coach, pseudonym=f"Zit {n}"), tryout)
            for n in range(seats)]


def test_enrolling_takes_a_seat_and_logs_it(users, tryout):
    coach = users["coach_a"]
    enrolment = make_enrolment(coach, make_candidate(coach), tryout)
    assert enrolment.status == "enrolled"
    assert enrolment.enrolled_by_id == coach.id
    assert operations.seats_taken(tryout.id) == 1
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "tryout_enrolled")).one()
    assert event.details["status"] == "enrolled"


def test_enrolling_when_full_without_the_waiting_list_writes_nothing(users, tryout):
    coach = users["coach_a"]
    fill(tryout, coach, 3)
    candidate = make_candidate(coach, pseudonym="Vierde")
    before = written()
    with pytest.raises(operations.TryoutFull):
        operations.enrol_candidate(coach, candidate, tryout)
    assert written() == before


def test_enrolling_when_full_with_the_waiting_list_puts_them_on_it(users, tryout):
    coach = users["coach_a"]
    fill(tryout, coach, 3)
    enrolment = make_enrolment(coach, make_candidate(coach), tryout, waiting_list=True)
    assert enrolment.status == "waiting"
    assert operations.seats_taken(tryout.id) == 3


def test_the_waiting_list_is_not_used_while_a_seat_is_free(users, tryout):
    coach = users["coach_a"]
    enrolment = make_enrolment(coach, make_candidate(coach), tryout, waiting_list=True)
    assert enrolment.status == "enrolled"


def test_enrolling_twice_is_refused_and_writes_nothing(users, tryout):
    coach = users["coach_a"]
    candidate = make_candidate(coach)
    make_enrolment(coach, candidate, tryout)
    before = written()
    with pytest.raises(operations.AlreadyEnrolled):
        operations.enrol_candidate(coach, candidate, tryout, waiting_list=True)
    assert written() == before


def test_the_database_refuses_a_second_row_for_one_pair(users, tryout):
    coach = users["coach_a"]
    candidate = make_candidate(coach)
    make_enrolment(coach, candidate, tryout)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(TryoutEnrolment(opportunity_id=tryout.id, candidate_id=candidate.id,
                                       enrolled_by_id=coach.id, status="waiting"))
        db.session.flush()


def test_enrolling_after_the_day_of_the_session_is_refused(users, tryout):
    coach = users["coach_a"]
    candidate = make_candidate(coach)
    pass_tryout_day(tryout, days_ago=1)
    before = written()
    with pytest.raises(operations.SessionOver):
        operations.enrol_candidate(coach, candidate, tryout)
    assert written() == before


def test_enrolling_on_the_day_itself_still_works(users, tryout):
    coach = users["coach_a"]
    pass_tryout_day(tryout, days_ago=0)
    assert make_enrolment(coach, make_candidate(coach), tryout).status == "enrolled"


def test_without_consent_nobody_is_enrolled(users, tryout):
    coach = users["coach_a"]
    with pytest.raises(operations.NoActiveConsent):
        operations.enrol_candidate(coach, make_candidate(coach, consent=False), tryout)


def test_only_a_published_tryout_takes_enrolments(users, organisations):
    coach = users["coach_a"]
    draft = make_tryout(organisations["employer_a"], status="draft")
    with pytest.raises(operations.TryoutNotOpen):
        operations.enrol_candidate(coach, make_candidate(coach), draft)
    job = make_opportunity(organisations["employer_a"])
    with pytest.raises(operations.NotATryout):
        operations.enrol_candidate(coach, make_candidate(coach), job)


def test_someone_who_cancels_and_waits_again_joins_the_end_of_the_waiting_list(
    users, tryout
):
    coach = users["coach_a"]
    seats = fill(tryout, coach, 3)
    early = make_enrolment(coach, make_candidate(coach, pseudonym="Vroeg"), tryout,
                           waiting_list=True)
    later = make_enrolment(coach, make_candidate(coach, pseudonym="Later"), tryout,
                           waiting_list=True)
    operations.cancel_enrolment(early, by=coach, expected_version=early.version)
    again = operations.enrol_candidate(coach, early.candidate, tryout, waiting_list=True)
    assert again.id == early.id and again.status == "waiting"
    assert again.created_at > later.created_at

    operations.cancel_enrolment(seats[0], by=coach, expected_version=seats[0].version)

    assert (later.status, again.status) == ("enrolled", "waiting")


def test_a_cancellation_frees_the_seat_for_the_first_on_the_waiting_list(users, tryout):
    coach, other_coach = users["coach_a"], users["coach_b"]
    seats = fill(tryout, coach, 3)
    first = make_enrolment(other_coach, make_candidate(other_coach, pseudonym="Eerste"),
                           tryout, waiting_list=True)
    second = make_enrolment(coach, make_candidate(coach, pseudonym="Tweede"), tryout,
                            waiting_list=True)
    mails = db.session.scalars(select(OutgoingMessage.id)).all()

    operations.cancel_enrolment(seats[0], by=coach, expected_version=seats[0].version)

    assert seats[0].status == "cancelled" and seats[0].cancelled_at is not None
    assert (first.status, second.status) == ("enrolled", "waiting")
    assert first.moved_up_at is not None
    new_mail = db.session.scalars(select(OutgoingMessage).where(
        OutgoingMessage.id.not_in(mails))).one()
    assert new_mail.recipient == other_coach.email
    assert "Eerste" in new_mail.body
    assert operations.seats_taken(tryout.id) == 3


def test_a_cancelled_candidate_can_be_enrolled_again(users, tryout):
    coach = users["coach_a"]
    candidate = make_candidate(coach)
    enrolment = make_enrolment(coach, candidate, tryout)
    operations.cancel_enrolment(enrolment, by=coach, expected_version=enrolment.version)
    again = make_enrolment(coach, candidate, tryout)
    assert again.id == enrolment.id
    assert (again.status, again.cancelled_at) == ("enrolled", None)


def test_cancelling_on_the_day_of_the_session_is_refused(users, tryout):
    coach = users["coach_a"]
    enrolment = make_enrolment(coach, make_candidate(coach), tryout)
    pass_tryout_day(tryout, days_ago=0)
    with pytest.raises(operations.NotCancellable):
        operations.cancel_enrolment(enrolment, by=coach, expected_version=enrolment.version)
    assert enrolment.status == "enrolled"


def test_attendance_is_marked_on_the_day_or_after_and_not_before(users, tryout):
    coach, organiser = users["coach_a"], users["employer_a"]
    came, stayed_away = fill(tryout, coach, 2)
    marks = {came.id: "attended", stayed_away.id: "absent"}
    with pytest.raises(operations.TooEarlyToMark):
        operations.mark_attendance(tryout, marks, by=organiser)
    assert (came.status, stayed_away.status) == ("enrolled", "enrolled")

    pass_tryout_day(tryout, days_ago=0)
    assert operations.mark_attendance(tryout, marks, by=organiser) == 2
    assert (came.status, stayed_away.status) == ("attended", "absent")
    assert came.marked_at is not None
    actions = db.session.scalars(select(AuditEvent.details).where(
        AuditEvent.action == "tryout_attendance_marked")).all()
    assert sorted(details["to"] for details in actions) == ["absent", "attended"]


def test_who_came_has_a_try_out_step_and_a_later_absent_removes_it(users, tryout):
    coach, organiser = users["coach_a"], users["employer_a"]
    came, stayed_away = fill(tryout, coach, 2)
    pass_tryout_day(tryout, days_ago=0)
    operations.mark_attendance(tryout, {came.id: "attended", stayed_away.id: "absent"},
                               by=organiser)
    step, = timeline_of(came.candidate_id)
    assert (step.kind, step.started_on, step.ended_on, step.organisation_id) == (
        "tryout", tryout.session_on, tryout.session_on, tryout.organisation_id)
    assert step.is_automatic and timeline_of(stayed_away.candidate_id) == []
    operations.mark_attendance(tryout, {came.id: "absent"}, by=organiser)
    assert timeline_of(came.candidate_id) == []


def test_marking_leaves_other_tryouts_and_the_waiting_list_alone(users, organisations):
    coach, organiser = users["coach_a"], users["employer_a"]
    tryout = make_tryout(organisations["employer_a"], places=1)
    seated = make_enrolment(coach, make_candidate(coach), tryout)
    waiting = make_enrolment(coach, make_candidate(coach), tryout, waiting_list=True)
    elsewhere = make_tryout(organisations["employer_b"])
    stranger = make_enrolment(coach, make_candidate(coach), elsewhere)
    pass_tryout_day(tryout, days_ago=2)
    changed = operations.mark_attendance(
        tryout, {seated.id: "attended", waiting.id: "attended", stranger.id: "absent"},
        by=organiser)
    assert changed == 1
    assert (seated.status, waiting.status, stranger.status) == (
        "attended", "waiting", "enrolled")


@pytest.mark.parametrize("ending", ["consent withdrawn", "erased"])
def test_when_consent_ends_or_the_person_is_erased_their_seat_goes_to_the_waiting_list(
    users, organisations, ending
):
    coach = users["coach_a"]
    tryout = make_tryout(organisations["employer_a"], places=1)
    seated = make_enrolment(coach, make_candidate(coach, pseudonym="Zit"), tryout)
    waiting = make_enrolment(coach, make_candidate(coach, pseudonym="Wacht"), tryout,
                             waiting_list=True)
    if ending == "erased":
        erase_candidate(seated.candidate, reason="request")
    else:
        withdraw_consent(seated.candidate, withdrawn_on=local_today(), recorded_by=coach)
    assert (seated.status, waiting.status) == ("cancelled", "enrolled")
    assert db.session.scalars(select(OutgoingMessage)).all()  # the coach is told


def test_an_enrolment_that_slips_past_the_check_is_stopped_by_the_database(
    users, tryout, monkeypatch
):
    # Two coaches at the same moment: both find no enrolment, the unique pair decides.
    coach = users["coach_a"]
    candidate = make_candidate(coach)
    make_enrolment(coach, candidate, tryout)
    monkeypatch.setattr(operations, "_existing", lambda *_ids: None)
    before = written()
    with pytest.raises(operations.AlreadyEnrolled):
        operations.enrol_candidate(coach, candidate, tryout, waiting_list=True)
    assert written() == before
