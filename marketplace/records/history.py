"""A partner's history in the interchange format: past proposals with their outcome
(``proposal`` records) and the candidates shown for an opportunity (``suggestion_list``
records), checked against the file and the database, then written.

What a line may not say (each a problem of its line; the file is then not written):
a candidate, opportunity or coach that is neither in the file nor in the database; a
proposal into an opportunity still in draft (it was never offered); a proposal by a
coach of another partnership than the candidate's (the candidate's organisation is
their coach's, in the file or in the database); the same candidate and opportunity
twice (in the file, or against a proposal of another ref in the database); a ref that
already names a proposal of another pair; more hires than the opportunity has places.
Dates in the future, unknown outcomes and decline reasons are refused by the schema.

Proposals are real proposals (``proposal`` and its ``proposal_event`` history, dated
with the given days at noon UTC); "invited" is the site's ``interview``, and the
``interview`` the employer planned is the proposal's open interview
(``interview_records.py``). Importing the
same ref again changes only what differs: a new outcome adds its event. A suggestion
list is one ``history_list`` per opportunity and day; importing it again replaces its
candidates when they differ.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import User
from marketplace.accounts.operations import normalise_email
from marketplace.accounts.roles import Role
from marketplace.candidates.models import Candidate
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal, ProposalEvent
from marketplace.proposals.vocab import ProposalState
from marketplace.ranking.models import HistoryList, HistoryListEntry
from marketplace.records.bulk import BATCH
from marketplace.records.interview_records import apply_interview
from marketplace.records.reader import ParsedFile, Problem
from marketplace.records.references import References

#: The format's outcome -> the site's proposal state.
STATE_OF_OUTCOME = {
    "proposed": ProposalState.PROPOSED,
    "invited": ProposalState.INTERVIEW,
    "hired": ProposalState.HIRED,
    "declined": ProposalState.DECLINED,
    "withdrawn": ProposalState.WITHDRAWN,
    "waiting_list": ProposalState.WAITING_LIST,  # a training provider's waiting list
}
OUTCOME_OF_STATE = {state: outcome for outcome, state in STATE_OF_OUTCOME.items()}


def _chunked_map(query_of, keys) -> dict:
    keys = list(dict.fromkeys(keys))
    found = {}
    for chunk in range(0, len(keys), BATCH):
        found.update({row[0]: row[1:] for row in db.session.execute(
            query_of(keys[chunk:chunk + BATCH]))})
    return found


def _stored_candidates(refs) -> dict[str, tuple]:
    """Ref -> (id, organisation id) of live candidates."""
    return _chunked_map(lambda chunk: select(
        Candidate.ref, Candidate.id, Candidate.organisation_id).where(Candidate.ref.in_(chunk)),
        refs)


def _stored_opportunities(refs) -> dict[str, tuple]:
    """Ref -> (id, status, places)."""
    return _chunked_map(lambda chunk: select(
        Opportunity.ref, Opportunity.id, Opportunity.status, Opportunity.places)
        .where(Opportunity.ref.in_(chunk)), refs)


def _stored_proposals(refs) -> dict[str, tuple]:
    """Ref -> (candidate id, opportunity id)."""
    return _chunked_map(lambda chunk: select(
        Proposal.ref, Proposal.candidate_id, Proposal.opportunity_id)
        .where(Proposal.ref.in_(chunk)), refs)


def check_history(parsed: ParsedFile, ref: References) -> list[Problem]:
    """The problems of the proposal and suggestion_list lines (module docstring)."""
    proposals = parsed.records["proposal"]
    lists = parsed.records["suggestion_list"]
    if not proposals and not lists:
        return []
    problems: list[Problem] = []

    def need(line: int, ok: bool, message: str) -> None:
        if not ok:
            problems.append(Problem(line, message))

    file_candidates = {r.ref: r for _l, r in parsed.records["candidate"]}
    file_opportunities = {r.ref: r for _l, r in parsed.records["opportunity"]}
    candidate_refs = [r.candidate for _l, r in proposals]
    candidate_refs += [c for _l, r in lists for c in r.candidates]
    stored_candidates = _stored_candidates(candidate_refs)
    stored_opportunities = _stored_opportunities(
        [r.opportunity for _l, r in proposals] + [r.opportunity for _l, r in lists])

    def organisation_key(organisation_ref: str):
        known = ref.organisations.get(organisation_ref)
        return ("id", known) if known is not None else ("ref", organisation_ref)

    def coach_organisation(email: str):
        email = email.lower()
        if email in ref.file_coaches:
            return organisation_key(ref.file_coaches[email].organisation)
        return ("id", coach_organisations.get(email))

    coach_organisations = dict(db.session.execute(
        select(User.email, User.organisation_id).where(User.role == Role.COACH)).all())

    def candidate_organisation(candidate_ref: str):
        if candidate_ref in file_candidates:
            return coach_organisation(file_candidates[candidate_ref].coach)
        return ("id", stored_candidates[candidate_ref][1])

    def opportunity_facts(opportunity_ref: str):
        """(status, places) from the file, else from the database."""
        if opportunity_ref in file_opportunities:
            record = file_opportunities[opportunity_ref]
            return record.status, record.places
        return stored_opportunities[opportunity_ref][1:]

    def known_candidate(candidate_ref: str) -> bool:
        return candidate_ref in file_candidates or candidate_ref in stored_candidates

    def known_opportunity(opportunity_ref: str) -> bool:
        return opportunity_ref in file_opportunities or opportunity_ref in stored_opportunities

    stored = _stored_proposals([r.ref for _l, r in proposals])
    first_line_of_pair: dict[tuple[str, str], int] = {}
    hires: Counter = Counter()
    for line, r in proposals:
        candidate_ok = known_candidate(r.candidate)
        opportunity_ok = known_opportunity(r.opportunity)
        coach = ref.coaches.get(r.coach.lower())
        coach_ok = r.coach.lower() in ref.file_coaches or (
            coach is not None and coach[1] == Role.COACH)
        need(line, candidate_ok, f"proposal {r.ref!r}: unknown candidate {r.candidate!r}")
        need(line, opportunity_ok, f"proposal {r.ref!r}: unknown opportunity {r.opportunity!r}")
        need(line, coach_ok,
             f"proposal {r.ref!r}: coach {r.coach} is not a coach in the file or the database")
        pair = (r.candidate, r.opportunity)
        first = first_line_of_pair.setdefault(pair, line)
        need(line, first == line, f"proposal {r.ref!r}: candidate {r.candidate!r} was already "
                                  f"proposed for opportunity {r.opportunity!r} on line {first}")
        if opportunity_ok:
            status, _places = opportunity_facts(r.opportunity)
            need(line, status != "draft",
                 f"proposal {r.ref!r}: opportunity {r.opportunity!r} is a draft, never "
                 f"offered: it cannot have a proposal ({r.outcome})")
            if r.outcome == "hired":
                hires[r.opportunity] += 1
        if candidate_ok and coach_ok:
            need(line, coach_organisation(r.coach) == candidate_organisation(r.candidate),
                 f"proposal {r.ref!r}: coach {r.coach} is of another partnership than "
                 f"candidate {r.candidate!r}")
        if r.ref in stored and candidate_ok and opportunity_ok \
                and r.candidate in stored_candidates and r.opportunity in stored_opportunities:
            same = stored[r.ref] == (stored_candidates[r.candidate][0],
                                     stored_opportunities[r.opportunity][0])
            need(line, same, f"proposal {r.ref!r}: the ref already names a proposal of "
                             "another candidate or opportunity")
        elif r.ref in stored:
            need(line, False, f"proposal {r.ref!r}: the ref already names a proposal of "
                              "another candidate or opportunity")
    problems += _pairs_taken_in_database(proposals, stored_candidates, stored_opportunities)
    problems += _too_many_hires(proposals, hires, opportunity_facts, stored_opportunities)
    for line, r in lists:
        need(line, known_opportunity(r.opportunity),
             f"suggestion_list: unknown opportunity {r.opportunity!r}")
        unknown = [c for c in r.candidates if not known_candidate(c)]
        need(line, not unknown,
             "suggestion_list: unknown candidate(s) " + ", ".join(map(repr, unknown)))
    return problems


def _pairs_taken_in_database(proposals, stored_candidates, stored_opportunities):
    """A pair the database already holds under another ref (or made on the site)."""
    pairs = {(stored_candidates[r.candidate][0], stored_opportunities[r.opportunity][0]):
             (line, r) for line, r in proposals
             if r.candidate in stored_candidates and r.opportunity in stored_opportunities}
    if not pairs:
        return []
    candidate_ids = sorted({pair[0] for pair in pairs})
    problems = []
    for chunk in range(0, len(candidate_ids), BATCH):
        for cid, oid, own_ref in db.session.execute(
                select(Proposal.candidate_id, Proposal.opportunity_id, Proposal.ref)
                .where(Proposal.candidate_id.in_(candidate_ids[chunk:chunk + BATCH]))):
            found = pairs.get((cid, oid))
            if found is not None and found[1].ref != own_ref:
                line, r = found
                problems.append(Problem(line, f"proposal {r.ref!r}: candidate {r.candidate!r} "
                                              f"was already proposed for opportunity "
                                              f"{r.opportunity!r} (proposal {own_ref!r})"))
    return problems


def _too_many_hires(proposals, hires: Counter, opportunity_facts, stored_opportunities):
    """Hires in the file plus those already stored (under other refs) beyond the places."""
    file_refs = {r.ref for _l, r in proposals}
    problems = []
    last_line = {r.opportunity: line for line, r in proposals if r.outcome == "hired"}
    for opportunity_ref, count in hires.items():
        _status, places = opportunity_facts(opportunity_ref)
        stored = stored_opportunities.get(opportunity_ref)
        if stored is not None:
            count += sum(1 for own_ref in db.session.scalars(
                select(Proposal.ref).where(Proposal.opportunity_id == stored[0],
                                           Proposal.state == ProposalState.HIRED))
                if own_ref not in file_refs)
        if count > places:
            problems.append(Problem(last_line[opportunity_ref],
                                    f"proposal: opportunity {opportunity_ref!r} has {places} "
                                    f"place(s) but {count} hires"))
    return problems


# --- writing -----------------------------------------------------------------------------


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def write_proposals(parsed: ParsedFile, summary) -> None:
    """Create or update the file's proposals with their event history (module docstring)."""
    records = parsed.records["proposal"]
    if not records:
        return
    candidates = {ref: row[0] for ref, row in _stored_candidates(
        [r.candidate for _l, r in records]).items()}
    opportunities = {ref: row[0] for ref, row in _stored_opportunities(
        [r.opportunity for _l, r in records]).items()}
    coaches = dict(db.session.execute(
        select(User.email, User.id).where(User.role == Role.COACH)).all())
    existing = {p.ref: p for chunk in range(0, len(records), BATCH)
                for p in db.session.scalars(select(Proposal).options(
                    selectinload(Proposal.interviews)).where(Proposal.ref.in_(
                    [r.ref for _l, r in records[chunk:chunk + BATCH]])))}
    for _line, r in records:
        state = STATE_OF_OUTCOME[r.outcome]
        coach_id = coaches[normalise_email(r.coach)]
        decided = _noon(r.decided_on or r.proposed_on)
        values = {"coach_id": coach_id, "motivation": r.motivation,
                  "candidate_agreed_on": r.proposed_on, "state": state,
                  "decline_reason": r.decline_reason}
        proposal = existing.get(r.ref)
        # The employer's note goes with a decline; a file without one keeps what the
        # site holds.
        kept_note = proposal.decline_note if proposal is not None else None
        values["decline_note"] = (r.decline_note or None if "decline_note" in r.model_fields_set
                                  else kept_note) if state == ProposalState.DECLINED else None
        if proposal is None:
            proposal = Proposal(ref=r.ref, candidate_id=candidates[r.candidate],
                                opportunity_id=opportunities[r.opportunity],
                                created_at=_noon(r.proposed_on), updated_at=decided, **values)
            proposal.events.append(ProposalEvent(from_state=None, to_state=ProposalState.PROPOSED,
                                                 actor_id=coach_id, at=_noon(r.proposed_on)))
            if state != ProposalState.PROPOSED:
                proposal.events.append(ProposalEvent(
                    from_state=ProposalState.PROPOSED, to_state=state, at=decided))
            apply_interview(proposal, r)
            db.session.add(proposal)
            summary.created["proposal"] += 1
        elif any(getattr(proposal, name) != value for name, value in values.items()):
            if proposal.state != state:
                proposal.events.append(ProposalEvent(from_state=proposal.state, to_state=state,
                                                     at=decided))
            for name, value in values.items():
                setattr(proposal, name, value)
            proposal.updated_at = decided
            apply_interview(proposal, r)
            summary.updated["proposal"] += 1
        elif apply_interview(proposal, r):
            summary.updated["proposal"] += 1
        else:
            summary.unchanged["proposal"] += 1
    db.session.flush()


