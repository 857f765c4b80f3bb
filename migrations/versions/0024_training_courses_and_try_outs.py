"""Training courses and try-outs: two kinds of opportunity, training providers as a kind
of organisation, and candidates who wish for a training course.

The check constraints are written by hand (autogenerate does not compare them). On
SQLite the batch copies the candidate table and would lose the expression index of
0015, which it cannot reflect: that index is dropped before and made again after.

Revision ID: 0024
Revises: 0021
Create Date: 2026-12-05 01:33:24.635835

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0021'
branch_labels = None
depends_on = None

OPPORTUNITY_KINDS = "'job', 'internship', 'volunteering', 'training', 'tryout'"
OLD_OPPORTUNITY_KINDS = "'job', 'internship', 'volunteering'"
ORGANISATION_KINDS = "'employer', 'partner', 'federation', 'admin', 'training_provider'"
OLD_ORGANISATION_KINDS = "'employer', 'partner', 'federation', 'admin'"


def _drop_expression_index() -> bool:
    if op.get_bind().dialect.name != 'sqlite':
        return False
    op.drop_index('ix_candidate_coach_pseudonym', table_name='candidate')
    return True


def _make_expression_index() -> None:
    op.create_index(
        'ix_candidate_coach_pseudonym', 'candidate',
        ['coach_id', sa.text('lower(pseudonym)'), 'id'], unique=False,
    )


def _kinds(table: str, kinds: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f'ck_{table}_kind'), type_='check')
        batch_op.create_check_constraint(op.f(f'ck_{table}_kind'), f"kind IN ({kinds})")


def upgrade():
    dropped = _drop_expression_index()
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wishes_training', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.alter_column('wishes_training', server_default=None)
    with op.batch_alter_table('candidate_occupation_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wishes_training', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('candidate_occupation_group', schema=None) as batch_op:
        batch_op.alter_column('wishes_training', server_default=None)
    _kinds('opportunity', OPPORTUNITY_KINDS)
    _kinds('organisation', ORGANISATION_KINDS)
    if dropped:
        _make_expression_index()


def downgrade():
    op.execute("DELETE FROM opportunity WHERE kind IN ('training', 'tryout')")
    dropped = _drop_expression_index()
    _kinds('opportunity', OLD_OPPORTUNITY_KINDS)
    _kinds('organisation', OLD_ORGANISATION_KINDS)
    with op.batch_alter_table('candidate_occupation_group', schema=None) as batch_op:
        batch_op.drop_column('wishes_training')
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_column('wishes_training')
    if dropped:
        _make_expression_index()
