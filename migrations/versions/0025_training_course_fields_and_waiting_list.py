"""Training course fields and the waiting list

A training course has its length in weeks (``duration_weeks``) and a short note of
when its lessons are (``schedule_note``), both only on kind ``training`` (check
constraints). Proposals get the state ``waiting_list`` (a training provider keeps a
person in line for a place): the state checks of ``proposal`` and ``proposal_event``
are written again by hand (autogenerate does not compare check constraints). The
downgrade puts proposals on a waiting list back to "proposed" and forgets those steps.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05 01:40:34.961338

"""
import warnings

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

STATES = "'proposed', 'interview', 'hired', 'declined', 'withdrawn', 'waiting_list'"
OLD_STATES = "'proposed', 'interview', 'hired', 'declined', 'withdrawn'"


def _states(states: str) -> None:
    # SQLite's batch mode reflects the tables proposal refers to; it cannot reflect the
    # candidate's expression index (0015), which it does not need here.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        with op.batch_alter_table('proposal', schema=None) as batch_op:
            batch_op.drop_constraint(op.f('ck_proposal_state'), type_='check')
            batch_op.create_check_constraint(op.f('ck_proposal_state'), f"state IN ({states})")
        with op.batch_alter_table('proposal_event', schema=None) as batch_op:
            batch_op.drop_constraint(op.f('ck_proposal_event_to_state'), type_='check')
            batch_op.drop_constraint(op.f('ck_proposal_event_from_state'), type_='check')
            batch_op.create_check_constraint(op.f('ck_proposal_event_to_state'),
                                             f"to_state IN ({states})")
            batch_op.create_check_constraint(op.f('ck_proposal_event_from_state'),
                                             f"from_state IS NULL OR from_state IN ({states})")


def upgrade():
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duration_weeks', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('schedule_note', sa.String(length=200), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_opportunity_duration_weeks'),
            "duration_weeks IS NULL OR (kind = 'training' AND duration_weeks >= 1)")
        batch_op.create_check_constraint(
            op.f('ck_opportunity_schedule_note'), "schedule_note IS NULL OR kind = 'training'")
    _states(STATES)


def downgrade():
    op.execute("UPDATE proposal SET state = 'proposed' WHERE state = 'waiting_list'")
    op.execute("DELETE FROM proposal_event WHERE to_state = 'waiting_list'")
    op.execute("UPDATE proposal_event SET from_state = 'proposed' "
               "WHERE from_state = 'waiting_list'")
    _states(OLD_STATES)
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_opportunity_schedule_note'), type_='check')
        batch_op.drop_constraint(op.f('ck_opportunity_duration_weeks'), type_='check')
        batch_op.drop_column('schedule_note')
        batch_op.drop_column('duration_weeks')
