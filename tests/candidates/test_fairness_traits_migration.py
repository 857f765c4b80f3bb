"""Revision 0031 fills ``candidate_fairness`` for the candidates already there: the rows
it writes are the rows the flush hook keeps (on SQLite and on PostgreSQL)."""

from __future__ import annotations

from datetime import date

import flask_migrate
from sqlalchemy import orm, select

from marketplace.candidates.models import CandidateFairness
from marketplace.candidates.operations import erase_candidate, withdraw_consent
from marketplace.extensions import db
from marketplace.taxonomy.loader import load_taxonomy
from tests.factories import make_candidate, make_organisation, make_user
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
