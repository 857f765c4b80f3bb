"""caseload order index: a coach's candidates by pseudonym

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 16:55:00

Written by hand: autogenerate skips indexes on expressions (it cannot reflect them on
SQLite), so it never proposes this one and never reports it as drift.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_candidate_coach_pseudonym', 'candidate',
        ['coach_id', sa.text('lower(pseudonym)'), 'id'], unique=False,
    )


def downgrade():
    op.drop_index('ix_candidate_coach_pseudonym', table_name='candidate')
