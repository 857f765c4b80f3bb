"""The journey records of an export: barriers, trajectory decisions, trajectory steps
and try-out enrolments of live candidates, in the order of their ids (an import
creates rows in file order, so an export of the imported database is the same file).
Database ids and the moments rows were written are never in a line: an automatic
step's source names its proposal or try-out by ref (``journey.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.barriers.models import CandidateBarrier
from marketplace.candidates.models import Candidate
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.tryouts.models import TryoutEnrolment


def _without_empty(record: dict) -> dict:
    """Optional fields are left out when empty (absent and null read the same)."""
    return {key: value for key, value in record.items() if value is not None}


def journey_records() -> Iterator[dict]:
    live = dict(db.session.execute(
        select(Candidate.id, Candidate.ref).where(Candidate.status != "erased")).all())
    organisations = dict(db.session.execute(select(Organisation.id, Organisation.ref)).all())
    emails = dict(db.session.execute(select(User.id, User.email)).all())
    opportunities = dict(db.session.execute(select(Opportunity.id, Opportunity.ref)).all())

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    for b in db.session.scalars(select(CandidateBarrier).order_by(CandidateBarrier.id)):
        if b.candidate_id in live:
            yield _without_empty({
                "type": "barrier", "ref": b.ref, "candidate": live[b.candidate_id],
                "kind": b.kind, "status": b.status, "noted_on": day(b.noted_on),
                "solved_on": day(b.solved_on), "support": b.support,
                "referral": organisations.get(b.referral_organisation_id),
                "recorded_by": emails[b.recorded_by_id]})
    for d in db.session.scalars(select(TrajectoryDecision).order_by(TrajectoryDecision.id)):
        if d.candidate_id in live:
            yield _without_empty({
                "type": "trajectory_decision", "ref": d.ref, "candidate": live[d.candidate_id],
                "trajectory": d.trajectory, "decided_on": day(d.decided_on),
                "partner": organisations[d.partner_id], "note": d.note,
                "recorded_by": emails.get(d.recorded_by_id)})
    enrolments = list(db.session.scalars(
        select(TryoutEnrolment).order_by(TryoutEnrolment.opportunity_id,
                                         TryoutEnrolment.created_at, TryoutEnrolment.id)))
    for e in enrolments:
        if e.candidate_id in live:
            record = {"type": "tryout_enrolment", "tryout": opportunities[e.opportunity_id],
                      "candidate": live[e.candidate_id], "coach": emails[e.enrolled_by_id],
                      "status": e.status, "enrolled_at": _moment(e.created_at)}
            if e.moved_up_at is not None:
                record["moved_up_at"] = _moment(e.moved_up_at)
            yield record
    sources = _step_sources(enrolments, opportunities)
    for s in db.session.scalars(select(TrajectoryStep).order_by(TrajectoryStep.id)):
        if s.candidate_id in live:
            yield _without_empty({
                "type": "trajectory_step", "ref": s.ref, "candidate": live[s.candidate_id],
                "kind": s.kind, "started_on": day(s.started_on), "ended_on": day(s.ended_on),
                "organisation": organisations.get(s.organisation_id),
                "organisation_name": s.organisation_name, "dutch_level": s.dutch_level,
                "note": s.note, "recorded_by": emails.get(s.recorded_by_id),
                "source": sources.get(s.source_ref)})


def _moment(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _step_sources(enrolments, opportunities: dict[int, str]) -> dict[str, str]:
    """The site's ``source_ref`` -> the format's ``source`` (refs instead of ids)."""
    found = {f"tryout:{e.id}": f"tryout:{opportunities[e.opportunity_id]}" for e in enrolments}
    for proposal_id, ref in db.session.execute(select(Proposal.id, Proposal.ref)):
        found[f"proposal:{proposal_id}"] = f"proposal:{ref}"
    return found
