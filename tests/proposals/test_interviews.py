"""Interviews as operations: the stored interview, the coach's mail with its calendar
file (parsed back with icalendar), changes and cancels, and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar, Event, Timezone
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.audit.models import AuditEvent
from marketplace.audit.sentences import SENTENCES
from marketplace.db_types import local_date
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.proposals import icsfile, operations
from marketplace.proposals.icsfile import REQUEST, CalendarEvent, Person, interview_calendar
from marketplace.proposals.interviews import InvalidInterview, check_details
from marketplace.web.conflicts import EditConflict
from tests.factories import interview_details, make_candidate, make_interview, make_proposal


@pytest.fixture
def proposal(opportunity, users):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    return make_proposal(users["coach_a"], candidate, opportunity, commit=True)


def last_message() -> OutgoingMessage:
    return db.session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id.desc())).first()


def calendar_of(message: OutgoingMessage):
    """The one VEVENT of the message's one .ics, and the calendar's METHOD."""
    (attachment,) = message.attachments
    assert attachment.content_type.startswith("text/calendar")
    assert attachment.filename.endswith(".ics")
    calendar = Calendar.from_ical(attachment.content)
    (event,) = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), event


def test_inviting_stores_the_interview_and_mails_the_coach_a_calendar_request(proposal, users):
    details = interview_details(days_ahead=5, hour=8)
    interview = make_interview(proposal, users["employer_a"], days_ahead=5, hour=8,
                               commit=True)
    assert proposal.state == "interview"
    assert (interview.starts_at, interview.ends_at) == (details.starts_at, details.ends_at)
    assert interview.place == "Noorderlaan 100, 2030 Antwerpen"
    assert interview.online_url is None and interview.sequence == 0
    assert proposal.interview_on == local_date(details.starts_at)

    message = last_message()
    assert message.recipient == users["coach_a"].email
    assert message.subject.startswith("Uitnodiging voor een gesprek: Yonas")
    assert "Noorderlaan 100, 2030 Antwerpen" in message.body
    assert "Sara Peeters, 03 123 45 67, sara@test.example" in message.body
    method, event = calendar_of(message)
    assert method == "REQUEST"
    assert str(event["UID"]) == interview.uid
    assert event["SEQUENCE"] == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Brussels"
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert start == details.starts_at and event.decoded("DTEND") == details.ends_at
    assert str(event["LOCATION"]) == "Noorderlaan 100, 2030 Antwerpen"
    assert "Sara Peeters" in str(event["DESCRIPTION"])
    assert "03 123 45 67" in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == f"mailto:{users['employer_a'].email}"
    assert str(event["ATTENDEE"]) == f"mailto:{users['coach_a'].email}"
    assert "Yonas" in str(event["SUMMARY"])


def test_changing_sends_an_update_with_the_same_uid_and_a_higher_sequence(proposal, users):
    interview = make_interview(proposal, users["employer_a"], commit=True)
    uid = interview.uid
    operations.change_interview(
        proposal, interview_details(days_ahead=9, online_url="https://meet.example.org/abc"),
        by=users["employer_a"], expected_version=interview.version)
    db.session.commit()
    assert (interview.uid, interview.sequence) == (uid, 1)
    assert interview.place is None and interview.online_url == "https://meet.example.org/abc"
    message = last_message()
    assert "is gewijzigd" in message.subject
    method, event = calendar_of(message)
    assert (method, str(event["UID"]), event["SEQUENCE"]) == ("REQUEST", uid, 1)
    assert str(event["LOCATION"]) == "https://meet.example.org/abc"
    assert str(event["URL"]) == "https://meet.example.org/abc"


def test_cancelling_sends_a_cancel_and_the_proposal_waits_for_an_answer_again(proposal, users):
    interview = make_interview(proposal, users["employer_a"], commit=True)
    operations.cancel_interview(proposal, by=users["employer_a"],
                                expected_version=interview.version)
    db.session.commit()
    assert interview.cancelled_at is not None and proposal.open_interview is None
    assert (proposal.state, proposal.interview_on) == ("proposed", None)
    assert [e.to_state for e in proposal.events] == ["proposed", "interview", "proposed"]
    method, event = calendar_of(last_message())
    assert (method, str(event["STATUS"])) == ("CANCEL", "CANCELLED")
    assert (str(event["UID"]), event["SEQUENCE"]) == (interview.uid, 1)
    with pytest.raises(operations.NoInterview):
        operations.cancel_interview(proposal, by=users["employer_a"],
                                    expected_version=interview.version)


def test_inviting_again_after_a_cancel_plans_a_new_calendar_entry(proposal, users):
    first = make_interview(proposal, users["employer_a"], commit=True)
    operations.cancel_interview(proposal, by=users["employer_a"], expected_version=first.version)
    second = make_interview(proposal, users["employer_a"], days_ahead=10, commit=True)
    assert second.uid != first.uid and second.sequence == 0
    assert proposal.open_interview is second


def test_declining_before_the_interview_takes_it_out_of_the_coachs_calendar(proposal, users):
    interview = make_interview(proposal, users["employer_a"], commit=True)
    operations.answer_proposal(proposal, "decline", by=users["employer_a"],
                               expected_version=proposal.version, decline_reason="profile")
    db.session.commit()
    assert interview.cancelled_at is not None
    subjects = [m.subject for m in db.session.scalars(
        select(OutgoingMessage).where(OutgoingMessage.recipient == users["coach_a"].email))]
    assert any(subject.startswith("Gesprek geannuleerd") for subject in subjects)


def test_the_mail_and_the_calendar_are_in_the_coachs_language(proposal, users):
    users["coach_a"].locale = "en"
    db.session.flush()
    make_interview(proposal, users["employer_a"], commit=True)
    message = last_message()
    assert message.subject.startswith("Invitation to an interview: Yonas")
    assert "Contact person: Sara Peeters" in message.body
    _method, event = calendar_of(message)
    assert str(event["SUMMARY"]).startswith("Interview: Yonas")
    assert message.attachments[0].filename == "interview.ics"


def test_a_changed_interview_refuses_an_old_form(proposal, users):
    interview = make_interview(proposal, users["employer_a"], commit=True)
    stale = interview.version
    operations.change_interview(proposal, interview_details(days_ahead=3),
                                by=users["employer_a"], expected_version=stale)
    db.session.commit()
    with pytest.raises(EditConflict):
        operations.change_interview(proposal, interview_details(days_ahead=4),
                                    by=users["employer_a"], expected_version=stale)


@pytest.mark.parametrize("change", [
    {"days_ahead": -1},
    {"hours": 0},
    {"place": None},
    {"online_url": "ftp://files.example.org/x"},
    {"contact_phone": None, "contact_email": None},
])
def test_the_operation_refuses_details_no_interview_can_have(change):
    with pytest.raises(InvalidInterview):
        check_details(interview_details(**change))


def test_invites_changes_and_cancels_are_in_the_audit_log_as_sentences(proposal, users):
    interview = make_interview(proposal, users["employer_a"], commit=True)
    operations.change_interview(proposal, interview_details(days_ahead=8),
                                by=users["employer_a"], expected_version=interview.version)
    operations.cancel_interview(proposal, by=users["employer_a"],
                                expected_version=interview.version)
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.subject_type == "interview")
                                .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == [
        "interview_planned", "interview_changed", "interview_cancelled"]
    assert {e.actor_id for e in events} == {users["employer_a"].id}
    assert all(action in SENTENCES for action in (e.action for e in events))
    assert "place" not in events[0].details and "contact_name" not in events[0].details
    assert events[0].details["online"] is False


def test_an_interview_that_ended_before_it_started_is_refused_by_the_database(proposal, users):
    interview = make_interview(proposal, users["employer_a"])
    interview.ends_at = interview.starts_at - timedelta(hours=1)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_times_are_sent_in_brussels_time_across_a_clock_change():
    summer = datetime(2027, 7, 1, 8, tzinfo=UTC)  # 10:00 in Brussels (UTC+2)
    event = CalendarEvent("x@werkbrug", 0, summer, summer + timedelta(hours=1), "S", "D", "L",
                          Person("E", "e@test.example"), Person("C", "c@test.example"), summer)
    text = interview_calendar(event, REQUEST).decode()
    assert "DTSTART;TZID=Europe/Brussels:20270701T100000" in text
    assert "BEGIN:VTIMEZONE" in text


def _winter_event(url=None) -> CalendarEvent:
    winter = datetime(2027, 1, 12, 9, tzinfo=UTC)  # 10:00 in Brussels (UTC+1)
    return CalendarEvent("w@werkbrug", 2, winter, winter + timedelta(hours=1), "Gesprek",
                         "Lijn een\nlijn twee; met, tekens", "Noorderlaan 100, 2030 Antwerpen",
                         Person("Eva Peeters", "e@test.example"), Person("C", "c@test.example"),
                         winter - timedelta(days=2), url)


@pytest.mark.parametrize("url", [None, "https://meet.example/abc"])
def test_the_calendar_file_is_byte_for_byte_what_icalendar_writes_with_its_timezones(url):
    event = _winter_event(url)
    ours = interview_calendar(event, icsfile.CANCEL)
    # icalendar's own way: the same calendar, its VTIMEZONE added by add_missing_timezones.
    reference = Calendar.from_ical(ours)
    reference.subcomponents = [part for part in reference.subcomponents
                               if not isinstance(part, Timezone)]
    assert [type(part) for part in reference.subcomponents] == [Event]
    reference.add_missing_timezones()
    assert ours == reference.to_ical()


def test_the_brussels_timezone_of_the_calendar_files_is_built_once(monkeypatch):
    built = []
    from_tzid = Timezone.from_tzid
    monkeypatch.setattr(Timezone, "from_tzid",
                        lambda *args, **kwargs: built.append(args) or from_tzid(*args, **kwargs))
    icsfile.brussels_timezone.cache_clear()
    first = interview_calendar(_winter_event(), REQUEST)
    assert interview_calendar(_winter_event(), REQUEST) == first
    assert len(built) == 1
