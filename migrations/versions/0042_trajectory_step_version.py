"""trajectory step version: optimistic locking of a coach's steps

``trajectory_step.version`` is SQLAlchemy's ``version_id_col``, as on the other records
two people (or two tabs of one coach) can edit at once: the step form carries it, and a
save from a form opened on an older version gets the conflict page instead of silently
undoing the save before it. Existing steps start at version 1.

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-07 00:26:48.905838

"""
import warnings

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0042'
down_revision = '0041'
branch_labels = None
depends_on = None


def upgrade():
    # SQLite's batch mode reflects the tables trajectory_step refers to (candidate); it
    # cannot reflect the candidate's expression index of 0015, which the copy does not
    # need.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        with op.batch_alter_table('trajectory_step', schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), nullable=True))
        op.execute("UPDATE trajectory_step SET version = 1")
        with op.batch_alter_table('trajectory_step', schema=None) as batch_op:
            batch_op.alter_column('version', existing_type=sa.Integer(), nullable=False)


def downgrade():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        with op.batch_alter_table('trajectory_step', schema=None) as batch_op:
            batch_op.drop_column('version')
