"""fairness_place stays exact: after a suggestion list is logged, consent is withdrawn
and given again, a profile changes, a list's day changes or a candidate is erased, its
rows are the top-10 places of ranked lists for an opportunity of the candidates the
report counts, with their characteristics, worked out here again in plain Python from
the ORM objects (not with the SQL that fills the table). The fairness report counts
the same places."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.candidates import erasure, operations
from marketplace.candidates.fairness_traits import refresh_fairness_traits
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import profile_of
from marketplace.candidates.report_copies import FairnessPlace
from marketplace.db_types import local_date
from marketplace.extensions import db
from marketplace.insights.queries import InsightFilters
from marketplace.ranking.oversight import top_dismissals
from marketplace.ranking.queries import fairness_counts
from marketplace.suggestions.models import SuggestionList
from marketplace.suggestions.operations import log_suggestion_list
from marketplace.suggestions.ranking import Entry, SuggestionResult
from tests.candidates.test_fairness_traits import expected_rows
from tests.factories import make_opportunity

PERIOD = InsightFilters(start=date(2000, 1, 1), end=date(2099, 12, 31))


def expected_places() -> set[tuple]:
    """(candidate_id, list_id, rank, shown_on, *the candidate's fairness row) of every
    entry ranked 1 to 10 of a ranked list for an opportunity, for each candidate with
    a fairness row."""
    traits = {row[0]: row for row in expected_rows()}
    places = set()
    for shown in db.session.scalars(select(SuggestionList)):
        db.session.refresh(shown)
        if not shown.ranked or shown.subject != "opportunity":
            continue
        for entry in shown.entries:
            if entry.rank <= 10 and entry.candidate_id in traits:
                places.add(
                    (
                        entry.candidate_id,
                        entry.list_id,
                        entry.rank,
                        local_date(shown.shown_at),
                        *traits[entry.candidate_id][1:],
                    )
                )
    return places


def stored_places() -> set[tuple]:
    table = FairnessPlace
    return set(
        map(
            tuple,
            db.session.execute(
                select(
                    table.candidate_id,
                    table.list_id,
                    table.rank,
                    table.shown_on,
                    table.organisation_id,
                    table.created_at,
                    table.gender,
                    table.birth_year,
                    table.dutch_level,
                    table.first_language,
                )
            ),
        )
    )


def places_of(candidate) -> list[tuple]:
    return sorted(row for row in stored_places() if row[0] == candidate.id)


def show(coach, opportunity, people, *, ranked=True, shown_at=None) -> SuggestionList:
    result = SuggestionResult(
        ranked=ranked,
        scorer_version="cold-start-1",
        entries=[
            Entry(p.id, opportunity.id, score=1.0 - k / 100, features=[0.5] * 10)
            for k, p in enumerate(people)
        ],
    )
    shown = log_suggestion_list(coach, result, opportunity_id=opportunity.id)
    if shown_at is not None:
        shown.shown_at = shown_at
        db.session.flush()
    return shown


def reported_places(period: InsightFilters = PERIOD) -> int:
    return sum(row.top10_places for row in fairness_counts(period, None))


@pytest.fixture
def listed(users, organisations, make_candidate):
    """Twelve people in a ranked list (the tenth a woman born in 1990 with Arabic, the
    second without consent), shown at 23:30 UTC on 3 March 2026 (00:30 on 4 March in
    Antwerp), and the same people in an unranked list."""
    people = [make_candidate(consent=k != 1, languages={"fr": "A1"}) for k in range(12)]
    people[9] = make_candidate(
        consent=True, gender="woman", birth_year=1990, languages={"ar": "B2"}
    )
    opportunity = make_opportunity(organisations["employer_a"])
    show(users["coach_a"], opportunity, people, shown_at=datetime(2026, 3, 3, 23, 30, tzinfo=UTC))
    show(users["coach_a"], opportunity, people, ranked=False)
    db.session.commit()
    return people


def test_a_logged_list_gives_the_top_ten_places_of_the_people_who_count(listed):
    stored = stored_places()
    assert stored == expected_places()
    assert sorted(row[2] for row in stored) == [1, *range(3, 11)]
    assert {row[3] for row in stored} == {date(2026, 3, 4)}  # the Belgian day
    assert places_of(listed[9])[0][6:] == ("woman", 1990, "A2", "ar")
    assert places_of(listed[1]) == places_of(listed[11]) == []
    assert reported_places() == 9


def test_a_list_shown_at_23_30_utc_counts_on_the_next_belgian_day_as_in_the_oversight(
        listed):
    """The fairness report's days and the ranking oversight's bounds are the same
    Belgian days: the list shown at 00:30 on 4 March in Antwerp is in both reports of
    4 March, and in neither of 3 March."""
    for person in listed:  # registered before the list was shown
        person.created_at = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    db.session.flush()
    third = InsightFilters(start=date(2026, 3, 3), end=date(2026, 3, 3))
    fourth = InsightFilters(start=date(2026, 3, 4), end=date(2026, 3, 4))
    assert (reported_places(third), top_dismissals(third).total) == (0, 0)
    assert (reported_places(fourth), top_dismissals(fourth).total) == (9, 1)


def test_consent_withdrawn_and_given_again_removes_and_restores_the_places(app, users, listed):
    before = places_of(listed[9])
    with app.test_request_context():
        operations.withdraw_consent(
            listed[9], withdrawn_on=date(2026, 4, 1), recorded_by=users["coach_a"]
        )
    db.session.commit()
    assert places_of(listed[9]) == []
    assert reported_places() == 8
    with app.test_request_context():
        operations.give_consent(
            listed[9], given_on=date(2026, 5, 1), method="signed_form", recorded_by=users["coach_a"]
        )
    db.session.commit()
    assert places_of(listed[9]) == before
    assert reported_places() == 9
    assert stored_places() == expected_places()


def test_a_profile_change_and_a_handover_are_copied_to_the_places(app, users, listed):
    person = listed[9]
    profile = replace(
        profile_of(person), gender="man", birth_year=1985, dutch_level="B1", languages={"ti": "C1"}
    )
    with app.test_request_context():
        operations.update_candidate(person, profile, expected_version=person.version)
        operations.hand_over_candidate(person, to_coach=users["coach_b"], note=None)
    db.session.commit()
    assert places_of(person)[0][4] == users["coach_b"].organisation_id
    assert places_of(person)[0][6:] == ("man", 1985, "B1", "ti")
    assert stored_places() == expected_places()


def test_a_list_moved_to_another_day_moves_its_places(listed):
    shown = db.session.scalars(select(SuggestionList).where(SuggestionList.ranked)).one()
    shown.shown_at = datetime(2025, 1, 2, 8, 0, tzinfo=UTC)
    db.session.flush()
    assert {row[3] for row in stored_places()} == {date(2025, 1, 2)}
    assert stored_places() == expected_places()


def test_erasure_removes_the_places_for_good(app, listed):
    with app.test_request_context():
        erasure.erase_candidate(listed[9], reason="request")
    db.session.commit()
    assert places_of(listed[9]) == []
    assert stored_places() == expected_places()
    refresh_fairness_traits([listed[9].id])
    assert places_of(listed[9]) == []
    assert reported_places() == 8


def test_refreshing_places_that_are_exact_changes_nothing(listed):
    before = stored_places()
    refresh_fairness_traits(db.session.scalars(select(Candidate.id)).all())
    assert stored_places() == before == expected_places()
