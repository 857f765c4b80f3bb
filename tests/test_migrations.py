"""The Alembic revisions build exactly the schema the models describe, and every
revision upgrades and downgrades (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from marketplace.app import create_app
from marketplace.extensions import db
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
