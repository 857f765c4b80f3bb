"""The Alembic revisions build exactly the schema the models describe, every revision
upgrades and downgrades, and the data revisions change old rows as they say (on SQLite
and on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic import command as alembic_command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from marketplace.app import create_app
from marketplace.extensions import db
from marketplace.opportunities.rules import session_working_time
from marketplace.opportunities.vocab import SCHEDULE_COLUMNS
from tests import databases
from tests.conftest import make_test_settings


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "postgresql":
        databases.require_postgres()
        url, name = databases.create_postgres_database()
        yield url
        databases.drop_postgres_database(name)
    else:
        yield f"sqlite:///{tmp_path}/migrations.sqlite"


@pytest.fixture
def fresh_app(empty_database):
    app = create_app(make_test_settings(SQLALCHEMY_DATABASE_URI=empty_database))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _revisions(app) -> list[str]:
    config = app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(config)
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


# SQLite cannot reflect indexes on expressions, so the comparison skips them (with this
# warning); the test after this one checks the one such index directly.
@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index:sqlalchemy.exc.SAWarning"
)
def test_models_and_migrations_do_not_drift_apart(fresh_app):
    flask_migrate.upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], f"run 'flask db migrate': {differences}"


@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index:sqlalchemy.exc.SAWarning"
)
def test_the_caseload_order_index_is_on_coach_lowercase_pseudonym_and_id(fresh_app):
    flask_migrate.upgrade()
    found = {
        index["name"]: index for index in inspect(db.engine).get_indexes("candidate")
    }
    if db.engine.dialect.name == "sqlite":  # not reflected: read the statement
        with db.engine.connect() as connection:
            sql = connection.scalar(sa.text(
                "SELECT sql FROM sqlite_master WHERE name = 'ix_candidate_coach_pseudonym'"
            ))
        assert sql is not None
        assert "(coach_id, lower(pseudonym), id)" in sql
    else:
        index = found["ix_candidate_coach_pseudonym"]
        assert index["column_names"][0] == "coach_id"
        assert "lower" in str(index.get("expressions", ""))


def test_every_revision_upgrades_and_downgrades(fresh_app):
    revisions = _revisions(fresh_app)
    assert revisions, "no revisions found"
    for revision in revisions:
        flask_migrate.upgrade(revision=revision)
    tables = set(inspect(db.engine).get_table_names())
    assert {"user_account", "organisation", "occupation"} <= tables
    for _ in revisions:
        flask_migrate.downgrade(revision="-1")
    remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()
    flask_migrate.upgrade()


def test_revision_0011_gives_rows_without_a_ref_the_ref_the_export_used(fresh_app):
    flask_migrate.upgrade(revision="0009")
    organisations = sa.table(
        "organisation", sa.column("id"), sa.column("name"), sa.column("ref"),
        sa.column("kind"), sa.column("is_active"), sa.column("created_at"), sa.column("version"),
    )  # fmt: skip
    now = dt.datetime(2026, 11, 1)
    rows = [(1, "Made on the site", None), (2, "Imported", "organisation-3"),
            (3, "Also made on the site", None), (4, "Imported with a ref", "haven")]
    with db.engine.begin() as connection:
        connection.execute(sa.insert(organisations), [
            {"id": id_, "name": name, "ref": ref, "kind": "employer", "is_active": True,
             "created_at": now, "version": 1} for id_, name, ref in rows])
    flask_migrate.upgrade(revision="0011")
    with db.engine.connect() as connection:
        refs = dict(connection.execute(sa.select(organisations.c.id, organisations.c.ref)).all())
    # Row 3's usual ref is taken by an imported row: it gets the "site" form instead.
    assert refs == {1: "organisation-1", 2: "organisation-3", 3: "organisation-site-3",
                    4: "haven"}
    flask_migrate.downgrade(revision="0009")
    with db.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(organisations)) == 4
    flask_migrate.upgrade()


def test_upgrading_a_database_with_rows_that_refer_to_each_other_keeps_them(fresh_app):
    # Batch migrations on SQLite copy and drop tables (0011 does it to organisation,
    # which users refer to): a real installation has such rows, an empty test one not.
    flask_migrate.upgrade(revision="0009")
    now = dt.datetime(2026, 11, 1)
    with db.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO organisation (id, name, kind, is_active, created_at, version) "
            "VALUES (1, 'Haven NV', 'employer', :yes, :now, 1)"), {"yes": True, "now": now})
        connection.execute(sa.text(
            "INSERT INTO user_account (id, email, name, role, organisation_id, "
            "security_stamp, is_active, created_at, version) VALUES (1, 'a@haven.example', "
            "'An', 'employer', 1, 'stamp', :yes, :now, 1)"), {"yes": True, "now": now})
    flask_migrate.upgrade()
    with db.engine.connect() as connection:
        assert connection.execute(sa.text(
            "SELECT u.email, o.ref FROM user_account u JOIN organisation o "
            "ON o.id = u.organisation_id")).all() == [("a@haven.example", "organisation-1")]
        if connection.dialect.name == "sqlite":  # checked again after the migration
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    flask_migrate.downgrade(revision="0009")
    flask_migrate.upgrade()


MONDAY, SATURDAY, SUNDAY = dt.date(2030, 1, 7), dt.date(2030, 1, 5), dt.date(2030, 1, 6)
#: Try-outs as 0040 left them (session day and times; the working time and start date
#: someone typed), by id; each case of the rule and its edges.
OLD_TRYOUTS = {
    1: (MONDAY, dt.time(9), dt.time(12, 30)),
    2: (MONDAY, dt.time(16), dt.time(19)),
    3: (MONDAY, dt.time(18), dt.time(22)),
    4: (MONDAY, dt.time(21), dt.time(23)),
    5: (MONDAY, dt.time(5), dt.time(7)),
    6: (MONDAY, dt.time(6), dt.time(18)),
    7: (MONDAY, dt.time(17, 59), dt.time(18, 1)),
    8: (SATURDAY, dt.time(19), dt.time(21)),
    9: (SUNDAY, dt.time(9), dt.time(12)),
    10: (None, None, None),  # a draft
    11: (MONDAY, dt.time(9), None),
    12: (None, dt.time(19), dt.time(21)),
    13: (MONDAY, dt.time(4), dt.time(6)),
    14: (MONDAY, dt.time(22), dt.time(23, 30)),
}
OPPORTUNITY_COLUMNS = (
    "id", "organisation_id", "ref", "kind", "title", "occupation_id", "description",
    "postcode", "hours_per_week", "works_day", "works_evening", "works_night",
    "works_weekend", "works_shifts", "session_on", "session_starts", "session_ends",
    "places", "starts_on", "closes_on", "dutch_level", "language_support",
    "driving_licence", "certificates", "notes_for_coaches", "status", "created_at",
    "updated_at", "version",
)
TYPES = {"session_on": sa.Date, "starts_on": sa.Date, "closes_on": sa.Date,
         "session_starts": sa.Time, "session_ends": sa.Time, "created_at": sa.DateTime,
         "updated_at": sa.DateTime}
opportunities = sa.table("opportunity", *(sa.column(name, TYPES.get(name))
                                          for name in OPPORTUNITY_COLUMNS))


def _old_opportunity(id_: int, kind: str, session: tuple, now: dt.datetime) -> dict:
    """A row as it was typed before 0041: the evening and shifts, starting next year."""
    session_on, starts, ends = session
    return {
        "id": id_, "organisation_id": 1, "ref": f"opportunity-{id_}", "kind": kind,
        "title": f"Proef {id_}", "occupation_id": 1, "description": "", "postcode": "2030",
        "hours_per_week": 4, "works_day": False, "works_evening": True, "works_night": False,
        "works_weekend": False, "works_shifts": True, "session_on": session_on,
        "session_starts": starts, "session_ends": ends, "places": 1,
        "starts_on": dt.date(2031, 3, 1), "closes_on": None, "dutch_level": "A1",
        "language_support": False, "driving_licence": False, "certificates": "",
        "notes_for_coaches": "", "status": "draft", "created_at": now, "updated_at": now,
        "version": 1,
    }


def _insert_old_tryouts(connection) -> None:
    now = dt.datetime(2026, 11, 1)
    for statement in (
        "INSERT INTO cefr_level (code, rank) VALUES ('A1', 1)",
        "INSERT INTO isco_group (code, label_en, level) VALUES ('9333', 'Freight', 4)",
        "INSERT INTO occupation (id, uri, isco_code, esco_code, label_nl, label_en, "
        "alt_labels_nl, alt_labels_en, description_nl, description_en) VALUES (1, "
        "'http://example.org/magazijnier', '9333', '9333.1', 'magazijnier', "
        "'warehouse worker', '', '', '', '')",
        "INSERT INTO postcode (code, municipality, places, latitude, longitude) "
        "VALUES ('2030', 'Antwerpen', 'Antwerpen', 51.25, 4.4)",
    ):
        connection.execute(sa.text(statement))
    connection.execute(sa.text(
        "INSERT INTO organisation (id, name, ref, kind, is_active, created_at, version) "
        "VALUES (1, 'Haven NV', 'haven', 'employer', :yes, :now, 1)"),
        {"yes": True, "now": now})
    connection.execute(sa.insert(opportunities), [
        *(_old_opportunity(id_, "tryout", session, now)
          for id_, session in OLD_TRYOUTS.items()),
        _old_opportunity(99, "job", (None, None, None), now)])


def _working_times(connection) -> dict[int, tuple[set[str], dt.date | None]]:
    columns = [opportunities.c[column] for column in SCHEDULE_COLUMNS.values()]
    return {row.id: ({moment for moment, column in SCHEDULE_COLUMNS.items()
                      if row._mapping[column]}, row.starts_on)
            for row in connection.execute(
                sa.select(opportunities.c.id, opportunities.c.starts_on, *columns))}


def _opportunities_stamp(connection) -> tuple[int, list]:
    version = connection.scalar(sa.text(
        "SELECT version FROM data_version WHERE name = 'opportunities'"))
    logged = connection.execute(sa.text(
        "SELECT version, row_id FROM data_change WHERE name = 'opportunities'")).all()
    return version, [tuple(row) for row in logged]


def test_revision_0041_gives_existing_tryouts_their_sessions_working_time_and_start(
    fresh_app,
):
    flask_migrate.upgrade(revision="0040")
    with db.engine.begin() as connection:
        _insert_old_tryouts(connection)
        before = _opportunities_stamp(connection)
    flask_migrate.upgrade(revision="0041")
    with db.engine.connect() as connection:
        stored = _working_times(connection)
        stamp = _opportunities_stamp(connection)
    # The same rule as the site's (opportunities/rules.py), for every case.
    assert {id_: stored[id_] for id_ in OLD_TRYOUTS} == {
        id_: (session_working_time(*session), session[0])
        for id_, session in OLD_TRYOUTS.items()}
    assert stored[1] == ({"day"}, MONDAY) and stored[8] == ({"weekend"}, SATURDAY)
    assert stored[99] == ({"evening", "shifts"}, dt.date(2031, 3, 1))  # a job keeps its own
    # The caches of the matching read every opportunity again.
    assert stamp == (before[0] + 1, [*before[1], (before[0] + 1, None)])
    flask_migrate.downgrade(revision="0040")
    with db.engine.connect() as connection:
        assert _working_times(connection) == stored
    flask_migrate.upgrade()


CANDIDATE_FLAGS = ("wishes_job", "wishes_internship", "wishes_volunteering", "wishes_training",
                   "available_mornings", "available_afternoons", "available_evenings",
                   "available_nights", "available_weekends", "driving_licence",
                   "shared_with_partnership")
#: The columns a candidate needs, as 0041 left the table.
old_candidates = sa.table(
    "candidate", *(sa.column(name) for name in ("id", "organisation_id", "status", "version")),
    *(sa.column(name, sa.Boolean) for name in CANDIDATE_FLAGS),
    *(sa.column(name, sa.DateTime)
      for name in ("erased_at", "created_at", "updated_at", "last_activity_at")))


def test_revision_0042_gives_existing_trajectory_steps_version_1(fresh_app):
    flask_migrate.upgrade(revision="0041")
    now = dt.datetime(2026, 11, 1)
    with db.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO organisation (id, name, ref, kind, is_active, created_at, version) "
            "VALUES (1, 'Partner vzw', 'partner', 'partner', :yes, :now, 1)"),
            {"yes": True, "now": now})
        # The smallest candidate a step can belong to: an erased one.
        connection.execute(sa.insert(old_candidates), {
            "id": 1, "organisation_id": 1, "status": "erased", "erased_at": now,
            **dict.fromkeys(CANDIDATE_FLAGS, False), "created_at": now, "updated_at": now,
            "last_activity_at": now, "version": 1})
        for id_ in (1, 2):
            connection.execute(sa.text(
                "INSERT INTO trajectory_step (id, candidate_id, ref, kind, started_on, source, "
                "created_at, updated_at) VALUES (:id, 1, :ref, 'intake', :day, 'manual', "
                ":now, :now)"),
                {"id": id_, "ref": f"trajectory-step-{id_}", "day": dt.date(2026, 10, id_),
                 "now": now})
    flask_migrate.upgrade(revision="0042")
    with db.engine.connect() as connection:
        assert connection.execute(sa.text(
            "SELECT id, version FROM trajectory_step ORDER BY id")).all() == [(1, 1), (2, 1)]
    column = next(c for c in inspect(db.engine).get_columns("trajectory_step")
                  if c["name"] == "version")
    assert not column["nullable"]
    flask_migrate.downgrade(revision="0041")
    assert "version" not in {c["name"] for c in inspect(db.engine).get_columns("trajectory_step")}
    flask_migrate.upgrade()


def _add_organisations(names) -> None:
    with db.engine.begin() as connection:
        for number, name in enumerate(names, start=1):
            connection.execute(sa.text(
                "INSERT INTO organisation (id, name, ref, kind, is_active, created_at, version) "
                "VALUES (:id, :name, :ref, 'partner', :yes, :now, 1)"),
                {"id": number, "name": name, "ref": f"organisation-{number}", "yes": True,
                 "now": dt.datetime(2026, 11, 1)})


def test_revision_0045_makes_organisation_names_unique_whatever_their_capitals(fresh_app):
    flask_migrate.upgrade(revision="0044")
    _add_organisations(["Atlas", "VDAB"])
    flask_migrate.upgrade(revision="0045")
    with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO organisation (id, name, ref, kind, is_active, created_at, version) "
            "VALUES (3, 'ATLAS', 'organisation-3', 'partner', :yes, :now, 1)"),
            {"yes": True, "now": dt.datetime(2026, 11, 1)})
    flask_migrate.downgrade(revision="0044")
    flask_migrate.upgrade()


def test_revision_0045_stops_with_the_names_an_admin_must_rename_first(fresh_app):
    flask_migrate.upgrade(revision="0044")
    _add_organisations(["Groep Intro", "GROEP INTRO", "Atlas"])
    # Alembic itself, not Flask-Migrate's command, which logs the error and exits.
    config = fresh_app.extensions["migrate"].migrate.get_config()
    with pytest.raises(RuntimeError, match=r"'GROEP INTRO', 'Groep Intro'\. Rename one"):
        alembic_command.upgrade(config, "0045")
    with db.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0044"