def write_suggestion_lists(parsed: ParsedFile, summary) -> None:
    """One ``history_list`` per opportunity and day, its candidates in the file's order."""
    records = parsed.records["suggestion_list"]
    if not records:
        return
    candidates = {ref: row[0] for ref, row in _stored_candidates(
        [c for _l, r in records for c in r.candidates]).items()}
    opportunities = {ref: row[0] for ref, row in _stored_opportunities(
        [r.opportunity for _l, r in records]).items()}
    existing = {(h.opportunity_id, h.shown_on): h for h in db.session.scalars(
        select(HistoryList).where(HistoryList.opportunity_id.in_(set(opportunities.values()))))}
    for _line, r in records:
        wanted = [candidates[c] for c in r.candidates]
        history = existing.get((opportunities[r.opportunity], r.shown_on))
        if history is None:
            history = HistoryList(opportunity_id=opportunities[r.opportunity],
                                  shown_on=r.shown_on)
            db.session.add(history)
            summary.created["suggestion_list"] += 1
        elif [entry.candidate_id for entry in history.entries] == wanted:
            summary.unchanged["suggestion_list"] += 1
            continue
        else:
            history.entries.clear()
            db.session.flush()  # the old positions go before the new ones come
            summary.updated["suggestion_list"] += 1
        history.entries.extend(HistoryListEntry(position=number, candidate_id=candidate_id)
                               for number, candidate_id in enumerate(wanted, start=1))
    db.session.flush()
