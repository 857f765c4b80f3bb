"""Checking the records of a person's way to work (``journey_schema.py``): barriers,
trajectory decisions, trajectory steps and try-out enrolments (``journey_writer.py``
writes them).

What a line may not point to (each a problem of its line; the file is then not
written): a candidate, opportunity, organisation, proposal or coach that is neither in
the file nor in the database; a referral or a decision by an organisation that is not
a partner; a try-out enrolment in an opportunity that is not a try-out, attendance
marked before the session's day, more seats taken than the try-out has places; a
barrier, decision or manual step dated before the person's registration (the file's
``registered_on``, else the database's; a new candidate without one: today); two
barriers of one kind that are not solved for one person (in the file, or against one
the database holds under another ref); a ref that already names a row of another
candidate.

Barriers, decisions and manual steps are upserted by their ref, enrolments by their
try-out and candidate (one per pair). Automatic steps (written by the site from a hire
or an attendance) carry their ``source`` with refs, ``proposal:<proposal ref>`` or
``tryout:<try-out ref>``; the importer turns it back into the site's own source
(``proposal:<id>``, ``tryout:<enrolment id>``) and finds the step by its candidate and
source first: the site's step and the file's are one step, never two, whatever their
refs (the row keeps its own ref).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select

from marketplace.accounts.roles import OrganisationKind
from marketplace.barriers.models import CandidateBarrier
from marketplace.barriers.vocab import BarrierStatus
from marketplace.candidates.models import Candidate
from marketplace.db_types import local_date, local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal
from marketplace.records.bulk import BATCH
from marketplace.records.reader import ParsedFile, Problem
from marketplace.records.references import References
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.tryouts.models import TryoutEnrolment
from marketplace.tryouts.vocab import TAKES_SEAT, EnrolmentStatus

JOURNEY_TYPES = ("barrier", "trajectory_decision", "trajectory_step", "tryout_enrolment")


def _by_ref(model, columns, refs) -> dict:
    """Ref -> the other ``columns`` of the rows of ``model`` with those refs."""
    refs = list(dict.fromkeys(refs))
    found = {}
    for chunk in range(0, len(refs), BATCH):
        found.update({row[0]: tuple(row[1:]) for row in db.session.execute(
            select(model.ref, *columns).where(model.ref.in_(refs[chunk:chunk + BATCH])))})
    return found


class _Known:
    """What the journey lines may point to, from the file and the database."""

    def __init__(self, parsed: ParsedFile, ref: References):
        self.ref = ref
        self.file_candidates = {r.ref: r for _l, r in parsed.records["candidate"]}
        self.file_opportunities = {r.ref: r for _l, r in parsed.records["opportunity"]}
        self.file_proposals = {r.ref: r for _l, r in parsed.records["proposal"]}
        self.file_enrolments = {(r.tryout, r.candidate)
                                for _l, r in parsed.records["tryout_enrolment"]}
        journey = [r for kind in JOURNEY_TYPES for _l, r in parsed.records[kind]]
        self.candidates = _by_ref(Candidate, (Candidate.id, Candidate.created_at),
                                  [r.candidate for r in journey])
        tryouts = [r.tryout for _l, r in parsed.records["tryout_enrolment"]]
        sources = [r.source for _l, r in parsed.records["trajectory_step"] if r.source]
        tryouts += [s.partition(":")[2] for s in sources if s.startswith("tryout:")]
        self.opportunities = _by_ref(
            Opportunity, (Opportunity.id, Opportunity.kind, Opportunity.places,
                          Opportunity.session_on), tryouts)
        self.proposals = _by_ref(
            Proposal, (Proposal.id, Proposal.candidate_id),
            [s.partition(":")[2] for s in sources if s.startswith("proposal:")])

    def enrolled(self, tryout_ref: str, candidate_ref: str) -> bool:
        """Whether the candidate has an enrolment in the try-out (file or database)."""
        if (tryout_ref, candidate_ref) in self.file_enrolments:
            return True
        return db.session.scalar(
            select(TryoutEnrolment.id)
            .join(Opportunity, Opportunity.id == TryoutEnrolment.opportunity_id)
            .join(Candidate, Candidate.id == TryoutEnrolment.candidate_id)
            .where(Opportunity.ref == tryout_ref, Candidate.ref == candidate_ref)) is not None

    def registered_on(self, candidate_ref: str) -> dt.date | None:
        """The day the candidate was registered: the file's ``registered_on``, else the
        database's, else today (a new candidate); None for an unknown candidate."""
        record = self.file_candidates.get(candidate_ref)
        if record is not None and record.registered_on is not None:
            return record.registered_on
        if candidate_ref in self.candidates:
            return local_date(self.candidates[candidate_ref][1])
        return local_today() if record is not None else None

    def candidate(self, candidate_ref: str) -> bool:
        return candidate_ref in self.file_candidates or candidate_ref in self.candidates

    def coach(self, email: str | None) -> bool:
        email = (email or "").lower()
        return email in self.ref.file_coaches or email in self.ref.coaches

    def organisation_kind(self, organisation_ref: str):
        return self.ref.organisation_kinds.get(organisation_ref)

    def tryout(self, opportunity_ref: str):
        """(kind, places, session day) of an opportunity in the file or the database."""
        if opportunity_ref in self.file_opportunities:
            r = self.file_opportunities[opportunity_ref]
            return r.kind, r.places, r.session_on
        found = self.opportunities.get(opportunity_ref)
        return found[1:] if found else None

    def proposal_candidate(self, proposal_ref: str) -> str | None:
        if proposal_ref in self.file_proposals:
            return self.file_proposals[proposal_ref].candidate
        found = self.proposals.get(proposal_ref)
        if found is None:
            return None
        return db.session.scalar(select(Candidate.ref).where(Candidate.id == found[1]))


