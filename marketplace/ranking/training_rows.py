"""Training rows for the ranking: the suggestion logs, graded by what coaches and
employers did with each shown entry (``flask match train`` and the training job)."""

from __future__ import annotations

import numpy as np
from sqlalchemy import case, func, select

from marketplace.extensions import db
from marketplace.matching.features import FEATURE_NAMES
from marketplace.matching.training import GRADES, TrainingData
from marketplace.proposals.models import Proposal, ProposalEvent
from marketplace.suggestions.models import SuggestionEntry, SuggestionList
from marketplace.suggestions.vocab import SuggestionSubject


def _logged_entries() -> list:
    """The shown entries of ranked lists (an unranked list stored no features), in list
    and rank order, each with its grade: the furthest step (``training.GRADES``) that
    the proposal made from that entry reached; 0 for an entry dismissed or not chosen.

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
    return db.session.execute(
        select(
            SuggestionEntry.list_id,
            fold_key.label("fold_key"),
            SuggestionEntry.features,
            func.coalesce(grades.c.grade, 0).label("grade"),
        )
        .join(SuggestionList, SuggestionList.id == SuggestionEntry.list_id)
        .outerjoin(grades, grades.c.entry_id == SuggestionEntry.id)
        .where(SuggestionList.ranked.is_(True), SuggestionEntry.features.is_not(None))
        .order_by(SuggestionEntry.list_id, SuggestionEntry.rank)
    ).all()


def training_data() -> TrainingData:
    """The suggestion logs as training rows for ``training.train_and_evaluate``."""
    rows = _logged_entries()
    width = len(FEATURE_NAMES)
    return TrainingData(
        X=np.array([row.features for row in rows], dtype=np.float64).reshape(len(rows), width),
        grades=np.array([row.grade for row in rows], dtype=np.int64),
        lists=np.array([row.list_id for row in rows], dtype=np.int64),
        opportunities=np.array([row.fold_key for row in rows], dtype=np.int64),
    )
