"""coach news settings and placement undo

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-04 22:28:36.813674

A coach's news: when they last saw it, whether they want the daily digest, when the
last digest went out, and after how many days (1 to 60, 7 by default) an unanswered
proposal is flagged. A candidate keeps the status a placement replaced, for its undo.
The check constraints are written by hand (autogenerate does not compare them).

On SQLite the batch copies the candidate table and would lose the expression index of
0015, which it cannot reflect: that index is dropped before and made again after.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0018'
branch_labels = None
depends_on = None


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


def upgrade():
    dropped = _drop_expression_index()
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_before_placed', sa.String(length=10), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_candidate_status_before_placed'),
            "status_before_placed IS NULL OR (status = 'placed' AND "
            "status_before_placed IN ('active', 'paused', 'left'))",
        )
    if dropped:
        _make_expression_index()

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('news_seen_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('wants_daily_digest', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('digest_sent_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('unanswered_after_days', sa.Integer(), server_default='7', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_user_account_unanswered_after_days'),
            'unanswered_after_days BETWEEN 1 AND 60',
        )


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_account_unanswered_after_days'), type_='check')
        batch_op.drop_column('unanswered_after_days')
        batch_op.drop_column('digest_sent_at')
        batch_op.drop_column('wants_daily_digest')
        batch_op.drop_column('news_seen_at')

    dropped = _drop_expression_index()
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_candidate_status_before_placed'), type_='check')
        batch_op.drop_column('status_before_placed')
    if dropped:
        _make_expression_index()
