"""form submission tokens: create forms make their record once

``form_submission`` keeps the one-time token a create form carried, per user (unique
pair), with the page of what it made, written in the transaction that made it: a
second send of the form (a double click, a reload) is sent to that page instead of
making the record again (``web/once_only.py``). Rows are pruned after a week.

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-07 03:05:01.093173

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0044'
down_revision = '0043'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('form_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('result_url', sa.String(length=2000), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_form_submission_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_submission')),
    sa.UniqueConstraint('user_id', 'token', name='uq_form_submission_user_token')
    )
    with op.batch_alter_table('form_submission', schema=None) as batch_op:
        batch_op.create_index('ix_form_submission_sent_at', ['sent_at'], unique=False)



def downgrade():
    with op.batch_alter_table('form_submission', schema=None) as batch_op:
        batch_op.drop_index('ix_form_submission_sent_at')

    op.drop_table('form_submission')
