"""The database fingerprint the security tests compare before and after a refused
request shows every kind of write, the reference tables' included."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from marketplace.extensions import db
from marketplace.taxonomy.models import Occupation, Skill
from tests.security.helpers import REFERENCE_TABLES, changed_tables, fingerprint


def test_the_reference_tables_are_the_taxonomys():
    assert {"skill", "occupation", "postcode"} <= REFERENCE_TABLES
    assert "candidate" not in REFERENCE_TABLES


def test_a_changed_label_shows_through_the_taxonomy_stamp(app_ctx):
    before = fingerprint()
    skill = db.session.scalar(select(Skill).order_by(Skill.id).limit(1))
    skill.label_en = skill.label_en + " (changed)"
    db.session.flush()
    assert changed_tables(before, fingerprint()) == ["data_version"]


def test_a_bulk_update_or_delete_of_reference_rows_shows_too(app_ctx):
    before = fingerprint()
    db.session.execute(update(Occupation).where(Occupation.id < 0).values(label_en="x"))
    assert changed_tables(before, fingerprint()) == ["data_version"]
    middle = fingerprint()
    db.session.execute(delete(Skill).where(Skill.id == select(Skill.id).order_by(
        Skill.id.desc()).limit(1).scalar_subquery()))
    assert "skill" in changed_tables(middle, fingerprint())


def test_any_other_table_is_hashed_row_by_row(app_ctx, organisations):
    before = fingerprint()
    organisations["employer_a"].name = "Renamed employer"
    db.session.flush()
    assert changed_tables(before, fingerprint()) == ["organisation"]
