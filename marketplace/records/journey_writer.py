"""Writing the journey records of a checked file (see ``journey.py`` for the rules):
after organisations, coaches, opportunities, candidates and proposals, so that every
ref a line names has its row. Rows are compared first and only what differs is
written (an export imported back changes nothing, not even a version).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.barriers.models import CandidateBarrier
from marketplace.candidates.models import Candidate
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal
from marketplace.records.reader import ParsedFile
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.trajectories.vocab import StepSource
from marketplace.tryouts.models import TryoutEnrolment
from marketplace.tryouts.vocab import EnrolmentStatus


class _Ids:
    """Refs and e-mails -> ids, read once."""

    def __init__(self):
        self.candidates = dict(db.session.execute(
            select(Candidate.ref, Candidate.id).where(Candidate.ref.is_not(None))).all())
        self.organisations = dict(db.session.execute(
            select(Organisation.ref, Organisation.id)).all())
        self.users = {email.lower(): id_ for email, id_ in db.session.execute(
            select(User.email, User.id))}
        self.opportunities = dict(db.session.execute(
            select(Opportunity.ref, Opportunity.id)).all())

    def user(self, email: str | None) -> int | None:
        return None if email is None else self.users[email.lower()]

    def organisation(self, ref: str | None) -> int | None:
        return None if ref is None else self.organisations[ref]


def write_journey(parsed: ParsedFile, summary) -> None:
    if not any(parsed.records[kind] for kind in
               ("barrier", "trajectory_decision", "trajectory_step", "tryout_enrolment")):
        return
    ids = _Ids()
    now = utcnow()
    _write_by_ref(parsed, summary, "barrier", CandidateBarrier, now, lambda r: {
        "candidate_id": ids.candidates[r.candidate], "kind": r.kind, "status": r.status,
        "noted_on": r.noted_on, "solved_on": r.solved_on, "support": r.support,
        "referral_organisation_id": ids.organisation(r.referral),
        "recorded_by_id": ids.user(r.recorded_by)})
    _write_by_ref(parsed, summary, "trajectory_decision", TrajectoryDecision, None, lambda r: {
        "candidate_id": ids.candidates[r.candidate], "trajectory": r.trajectory,
        "decided_on": r.decided_on, "partner_id": ids.organisations[r.partner],
        "note": r.note, "recorded_by_id": ids.user(r.recorded_by)})
    enrolments = _write_enrolments(parsed, summary, ids, now)
    sources = _site_sources(parsed, enrolments)
    _write_by_ref(parsed, summary, "trajectory_step", TrajectoryStep, now, lambda r: {
        "candidate_id": ids.candidates[r.candidate], "kind": r.kind,
        "started_on": r.started_on, "ended_on": r.ended_on,
        "organisation_id": ids.organisation(r.organisation),
        "organisation_name": r.organisation_name, "dutch_level": r.dutch_level,
        "note": r.note, "recorded_by_id": ids.user(r.recorded_by),
        "source": StepSource.MANUAL if r.source is None else StepSource.AUTOMATIC,
        "source_ref": sources.get(r.ref)}, same_source=True)
    db.session.flush()


def _site_sources(parsed, enrolments: dict[tuple[int, int], int]) -> dict[str, str]:
    """Step ref -> the site's ``source_ref`` (``proposal:<id>``, ``tryout:<enrolment id>``)."""
    steps = [r for _l, r in parsed.records["trajectory_step"] if r.source]
    proposal_refs = [r.source.partition(":")[2] for r in steps if r.source.startswith("proposal:")]
    proposals = dict(db.session.execute(
        select(Proposal.ref, Proposal.id).where(Proposal.ref.in_(proposal_refs))).all()
    ) if proposal_refs else {}
    candidates = dict(db.session.execute(select(Candidate.ref, Candidate.id).where(
        Candidate.ref.in_([r.candidate for r in steps]))).all()) if steps else {}
    opportunities = dict(db.session.execute(select(Opportunity.ref, Opportunity.id)).all())
    found = {}
    for r in steps:
        what, _colon, target = r.source.partition(":")
        if what == "proposal":
            found[r.ref] = f"proposal:{proposals[target]}"
        else:
            pair = (opportunities[target], candidates[r.candidate])
            enrolment = enrolments.get(pair) or db.session.scalar(
                select(TryoutEnrolment.id).where(TryoutEnrolment.opportunity_id == pair[0],
                                                 TryoutEnrolment.candidate_id == pair[1]))
            found[r.ref] = f"tryout:{enrolment}"  # the check made sure there is one
    return found


