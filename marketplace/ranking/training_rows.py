"""Training rows for the ranking (``flask match train`` and the training job): the
suggestion logs, graded by what coaches and employers did with each shown entry, and
the history that did not pass through a logged list.

History: every proposal without a logged entry (imported from a partner's records, or
made from a candidate's profile) graded by the state it ended in
(``training.HISTORY_GRADES``), together with the candidates an imported suggestion
list says were shown for that opportunity and who were not proposed (grade 0). One
opportunity's history is one query: the candidates its employer and coaches compared.
Its features are computed now, from the candidates' current profiles and the
opportunity (of any status), by the same ``feature_matrix`` the ranking uses; a
candidate who is no longer active is left out. Its list key is the opportunity's id
below zero (log lists have positive ids); its fold key is the opportunity's id, so an
opportunity's logs and history are held out together.

A later page of a suggestion list (its entries start at place 21 or further) is a
query of its own (the coach compared those entries), but it is not counted as another
list for the promotion minimum (``train.MIN_PROMOTION_LISTS``): a list counts once, by
its first page.

Suggestions of try-outs are left out: a try-out goes by enrolment
(``tryout_enrolment.suggestion_entry_id``, which the oversight counts), not by the
steps of a proposal that the grades are (``training.GRADES``), and no grade says what
an enrolment, a place on the waiting list or attendance is worth. Read as proposals,
every try-out entry a coach enrolled from would be graded as one not chosen (0): the
model would learn the coaches' choices as their refusals.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import aliased

from marketplace.extensions import db
from marketplace.matching import operations as matching
from marketplace.matching.features import FEATURE_NAMES, feature_matrix
from marketplace.matching.opportunity_table import OpportunitySpec
from marketplace.matching.training import GRADES, HISTORY_GRADES, TrainingData
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal, ProposalEvent
from marketplace.proposals.vocab import KINDS_BY_ENROLMENT
from marketplace.ranking.models import HistoryList, HistoryListEntry
from marketplace.suggestions.models import SuggestionEntry, SuggestionList
from marketplace.suggestions.vocab import SuggestionSubject


def _logged_entries() -> list:
    """The shown entries of ranked lists (an unranked list stored no features) but for
    try-outs, in list and rank order, each with whether its list is a later page and
    its grade: the furthest step (``training.GRADES``) that the proposal made from that
    entry reached; 0 for an entry dismissed or not chosen.

    The fold key keeps the lists of one opportunity together; a list of opportunities
    for one candidate is its own group (its entries are about different opportunities
    and stay together as one query), numbered below zero so it never meets an
    opportunity id. The grades are one ``GROUP BY`` per proposed entry, joined to the
    entries afterwards: PostgreSQL cannot group by a ``json`` column."""
    step = case(
        *((ProposalEvent.to_state == state, grade) for state, grade in GRADES.items()),
        else_=0,
    )
    grades = (
        select(Proposal.suggestion_entry_id.label("entry_id"), func.max(step).label("grade"))
        .join(ProposalEvent, ProposalEvent.proposal_id == Proposal.id)
        .where(Proposal.suggestion_entry_id.is_not(None))
        .group_by(Proposal.suggestion_entry_id)
        .subquery()
    )
    fold_key = case(
        (SuggestionList.subject == SuggestionSubject.OPPORTUNITY, SuggestionList.opportunity_id),
        else_=-SuggestionList.id,
    )
    # A later page's list has no place 1 (its entries start at 21). Asked of the list's
    # entries, not of these rows: a try-out at place 1 is left out of the rows.
    top = aliased(SuggestionEntry)
    later_page = ~exists().where(top.list_id == SuggestionEntry.list_id, top.rank == 1)
    return db.session.execute(
        select(
            SuggestionEntry.list_id,
            later_page.label("later_page"),
            fold_key.label("fold_key"),
            SuggestionEntry.features,
            func.coalesce(grades.c.grade, 0).label("grade"),
        )
        .join(SuggestionList, SuggestionList.id == SuggestionEntry.list_id)
        .join(Opportunity, Opportunity.id == SuggestionEntry.opportunity_id)
        .outerjoin(grades, grades.c.entry_id == SuggestionEntry.id)
        .where(SuggestionList.ranked.is_(True), SuggestionEntry.features.is_not(None),
               Opportunity.kind.not_in(KINDS_BY_ENROLMENT))
        .order_by(SuggestionEntry.list_id, SuggestionEntry.rank)
    ).all()


def _history_grades() -> dict[int, dict[int, int]]:
    """Opportunity id -> {candidate id: grade} of the history (module docstring)."""
    grades: dict[int, dict[int, int]] = defaultdict(dict)
    for opportunity_id, candidate_id in db.session.execute(
            select(HistoryList.opportunity_id, HistoryListEntry.candidate_id)
            .join(HistoryListEntry, HistoryListEntry.list_id == HistoryList.id)):
        grades[opportunity_id][candidate_id] = 0
    for opportunity_id, candidate_id, state in db.session.execute(
            select(Proposal.opportunity_id, Proposal.candidate_id, Proposal.state)
            .where(Proposal.suggestion_entry_id.is_(None))):
        grades[opportunity_id][candidate_id] = HISTORY_GRADES.get(state, 0)
    return grades


def _history_data() -> TrainingData:
    grades = _history_grades()
    width = len(FEATURE_NAMES)
    parts: list[tuple[np.ndarray, np.ndarray, int]] = []
    if grades:
        rows = matching.candidate_rows()
        spaces = matching.matching_spaces()
        records = matching.opportunity_records(
            select(Opportunity.id).where(Opportunity.id.in_(sorted(grades))))
        for record in records:
            graded = grades[record["id"]]
            found = [(row, grade) for candidate_id, grade in sorted(graded.items())
                     if (row := rows.pool.index_of(candidate_id)) is not None]
            if not found:
                continue
            X, _names = feature_matrix(rows.pool, OpportunitySpec.from_record(record, spaces),
                                       np.array([row for row, _g in found], dtype=np.int64))
            parts.append((X, np.array([grade for _r, grade in found], dtype=np.int64),
                          record["id"]))
    if not parts:
        return _empty(width)
    return TrainingData(
        X=np.concatenate([X for X, _g, _o in parts]),
        grades=np.concatenate([g for _X, g, _o in parts]),
        lists=np.concatenate([np.full(len(g), -o, dtype=np.int64) for _X, g, o in parts]),
        opportunities=np.concatenate([np.full(len(g), o, dtype=np.int64) for _X, g, o in parts]),
    )


def _empty(width: int) -> TrainingData:
    return TrainingData(np.empty((0, width)), np.empty(0, dtype=np.int64),
                        np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))


def training_data() -> TrainingData:
    """The suggestion logs and the history as training rows for
    ``training.train_and_evaluate``. A later page of a suggestion list (its first rank
    above 1) is a query of its own, but no list more towards ``MIN_PROMOTION_LISTS``:
    one coach reading three pages saw one list (``TrainingData.later_page``)."""
    rows = _logged_entries()
    width = len(FEATURE_NAMES)
    logs = TrainingData(
        X=np.array([row.features for row in rows], dtype=np.float64).reshape(len(rows), width),
        grades=np.array([row.grade for row in rows], dtype=np.int64),
        lists=np.array([row.list_id for row in rows], dtype=np.int64),
        opportunities=np.array([row.fold_key for row in rows], dtype=np.int64),
        later_page=np.array([bool(row.later_page) for row in rows], dtype=bool),
    )
    history = _history_data()
    return TrainingData(
        X=np.concatenate([logs.X, history.X]),
        grades=np.concatenate([logs.grades, history.grades]),
        lists=np.concatenate([logs.lists, history.lists]),
        opportunities=np.concatenate([logs.opportunities, history.opportunities]),
        # Imported history has no pages: each opportunity's is one list.
        later_page=np.concatenate([logs.later_page, np.zeros(history.rows, dtype=bool)]),
    )