def check_journey(parsed: ParsedFile, ref: References) -> list[Problem]:
    """The problems of the journey lines (module docstring)."""
    if not any(parsed.records[kind] for kind in JOURNEY_TYPES):
        return []
    known = _Known(parsed, ref)
    problems: list[Problem] = []

    def need(line: int, ok: bool, message: str) -> None:
        if not ok:
            problems.append(Problem(line, message))

    for kind in JOURNEY_TYPES:
        for line, r in parsed.records[kind]:
            need(line, known.candidate(r.candidate),
                 f"{kind}: unknown candidate {r.candidate!r}")
    for kind, field in (("barrier", "noted_on"), ("trajectory_decision", "decided_on"),
                        ("trajectory_step", "started_on")):
        for line, r in parsed.records[kind]:
            registered = known.registered_on(r.candidate)
            day = getattr(r, field)
            manual = kind != "trajectory_step" or r.source is None
            need(line, not manual or registered is None or day >= registered,
                 f"{kind} {r.ref!r}: {field} {day.isoformat()} is before candidate "
                 f"{r.candidate!r} was registered ({registered})")
    _check_barriers(parsed, known, need)
    for line, r in parsed.records["trajectory_decision"]:
        need(line, known.organisation_kind(r.partner) == OrganisationKind.PARTNER,
             f"trajectory_decision {r.ref!r}: {r.partner!r} is not a partner organisation "
             "in the file or the database")
        need(line, r.recorded_by is None or known.coach(r.recorded_by),
             f"trajectory_decision {r.ref!r}: unknown coach {r.recorded_by}")
    for line, r in parsed.records["trajectory_step"]:
        need(line, r.organisation is None or known.organisation_kind(r.organisation) is not None,
             f"trajectory_step {r.ref!r}: unknown organisation {r.organisation!r}")
        need(line, r.recorded_by is None or known.coach(r.recorded_by),
             f"trajectory_step {r.ref!r}: unknown coach {r.recorded_by}")
        if r.source:
            _check_source(line, r, known, need)
    _check_enrolments(parsed, known, need)
    problems += _refs_of_other_candidates(parsed, known)
    return problems


def _check_barriers(parsed, known: _Known, need) -> None:
    first_open: dict[tuple[str, str], int] = {}
    for line, r in parsed.records["barrier"]:
        need(line, known.coach(r.recorded_by),
             f"barrier {r.ref!r}: recorded_by {r.recorded_by} is not a coach in the file or "
             "the database")
        need(line, r.referral is None
             or known.organisation_kind(r.referral) == OrganisationKind.PARTNER,
             f"barrier {r.ref!r}: referral {r.referral!r} is not a partner organisation")
        if r.status != BarrierStatus.SOLVED:
            first = first_open.setdefault((r.candidate, r.kind), line)
            need(line, first == line, f"barrier {r.ref!r}: candidate {r.candidate!r} already "
                                      f"has a {r.kind} barrier that is not solved (line {first})")
    _open_barriers_in_database(parsed, known, need)


