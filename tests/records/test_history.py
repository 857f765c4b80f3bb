"""A partner's history in the records: past proposals and suggestion lists come in
all or nothing, as real proposals with their dated history, and go out again."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from marketplace.candidates.models import Candidate
from marketplace.candidates.report_copies import FairnessPlace
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal
from marketplace.ranking.models import HistoryList
from marketplace.records.exporter import export_records
from marketplace.records.importer import RecordsRejected, import_records
from marketplace.records.reader import parse_lines
from marketplace.suggestions.operations import log_suggestion_list
from marketplace.suggestions.ranking import Entry, SuggestionResult
from tests.factories import make_candidate, make_opportunity, make_proposal
from tests.records.test_import import RECORDS

PAST = [
    {**RECORDS[3], "ref": "job-old", "status": "filled", "places": 1, "starts_on": "2025-03-01",
     "closes_on": "2025-04-01"},
    {**RECORDS[3], "ref": "job-draft", "status": "draft"},
    {**RECORDS[4], "ref": "cand-2", "pseudonym": "Bilal"},
    {"type": "organisation", "ref": "other-partner", "name": "Ander Traject vzw",
     "role": "partner"},
    {"type": "coach", "email": "other.coach@example.org", "name": "Olga Coach",
     "organisation": "other-partner"},
]
HIRED = {"type": "proposal", "ref": "hist-1", "candidate": "cand-1", "opportunity": "job-old",
         "coach": "coach.import@example.org", "proposed_on": "2025-02-03",
         "outcome": "hired", "decided_on": "2025-02-20", "motivation": "Sterk in logistiek."}
DECLINED = {"type": "proposal", "ref": "hist-2", "candidate": "cand-2",
            "opportunity": "job-old", "coach": "coach.import@example.org",
            "proposed_on": "2025-02-04", "outcome": "declined", "decided_on": "2025-02-10",
            "decline_reason": "language"}
SHOWN = {"type": "suggestion_list", "opportunity": "job-old", "shown_on": "2025-02-01",
         "candidates": ["cand-2", "cand-1"]}


def lines(*records) -> list[str]:
    return [json.dumps(record) for record in [*RECORDS, *PAST, *records]]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def rejected_messages(*records) -> list[str]:
    with pytest.raises(RecordsRejected) as rejected:
        import_records(parse_lines(lines(*records)))
    return [str(problem) for problem in rejected.value.problems]


def test_past_proposals_become_proposals_with_their_dated_history(app_ctx):
    summary = import_records(parse_lines(lines(HIRED, DECLINED, SHOWN)))
    assert summary.created["proposal"] == 2 and summary.created["suggestion_list"] == 1
    hired = db.session.scalar(select(Proposal).where(Proposal.ref == "hist-1"))
    assert hired.state == "hired" and hired.opportunity.status == "filled"
    assert [(e.from_state, e.to_state, e.at.date()) for e in hired.events] == [
        (None, "proposed", dt.date(2025, 2, 3)), ("proposed", "hired", dt.date(2025, 2, 20))]
    assert hired.events[0].actor.email == "coach.import@example.org"
    declined = db.session.scalar(select(Proposal).where(Proposal.ref == "hist-2"))
    assert (declined.state, declined.decline_reason) == ("declined", "language")
    shown = db.session.scalar(select(HistoryList))
    assert [e.candidate_id for e in shown.entries] == [declined.candidate_id,
                                                       hired.candidate_id]


def test_history_imported_again_changes_nothing_and_a_new_outcome_adds_its_step(app_ctx):
    import_records(parse_lines(lines(HIRED, DECLINED, SHOWN)))
    again = import_records(parse_lines(lines(HIRED, DECLINED, SHOWN)))
    assert again.unchanged["proposal"] == 2 and again.unchanged["suggestion_list"] == 1
    invited = {**DECLINED, "outcome": "invited", "decline_reason": None}
    del invited["decline_reason"]
    later = import_records(parse_lines(lines(HIRED, invited, SHOWN)))
    assert later.updated["proposal"] == 1 and count(Proposal) == 2
    proposal = db.session.scalar(select(Proposal).where(Proposal.ref == "hist-2"))
    assert [e.to_state for e in proposal.events] == ["proposed", "declined", "interview"]


def test_history_is_exported_and_the_export_imports_back_unchanged(app_ctx):
    import_records(parse_lines(lines(HIRED, DECLINED, SHOWN)))
    exported = list(export_records())
    proposals = [r for r in exported if r["type"] == "proposal"]
    assert {r["ref"]: r["outcome"] for r in proposals} == {"hist-1": "hired",
                                                          "hist-2": "declined"}
    assert [r for r in exported if r["type"] == "suggestion_list"] == [SHOWN]
    assert next(r for r in proposals if r["ref"] == "hist-1") == HIRED
    summary = import_records(parse_lines([json.dumps(r) for r in exported]))
    assert summary.unchanged["proposal"] == 2 and summary.updated["proposal"] == 0
    assert summary.unchanged["suggestion_list"] == 1


def test_a_site_proposal_is_exported_with_its_ref(app_ctx, users, organisations):
    candidate = make_candidate(users["coach_a"])
    opportunity = make_opportunity(organisations["employer_a"])
    proposal = make_proposal(users["coach_a"], candidate, opportunity)
    exported = [r for r in export_records() if r["type"] == "proposal"]
    assert [(r["ref"], r["outcome"], r["candidate"]) for r in exported] == [
        (proposal.ref, "proposed", candidate.ref)]


#: Read as the day after the test runs, not after it was collected: a run that passes
#: Belgian midnight would otherwise send today.
TOMORROW = "<tomorrow>"


@pytest.mark.parametrize(("record", "words"), [
    ({**HIRED, "proposed_on": "2999-01-01", "decided_on": None}, "proposed_on is in the future"),
    ({**HIRED, "decided_on": TOMORROW}, "decided_on is in the future"),
    ({**HIRED, "opportunity": "job-draft"}, "is a draft, never offered"),
    ({**HIRED, "coach": "other.coach@example.org"}, "of another partnership"),
    ({**HIRED, "outcome": "placed"}, "outcome: Input should be"),
    ({**DECLINED, "decline_reason": "too_old"}, "decline_reason: Input should be"),
    ({**HIRED, "candidate": "nobody"}, "unknown candidate 'nobody'"),
    ({**HIRED, "opportunity": "nowhere"}, "unknown opportunity 'nowhere'"),
    ({**HIRED, "coach": "stranger@example.org"}, "is not a coach"),
    ({**SHOWN, "candidates": ["cand-1", "ghost"]}, "unknown candidate(s) 'ghost'"),
    ({**SHOWN, "shown_on": "2999-01-01"}, "shown_on is in the future"),
])
def test_bad_history_is_a_line_error_and_nothing_is_written(app_ctx, record, words):
    tomorrow = (local_today() + dt.timedelta(days=1)).isoformat()
    record = {key: tomorrow if value == TOMORROW else value
              for key, value in record.items() if value is not None}
    messages = rejected_messages(DECLINED, record)
    line = len(RECORDS) + len(PAST) + 2
    assert any(message.startswith(f"line {line}:") and words in message
               for message in messages), messages
    assert count(Proposal) == 0 and count(HistoryList) == 0


def test_the_same_pair_twice_in_a_file_or_against_the_database_is_refused(app_ctx):
    messages = rejected_messages(HIRED, {**HIRED, "ref": "hist-9"})
    assert any("was already proposed" in message and "on line" in message
               for message in messages)
    import_records(parse_lines(lines(HIRED)))
    messages = rejected_messages({**HIRED, "ref": "hist-9"})
    assert any("(proposal 'hist-1')" in message for message in messages)
    assert count(Proposal) == 1


def test_more_hires_than_places_is_refused(app_ctx):
    messages = rejected_messages(HIRED, {**DECLINED, "outcome": "hired",
                                         "decline_reason": "other"})
    assert any("decline_reason is only for a declined proposal" in m for m in messages)
    second = {key: value for key, value in DECLINED.items() if key != "decline_reason"}
    messages = rejected_messages(HIRED, {**second, "outcome": "hired"})
    assert any("has 1 place(s) but 2 hires" in message for message in messages)


def test_imported_lists_are_not_fairness_places_and_a_reimport_updates_the_site_places(
    app_ctx, users
):
    # The fairness report counts Werkbrug's own ranked lists only: history lists
    # (another system's, unranked by us) add no places; a candidate written again by an
    # import gets their places' copy of the characteristics rewritten.
    import_records(parse_lines(lines(HIRED, DECLINED, SHOWN)))
    db.session.commit()
    assert count(FairnessPlace) == 0
    amal = db.session.scalar(select(Candidate).where(Candidate.ref == "cand-1"))
    job = db.session.scalar(select(Opportunity).where(Opportunity.ref == "job-1"))
    result = SuggestionResult(ranked=True, scorer_version="cold-start-1",
                              entries=[Entry(amal.id, job.id, score=0.9, features=[0.5] * 10)])
    log_suggestion_list(users["coach_a"], result, opportunity_id=job.id)
    db.session.commit()
    assert db.session.scalars(select(FairnessPlace.dutch_level)).all() == ["A1"]
    changed = [{**record, "dutch_level": "B1"} if record.get("ref") == "cand-1" else record
               for record in [*RECORDS, *PAST, HIRED, DECLINED, SHOWN]]
    import_records(parse_lines([json.dumps(record) for record in changed]))
    db.session.commit()
    assert db.session.scalars(select(FairnessPlace.dutch_level)).all() == ["B1"]
    assert count(FairnessPlace) == 1
