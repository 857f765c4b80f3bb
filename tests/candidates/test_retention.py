"""``flask candidates inactive``: candidates without activity for longer than the
retention period, listed for review."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.candidates import erasure
from marketplace.db_types import utcnow
from marketplace.extensions import db


def _inactive_for(candidate, days: int):
    candidate.last_activity_at = utcnow() - timedelta(days=days)
    db.session.commit()
    return candidate


def test_inactive_lists_candidates_older_than_the_configured_period(app, make_candidate):
    old = _inactive_for(make_candidate(pseudonym="Oud"), 800)
    _inactive_for(make_candidate("coach_b", pseudonym="Recent"), 100)
    result = app.test_cli_runner().invoke(args=["candidates", "inactive"])
    assert result.exit_code == 0, result.output
    assert "1 candidate(s) inactive for more than 730 days" in result.output
    header, line = result.output.splitlines()[1:]
    assert header.split()[:3] == ["id", "last", "activity"]
    assert line.split()[0] == str(old.id)
    assert "coach.a@test.example" in line and "Partner A Coaching" in line and "Oud" in line
    assert "Recent" not in result.output


def test_inactive_takes_the_number_of_days(app, make_candidate):
    _inactive_for(make_candidate(pseudonym="Oud"), 800)
    _inactive_for(make_candidate(pseudonym="Recent"), 100)
    result = app.test_cli_runner().invoke(args=["candidates", "inactive", "--days", "90"])
    assert "2 candidate(s) inactive for more than 90 days" in result.output
    refused = app.test_cli_runner().invoke(args=["candidates", "inactive", "--days", "0"])
    assert refused.exit_code != 0


def test_inactive_leaves_out_erased_candidates_and_is_audited(app, make_candidate):
    erased = make_candidate(pseudonym="Gewist")
    with app.test_request_context():
        erasure.erase_candidate(erased, reason="retention")
    _inactive_for(erased, 900)
    result = app.test_cli_runner().invoke(args=["candidates", "inactive"])
    assert "No candidates inactive for more than 730 days." in result.output
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "candidate_retention_review")
    )
    assert event.details == {"days": 730, "count": 0}


def test_the_retention_period_comes_from_the_configuration(app, make_candidate):
    _inactive_for(make_candidate(pseudonym="Oud"), 200)
    app.config["CANDIDATE_RETENTION_DAYS"] = 180
    try:
        result = app.test_cli_runner().invoke(args=["candidates", "inactive"])
    finally:
        app.config["CANDIDATE_RETENTION_DAYS"] = 730
    assert "1 candidate(s) inactive for more than 180 days" in result.output