def _write_by_ref(parsed, summary, kind: str, model, now, values_of, *,
                  same_source: bool = False) -> None:
    """Create or update the rows of ``kind`` by ref; an automatic step is found by its
    candidate and source first (``same_source``)."""
    records = parsed.records[kind]
    if not records:
        return
    existing = {row.ref: row for row in db.session.scalars(
        select(model).where(model.ref.in_([r.ref for _l, r in records])))}
    for _line, r in records:
        values = values_of(r)
        row = existing.get(r.ref)
        if row is None and same_source and values["source_ref"] is not None:
            row = db.session.scalar(select(model).where(
                model.candidate_id == values["candidate_id"],
                model.source_ref == values["source_ref"]))
        if row is None:
            db.session.add(model(ref=r.ref, **values))
            summary.created[kind] += 1
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            if now is not None:
                row.updated_at = now
            summary.updated[kind] += 1
        else:
            summary.unchanged[kind] += 1
    db.session.flush()


def _write_enrolments(parsed, summary, ids: _Ids, now) -> dict[tuple[int, int], int]:
    """Enrolments by try-out and candidate; returns (opportunity id, candidate id) -> id."""
    records = parsed.records["tryout_enrolment"]
    if not records:
        return {}
    pairs = {(ids.opportunities[r.tryout], ids.candidates[r.candidate]) for _l, r in records}
    existing = {(e.opportunity_id, e.candidate_id): e for e in db.session.scalars(
        select(TryoutEnrolment).where(TryoutEnrolment.opportunity_id.in_(
            {pair[0] for pair in pairs})))}
    for _line, r in records:
        pair = (ids.opportunities[r.tryout], ids.candidates[r.candidate])
        enrolled_at = r.enrolled_at.astimezone(dt.UTC)
        values = {"enrolled_by_id": ids.user(r.coach), "status": r.status}
        row = existing.get(pair)
        moved_up = _moved_up_at(r, row)
        if row is None:
            row = TryoutEnrolment(opportunity_id=pair[0], candidate_id=pair[1],
                                  created_at=enrolled_at, updated_at=enrolled_at,
                                  moved_up_at=moved_up, **values)
            _stamp(row, r.status, now)
            db.session.add(row)
            existing[pair] = row
            summary.created["tryout_enrolment"] += 1
        elif any(getattr(row, name) != value for name, value in values.items()) \
                or _seconds(row.created_at) != _seconds(enrolled_at) \
                or _seconds(row.moved_up_at) != _seconds(moved_up):
            for name, value in values.items():
                setattr(row, name, value)
            row.created_at = enrolled_at
            if _seconds(row.moved_up_at) != _seconds(moved_up):
                row.moved_up_at = moved_up
            row.updated_at = now
            _stamp(row, r.status, now)
            summary.updated["tryout_enrolment"] += 1
        else:
            summary.unchanged["tryout_enrolment"] += 1
    db.session.flush()
    return {pair: row.id for pair, row in existing.items()}


def _seconds(moment: dt.datetime | None) -> dt.datetime | None:
    """A moment as the file carries it (whole seconds)."""
    return moment.replace(microsecond=0) if moment is not None else None


def _moved_up_at(record, row: TryoutEnrolment | None) -> dt.datetime | None:
    """The record's ``moved_up_at`` in UTC; absent, the row's own (none on a new row). An
    enrolment back on the waiting list has none, as the site's enrol form leaves it."""
    if record.status == EnrolmentStatus.WAITING:
        return None
    if "moved_up_at" in record.model_fields_set:
        return record.moved_up_at.astimezone(dt.UTC) if record.moved_up_at else None
    return row.moved_up_at if row is not None else None


def _stamp(row: TryoutEnrolment, status: str, now) -> None:
    """The moments the site keeps with a status (cancelled, marked) where not set."""
    row.cancelled_at = (row.cancelled_at or now) if status == EnrolmentStatus.CANCELLED else None
    if status in (EnrolmentStatus.ATTENDED, EnrolmentStatus.ABSENT):
        row.marked_at = row.marked_at or now
