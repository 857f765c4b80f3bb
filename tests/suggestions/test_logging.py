"""The log of a shown list (``log_suggestion_list``): written in bulk statements, it
holds exactly the list's values and one row per real suggestion, in rank order, and
hands back the list with its entries as a flush would have."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.suggestions.models import SuggestionEntry, SuggestionList
from marketplace.suggestions.operations import log_suggestion_list
from marketplace.suggestions.ranking import Entry, SuggestionResult
from tests.suggestions.conftest import driver


def stored(shown_id: int) -> tuple[tuple, list[tuple]]:
    """The list's row and its entries' rows as the database holds them (no ORM
    object: the identity map might answer from memory)."""
    lists, entries = SuggestionList.__table__, SuggestionEntry.__table__
    row = db.session.execute(
        select(lists.c.coach_id, lists.c.subject, lists.c.opportunity_id,
               lists.c.candidate_id, lists.c.scorer_version, lists.c.ranked)
        .where(lists.c.id == shown_id)).one()
    rows = db.session.execute(
        select(entries.c.id, entries.c.rank, entries.c.score, entries.c.candidate_id,
               entries.c.opportunity_id, entries.c.features,
               entries.c.features.is_(None).label("null"))
        .where(entries.c.list_id == shown_id).order_by(entries.c.rank)).all()
    return tuple(row), [tuple(r) for r in rows]


def test_a_ranked_list_is_logged_with_every_entry_in_rank_order(users, opportunity):
    coach = users["coach_a"]
    people = [driver(coach, name) for name in ("Amal", "Bert", "Chris")]
    features = [[0.5] * 10, [0.25, 1.0, 0.0, 0.75, 1.0, 0.5, 0.5, 0.0, 1.0, 0.125], [1.0] * 10]
    result = SuggestionResult(True, "cold-start-1", [
        Entry(person.id, opportunity.id, score=score, features=values)
        for person, score, values in zip(people, (0.9, 0.6, 0.3), features, strict=True)
    ], near_misses=[Entry(people[0].id, opportunity.id, score=0.1)], eligible=3)

    shown = log_suggestion_list(coach, result, opportunity_id=opportunity.id)

    assert stored(shown.id)[0] == (coach.id, "opportunity", opportunity.id, None,
                                   "cold-start-1", True)
    assert stored(shown.id)[1] == [
        (entry.id, rank, score, person.id, opportunity.id, values, False)
        for entry, rank, score, person, values in zip(
            shown.entries, (1, 2, 3), (0.9, 0.6, 0.3), people, features, strict=True)
    ]  # the near miss is not logged
    assert [entry.suggestion_list for entry in shown.entries] == [shown] * 3
    assert shown.shown_at is not None


def test_an_unranked_list_is_logged_without_scores_or_features(users, opportunity):
    coach = users["coach_a"]
    amal = driver(coach, "Amal")
    result = SuggestionResult(False, "unranked", [Entry(amal.id, opportunity.id)],
                              unranked_because="switched_off")

    shown = log_suggestion_list(coach, result, candidate_id=amal.id)

    assert stored(shown.id)[0] == (coach.id, "candidate", None, amal.id, "unranked", False)
    (entry,) = shown.entries
    assert stored(shown.id)[1] == [(entry.id, 1, None, amal.id, opportunity.id, None, True)]


def test_an_empty_list_is_logged_without_entries(users, opportunity):
    shown = log_suggestion_list(users["coach_a"], SuggestionResult(True, "cold-start-1", []),
                                opportunity_id=opportunity.id)
    assert shown.entries == [] and stored(shown.id)[1] == []
