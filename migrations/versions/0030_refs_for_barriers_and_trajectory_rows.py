"""refs for barriers and trajectory rows

Barriers, trajectory decisions and trajectory steps become records of their own in the
interchange format (``flask records``), keyed by a stable ref like organisations and
opportunities. Existing rows get ``<prefix>-<id>``; new rows get a random ref from the
column default (``marketplace/refs.py``).

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-05 05:50:47.128969

"""
import warnings

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None

_TABLES = {
    "candidate_barrier": "barrier",
    "trajectory_decision": "trajectory-decision",
    "trajectory_step": "trajectory-step",
}


def upgrade():
    # SQLite's batch mode reflects the tables these refer to (candidate); it cannot
    # reflect the candidate's expression index of 0015, which the copy does not need.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        _add_refs()


def _add_refs():
    for table, prefix in _TABLES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('ref', sa.String(length=100), nullable=True))
        op.execute(f"UPDATE {table} SET ref = '{prefix}-' || CAST(id AS VARCHAR(20))")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('ref', existing_type=sa.String(length=100), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_ref'), ['ref'])


def downgrade():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        for table in reversed(list(_TABLES)):
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.drop_constraint(batch_op.f(f'uq_{table}_ref'), type_='unique')
                batch_op.drop_column('ref')
