"""Revision 0031 fills ``candidate_fairness`` for the candidates already there, and
revision 0035 ``fairness_place`` for the places already logged: the rows they write are
the rows the flush hook keeps (on SQLite and on PostgreSQL); revision 0038 moves the
places to Belgian days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import flask_migrate
from sqlalchemy import orm, select

from marketplace.candidates.erasure import erase_candidate
from marketplace.candidates.operations import withdraw_consent
from marketplace.candidates.report_copies import CandidateFairness, FairnessPlace
from marketplace.extensions import db
from marketplace.suggestions.operations import log_suggestion_list
from marketplace.suggestions.ranking import Entry, SuggestionResult
from marketplace.taxonomy.loader import load_taxonomy
from tests.factories import make_candidate, make_opportunity, make_organisation, make_user
from tests.test_migrations import empty_database, fresh_app  # noqa: F401 - fixtures

COLUMNS = ("candidate_id", "organisation_id", "created_at", "gender", "birth_year",
           "dutch_level", "first_language")


def _rows() -> set[tuple]:
    columns = [getattr(CandidateFairness, name) for name in COLUMNS]
    return set(map(tuple, db.session.execute(select(*columns))))


def test_revision_0031_fills_the_rows_the_hook_keeps(fresh_app, monkeypatch):  # noqa: F811
    # This test's own database, not the rolled-back one of the other tests.
    monkeypatch.setattr(db, "session", orm.scoped_session(orm.sessionmaker(bind=db.engine)))
    flask_migrate.upgrade()
    load_taxonomy()
    partner = make_organisation(kind="partner", sector=None)
    coach = make_user(partner, role="coach")
    with fresh_app.test_request_context():
        make_candidate(coach, pseudonym="Amal", gender="woman", birth_year=1990,
                       dutch_level="B1", languages={"ar": "C1", "en": "C1", "fr": "A2"})
        make_candidate(coach, pseudonym="Bilal", languages={"ti": "A1"})
        make_candidate(coach, pseudonym="Chen", consent=False, gender="man")
        withdrawn = make_candidate(coach, pseudonym="Dana")
        withdraw_consent(withdrawn, withdrawn_on=date.today(), recorded_by=coach)
        erase_candidate(make_candidate(coach, pseudonym="Eli"), reason="request")
    db.session.commit()
    kept = _rows()
    assert {row[3:] for row in kept} == {("woman", 1990, "B1", "ar"), (None, None, "A2", "ti")}
    db.session.remove()

    flask_migrate.downgrade(revision="0028")
    flask_migrate.upgrade()
    assert _rows() == kept
    db.session.remove()


def _places() -> set[tuple]:
    table = FairnessPlace
    return set(map(tuple, db.session.execute(select(
        table.candidate_id, table.list_id, table.rank, table.shown_on,
        *(getattr(table, name) for name in COLUMNS[1:]),
    ))))


def test_revision_0035_fills_the_places_the_hook_keeps(fresh_app, monkeypatch):  # noqa: F811
    monkeypatch.setattr(db, "session", orm.scoped_session(orm.sessionmaker(bind=db.engine)))
    flask_migrate.upgrade()
    load_taxonomy()
    partner = make_organisation(kind="partner", sector=None)
    employer = make_organisation(kind="employer")
    coach = make_user(partner, role="coach")
    with fresh_app.test_request_context():
        people = [make_candidate(coach, pseudonym=f"P{k}", consent=k != 2, gender="woman",
                                 birth_year=1980 + k, languages={"ar": "B1"})
                  for k in range(12)]
        withdraw_consent(people[3], withdrawn_on=date.today(), recorded_by=coach)
        opportunity = make_opportunity(employer)
        for ranked in (True, False):
            result = SuggestionResult(
                ranked=ranked, scorer_version="cold-start-1",
                entries=[Entry(p.id, opportunity.id, score=0.5, features=[0.5] * 10)
                         for p in people])
            log_suggestion_list(coach, result, opportunity_id=opportunity.id)
        erase_candidate(people[4], reason="request")
    db.session.commit()
    kept = _places()
    assert sorted(row[2] for row in kept) == [1, 2, 6, 7, 8, 9, 10]
    db.session.remove()

    flask_migrate.downgrade(revision="0033")
    flask_migrate.upgrade()
    assert _places() == kept
    db.session.remove()


def test_revision_0038_moves_the_places_to_belgian_days(fresh_app, monkeypatch):  # noqa: F811
    """A list shown at 23:30 UTC on 3 March is on 4 March in Antwerp: revision 0035
    kept 3 March, 0038 moves it (and its downgrade moves it back)."""
    monkeypatch.setattr(db, "session", orm.scoped_session(orm.sessionmaker(bind=db.engine)))
    flask_migrate.upgrade()
    load_taxonomy()
    partner = make_organisation(kind="partner", sector=None)
    coach = make_user(partner, role="coach")
    with fresh_app.test_request_context():
        people = [make_candidate(coach, pseudonym=f"P{k}") for k in range(3)]
        opportunity = make_opportunity(make_organisation(kind="employer"))
        late, early = (
            log_suggestion_list(coach, SuggestionResult(
                ranked=True, scorer_version="cold-start-1",
                entries=[Entry(p.id, opportunity.id, score=0.5, features=[0.5] * 10)
                         for p in people]), opportunity_id=opportunity.id)
            for _ in range(2))
        late.shown_at = datetime(2026, 3, 3, 23, 30, tzinfo=UTC)
        early.shown_at = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    db.session.commit()
    days = {late.id: date(2026, 3, 4), early.id: date(2026, 3, 3)}
    assert {(row[1], row[3]) for row in _places()} == set(days.items())
    db.session.remove()

    flask_migrate.downgrade(revision="0037")
    assert {(row[1], row[3]) for row in _places()} == {
        (late.id, date(2026, 3, 3)), (early.id, date(2026, 3, 3))}
    db.session.remove()
    flask_migrate.upgrade()
    assert {(row[1], row[3]) for row in _places()} == set(days.items())
    db.session.remove()
