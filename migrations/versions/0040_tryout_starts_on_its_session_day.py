"""try-out starts on its session day: its enrolments may close before it starts

A try-out's start date is its session's day (``opportunities.rules.start_date_to_store``)
and it takes enrolments until that day at the latest, so its closing date may come
before its start date: the check ``ck_opportunity_dates`` leaves try-outs out.
Existing try-outs keep their values until they are saved again.

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-07 10:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0040'
down_revision = '0039'
branch_labels = None
depends_on = None

NEW_DATES = ("kind = 'tryout' OR starts_on IS NULL OR closes_on IS NULL"
             " OR closes_on >= starts_on")
OLD_DATES = "starts_on IS NULL OR closes_on IS NULL OR closes_on >= starts_on"


def _dates(condition: str) -> None:
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_opportunity_dates'), type_='check')
        batch_op.create_check_constraint(op.f('ck_opportunity_dates'), condition)


def upgrade():
    _dates(NEW_DATES)


def downgrade():
    # The old check refuses a try-out that closes before it starts: it loses the start
    # date its session's day gave it (its session_on still says it).
    op.execute("UPDATE opportunity SET starts_on = NULL WHERE kind = 'tryout'"
               " AND closes_on IS NOT NULL AND starts_on IS NOT NULL"
               " AND closes_on < starts_on")
    _dates(OLD_DATES)
