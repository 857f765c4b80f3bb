"""A candidate's last activity (``candidates.activity.last_activity``) is the latest of
the profile's own changes and the coaching recorded about them elsewhere: proposals
and their answers, trajectory decisions and steps, barriers, try-out enrolments. The
retention review, the admins' list, the coach's news and the caseload all read it, in
one statement however many candidates they list (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Integer

from marketplace.candidates.activity import COACHING_RECORDS, inactive_candidates
from marketplace.candidates.retention import review_retention
from marketplace.db_types import UTCDateTime, utcnow
from marketplace.extensions import db
from marketplace.news.collect import collect_news
from marketplace.proposals import operations as proposal_operations
from marketplace.web.i18n import format_day
from tests.candidates.test_caseload_statements import statements
from tests.factories import (
    make_barrier,
    make_candidate,
    make_course,
    make_decision,
    make_enrolment,
    make_opportunity,
    make_proposal,
    make_step,
    make_tryout,
)

#: Longer ago than the retention period (730 days in the tests).
LONG_AGO = 800


def _days_ago(days: int):
    return utcnow() - timedelta(days=days)


def _profile_untouched_for(candidate, days: int = LONG_AGO):
    """The profile's own last change ``days`` ago (the operations above may have
    touched it just now)."""
    candidate.last_activity_at = _days_ago(days)
    db.session.commit()
    return candidate


def _listed() -> list[str]:
    return [candidate.pseudonym for candidate in review_retention().candidates]


def test_each_coaching_record_is_a_table_of_candidate_rows_with_its_moment(app):
    for name, moment in COACHING_RECORDS.items():
        records = db.metadata.tables[name]
        [key] = records.c.candidate_id.foreign_keys
        assert key.column.table.name == "candidate", name
        assert isinstance(records.c.candidate_id.type, Integer), name
        assert isinstance(records.c[moment].type, UTCDateTime), name


def _proposal(users, organisations, candidate):
    make_proposal(users["coach_a"], candidate, make_opportunity(organisations["employer_a"]))


def _step(users, organisations, candidate):
    make_step(candidate, users["coach_a"], kind="intake")


def _decision(users, organisations, candidate):
    make_decision(candidate, users["coach_a"])


def _barrier(users, organisations, candidate):
    make_barrier(candidate, kind="childcare")


def _enrolment(users, organisations, candidate):
    make_enrolment(users["coach_a"], candidate, make_tryout(organisations["employer_a"]))


@pytest.mark.parametrize("record", [_proposal, _step, _decision, _barrier, _enrolment])
def test_coaching_recorded_recently_keeps_an_old_profile_off_the_retention_list(
        app, users, organisations, record):
    candidate = make_candidate(users["coach_a"], pseudonym="Begeleid", commit=True)
    record(users, organisations, candidate)
    _profile_untouched_for(candidate)
    assert _listed() == []


def test_an_answer_to_an_old_proposal_counts_as_activity(app, users, organisations):
    """Accepted on a course: the candidate is not placed (the profile stays as it
    was), but the provider's answer is recent coaching."""
    candidate = make_candidate(users["coach_a"], pseudonym="Cursist", commit=True)
    proposal = make_proposal(users["coach_a"], candidate, make_course(organisations["provider"]))
    proposal.updated_at = _days_ago(LONG_AGO)
    _profile_untouched_for(candidate, LONG_AGO + 10)
    assert _listed() == ["Cursist"]
    proposal_operations.answer_proposal(proposal, "hire", by=users["provider"],
                                        expected_version=proposal.version)
    db.session.commit()
    assert candidate.status == "active"
    assert _listed() == []


def test_the_list_goes_by_the_latest_activity_of_any_kind(app, users, organisations):
    """Both past the period: the one whose barrier is older comes first, and each
    shows the day of their latest activity, not of the profile's last change."""
    barrier_old = make_candidate(users["coach_a"], pseudonym="Drempel", commit=True)
    barrier = make_barrier(barrier_old)
    barrier.updated_at = _days_ago(790)
    _profile_untouched_for(barrier_old, 1000)
    profile_old = make_candidate(users["coach_a"], pseudonym="Profiel", commit=True)
    _profile_untouched_for(profile_old, 795)
    found = review_retention().candidates
    assert [c.pseudonym for c in found] == ["Profiel", "Drempel"]
    assert found[1].latest_activity_at == barrier.updated_at
    assert found[0].latest_activity_at == profile_old.last_activity_at


def test_the_list_is_one_statement_however_many_candidates_it_holds(app, users,
                                                                   organisations):
    opportunity = make_opportunity(organisations["employer_a"])
    for number in range(3):
        candidate = make_candidate(users["coach_a"], pseudonym=f"Oud {number}")
        make_proposal(users["coach_a"], candidate, opportunity).updated_at = _days_ago(900)
        make_barrier(candidate).updated_at = _days_ago(900)
        _profile_untouched_for(candidate, 900)
    db.session.expunge_all()
    with statements() as seen:
        found = inactive_candidates(_days_ago(730))
        days = {candidate.latest_activity_at.date() for candidate in found}
    assert len(found) == 3
    assert len([sql for sql in seen if sql.startswith("SELECT")]) == 1
    assert days == {_days_ago(900).date()}


def test_the_admins_list_shows_the_latest_activity_and_says_what_counts(
        app, users, organisations, login_as):
    candidate = make_candidate(users["coach_a"], pseudonym="Oud", commit=True)
    step = make_step(candidate, users["coach_a"])
    step.updated_at = _days_ago(750)
    _profile_untouched_for(candidate, 1200)
    page = login_as("admin").get("/candidates/retention").get_data(as_text=True)
    assert candidate.ref in page
    with app.test_request_context():
        assert format_day(step.updated_at) in page
        assert format_day(candidate.last_activity_at) not in page
    assert "geen voorstel" in page and "drempel" in page


def test_the_coachs_retention_news_reads_the_same_last_activity(app, users, organisations):
    """A profile near the end of the period, but a barrier recorded last week: nothing
    nears the retention review."""
    period = app.config["CANDIDATE_RETENTION_DAYS"]
    candidate = make_candidate(users["coach_a"], pseudonym="Bijna", commit=True)
    make_barrier(candidate).updated_at = _days_ago(7)
    _profile_untouched_for(candidate, period - 10)
    now = utcnow()
    with app.test_request_context():
        waiting = collect_news(users["coach_a"], now - timedelta(days=1), now).waiting
    assert [item for item in waiting if item.kind == "retention"] == []


def test_the_caseload_shows_the_latest_activity(app, users, organisations, login_as):
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    _profile_untouched_for(candidate, 400)
    make_enrolment(users["coach_a"], candidate, make_tryout(organisations["employer_a"]),
                   commit=True)
    page = login_as("coach_a").get("/candidates/").get_data(as_text=True)
    with app.test_request_context():
        assert format_day(utcnow()) in page
        assert format_day(candidate.last_activity_at) not in page