def _open_barriers_in_database(parsed, known: _Known, need) -> None:
    """A barrier not solved whose kind the person already has open in the database under
    another ref (that the file does not solve)."""
    records = [(line, r) for line, r in parsed.records["barrier"]
               if r.status != BarrierStatus.SOLVED and r.candidate in known.candidates]
    if not records:
        return
    in_file = {r.ref: r for _l, r in parsed.records["barrier"]}
    ids = {known.candidates[r.candidate][0]: r.candidate for _l, r in records}
    stored: dict[tuple[str, str], str] = {}
    id_list = list(ids)
    for chunk in range(0, len(id_list), BATCH):
        for candidate_id, kind, own_ref in db.session.execute(
                select(CandidateBarrier.candidate_id, CandidateBarrier.kind, CandidateBarrier.ref)
                .where(CandidateBarrier.candidate_id.in_(id_list[chunk:chunk + BATCH]),
                       CandidateBarrier.status != BarrierStatus.SOLVED)):
            other = in_file.get(own_ref)
            if other is None or other.status != BarrierStatus.SOLVED:
                stored[(ids[candidate_id], kind)] = own_ref
    for line, r in records:
        own = stored.get((r.candidate, r.kind))
        need(line, own is None or own == r.ref,
             f"barrier {r.ref!r}: candidate {r.candidate!r} already has a {r.kind} barrier "
             f"that is not solved ({own!r})")


def _check_source(line: int, r, known: _Known, need) -> None:
    what, _colon, target = r.source.partition(":")
    if what == "proposal":
        owner = known.proposal_candidate(target)
        need(line, owner is not None, f"trajectory_step {r.ref!r}: unknown proposal {target!r}")
        need(line, owner is None or owner == r.candidate,
             f"trajectory_step {r.ref!r}: proposal {target!r} is of another candidate")
    else:
        facts = known.tryout(target)
        need(line, facts is not None and facts[0] == "tryout",
             f"trajectory_step {r.ref!r}: {target!r} is not a try-out")
        need(line, known.enrolled(target, r.candidate),
             f"trajectory_step {r.ref!r}: candidate {r.candidate!r} has no enrolment in "
             f"{target!r} in the file or the database")


def _check_enrolments(parsed, known: _Known, need) -> None:
    seats: Counter = Counter()
    last_line: dict[str, int] = {}
    today = local_today()
    for line, r in parsed.records["tryout_enrolment"]:
        facts = known.tryout(r.tryout)
        need(line, facts is not None and facts[0] == "tryout",
             f"tryout_enrolment: {r.tryout!r} is not a try-out in the file or the database")
        need(line, known.coach(r.coach),
             f"tryout_enrolment: coach {r.coach} is not a coach in the file or the database")
        if facts is None or facts[0] != "tryout":
            continue
        marked = r.status in (EnrolmentStatus.ATTENDED, EnrolmentStatus.ABSENT)
        need(line, not marked or (facts[2] is not None and facts[2] <= today),
             f"tryout_enrolment: attendance in {r.tryout!r} is marked before its session")
        if r.status in TAKES_SEAT:
            seats[r.tryout] += 1
            last_line[r.tryout] = line
    for tryout, taken in seats.items():
        places = known.tryout(tryout)[1]
        need(last_line[tryout], taken <= places,
             f"tryout_enrolment: {tryout!r} has {places} place(s) but {taken} enrolments "
             "take a seat")


def _refs_of_other_candidates(parsed, known: _Known) -> list[Problem]:
    problems = []
    for kind, model in (("barrier", CandidateBarrier), ("trajectory_decision", TrajectoryDecision),
                        ("trajectory_step", TrajectoryStep)):
        records = parsed.records[kind]
        stored = _by_ref(model, (model.candidate_id,), [r.ref for _l, r in records])
        candidate_refs = dict(db.session.execute(select(Candidate.id, Candidate.ref).where(
            Candidate.id.in_({row[0] for row in stored.values()}))).all()) if stored else {}
        owners = {key: candidate_refs.get(row[0]) for key, row in stored.items()}
        for line, r in records:
            if owners.get(r.ref, r.candidate) != r.candidate:
                problems.append(Problem(line, f"{kind} {r.ref!r}: the ref already names a "
                                              f"{kind} of another candidate"))
    return problems
