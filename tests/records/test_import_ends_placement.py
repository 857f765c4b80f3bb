"""A records import that takes a placed person out of ``placed`` ends the placement as
the profile form and "Undo placed" do (``candidates.operations.end_placement``): the
hires that placed them are marked undone, the steps they wrote leave the trajectory,
the history says "Plaatsing ongedaan gemaakt", by whoever uploaded the file, and it
counts as the candidate's last activity. A record that keeps ``placed`` undoes nothing;
a rejected file writes nothing. The import stays bulk: people who were not placed cost
it no statement more."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.candidates.placement import undo_placement
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.records.exporter import export_records
from marketplace.records.importer import RecordsRejected, import_records
from marketplace.records.operations import run_import, store_upload
from marketplace.records.reader import parse_lines
from marketplace.trajectories.queries import timeline_of
from tests.candidates.test_edit_flow_statements import statements
from tests.factories import hire, make_candidate, make_opportunity, make_proposal
from tests.proposals.test_undone_placement import PLACED_WORDING, employer_pages, pages


@pytest.fixture
def hired(app_ctx, organisations, users):
    """Coach A's Yonas, proposed for two opportunities of employer A and hired for the
    first (placed, with a job step). Returns the hire and the proposal still open."""
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    opportunity = make_opportunity(organisations["employer_a"], commit=True)
    other = make_opportunity(organisations["employer_a"], title="Magazijnier", commit=True)
    first = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    second = make_proposal(users["coach_a"], candidate, other, commit=True)
    hire(first, users["employer_a"])
    assert candidate.status == "placed" and second.placed_by_same_employer
    assert [step.kind for step in timeline_of(candidate.id)] == ["job"]
    return first, second


def candidate_records(*candidates, **changes) -> list[dict]:
    """The exported records of ``candidates`` with ``changes`` (a value of None leaves
    the field out), as a case system sends its people back."""
    refs = {candidate.ref for candidate in candidates}
    records = [r for r in export_records() if r["type"] == "candidate" and r["ref"] in refs]
    for record in records:
        for name, value in changes.items():
            record.pop(name, None)
            if value is not None:
                record[name] = value
    return records


def import_lines(records) -> None:
    import_records(parse_lines([json.dumps(record) for record in records]))
    db.session.commit()
    db.session.expire_all()


def events(candidate_id: int, action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.subject_id == candidate_id)
        .order_by(AuditEvent.id)).all()


@pytest.mark.parametrize("status", ["active", "paused", "left", None])
def test_an_import_that_ends_a_placement_undoes_the_hires(hired, status):
    first, _ = hired
    candidate = first.candidate
    import_lines(candidate_records(candidate, status=status))
    restored = status or "active"  # a record without a status makes them active
    assert (candidate.status, candidate.status_before_placed) == (restored, None)
    assert first.state == "hired" and first.placement_undone_at is not None
    assert timeline_of(candidate.id) == []
    [undone] = events(candidate.id, "candidate_placement_undone")
    assert undone.details == {"fields": ["status"], "version": candidate.version,
                              "restored": restored}
    assert undone.actor_id is None  # the command: nobody uploaded it
    assert events(candidate.id, "trajectory_step_withdrawn")
    # Importing the same file again ends nothing more.
    import_lines(candidate_records(candidate, status=status))
    assert len(events(candidate.id, "candidate_placement_undone")) == 1


def test_an_import_that_ends_a_placement_counts_as_activity(hired, users):
    # As the coach's undo and the profile form (``end_placement`` owns it): the moment
    # of the save that ended the placement is the candidate's last activity.
    first, open_one = hired
    candidate = first.candidate
    candidate.last_activity_at = utcnow() - timedelta(days=400)
    db.session.commit()
    started = utcnow()
    import_lines(candidate_records(candidate, status="paused"))
    assert candidate.status == "paused"
    assert candidate.last_activity_at == candidate.updated_at >= started
    [undone] = events(candidate.id, "candidate_placement_undone")
    assert undone.details["version"] == candidate.version
    # The undo button does the same.
    second = make_candidate(users["coach_a"], pseudonym="Sara", commit=True)
    proposal = make_proposal(users["coach_a"], second, open_one.opportunity, commit=True)
    hire(proposal, users["employer_a"])
    second.last_activity_at = utcnow() - timedelta(days=400)
    db.session.commit()
    undo_placement(second, by=users["coach_a"], expected_version=second.version)
    assert second.last_activity_at == second.updated_at >= started


def test_after_the_import_the_employer_pages_show_no_placed_wording(hired, login_as):
    first, second = hired
    import_lines(candidate_records(first.candidate, status="active"))
    assert not second.placed_elsewhere and str(first.placement) == "none"
    for url, language, page in pages(login_as("employer_a"), employer_pages(second)):
        assert "Yonas" in page, (url, language)
        assert not [word for word in PLACED_WORDING if word in page], (url, language)


def test_the_history_names_who_uploaded_the_file(hired, users, login_as):
    first, _ = hired
    candidate = first.candidate
    data = "\n".join(json.dumps(r) for r in candidate_records(candidate, status="paused"))
    upload = store_upload("terug.jsonl", data.encode(), uploaded_by=users["admin"])
    db.session.commit()
    assert run_import(upload.id) == "done"
    db.session.commit()
    [undone] = events(candidate.id, "candidate_placement_undone")
    assert undone.actor_id == users["admin"].id
    page = login_as("coach_a").get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Plaatsing ongedaan gemaakt" in page
    assert users["admin"].name in page


def test_a_record_that_keeps_placed_undoes_nothing(hired):
    first, _ = hired
    candidate = first.candidate
    import_lines(candidate_records(candidate, status="placed", postcode="2018"))
    assert candidate.status == "placed" and candidate.postcode == "2018"
    assert candidate.status_before_placed == "active"
    assert first.placement_undone_at is None
    assert [step.kind for step in timeline_of(candidate.id)] == ["job"]
    assert not events(candidate.id, "candidate_placement_undone")


def test_a_rejected_file_leaves_the_placement(hired):
    first, _ = hired
    candidate = first.candidate
    records = candidate_records(candidate, status="active")
    wrong = {**records[0], "ref": "cand-wrong", "coach": "nobody@example.org"}
    with pytest.raises(RecordsRejected):
        import_records(parse_lines([json.dumps(r) for r in [*records, wrong]]))
    db.session.rollback()
    db.session.expire_all()
    assert candidate.status == "placed" and first.placement_undone_at is None
    assert [step.kind for step in timeline_of(candidate.id)] == ["job"]


def _import_statements(records) -> list[str]:
    parsed = parse_lines([json.dumps(record) for record in records])
    assert not parsed.problems, parsed.problems
    with statements() as seen:
        import_records(parse_lines([json.dumps(record) for record in records]))
    db.session.rollback()
    return seen


def test_the_import_asks_nothing_more_for_candidates_that_were_not_placed(app_ctx, users):
    # Who leaves "placed" is known from the rows the import compares anyway: a file of
    # people never placed reads no hire, step or audit line.
    people = [make_candidate(users["coach_a"], pseudonym=f"Mo {n}", commit=True)
              for n in range(12)]
    seen = _import_statements(candidate_records(*people, status="paused"))
    assert [s for s in seen if "UPDATE candidate SET" in s]
    assert not [s for s in seen if any(table in s for table in (
        "proposal", "trajectory_step", "audit_event"))]
