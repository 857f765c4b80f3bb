"""caseload handover job: an admin's whole-caseload handover runs as a background job

``caseload_handover`` keeps what the admin confirmed (from which coach, to whom, the
note, how many people) for the job to carry out and for the receiving coach's news;
``candidate_handover.caseload_handover_id`` ties each person's handover record to it,
unique per person, so a job run again writes no second record.

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-07 03:03:34.690543

"""
import warnings

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0043'
down_revision = '0042'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('caseload_handover',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_coach_id', sa.Integer(), nullable=False),
    sa.Column('to_coach_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('expected', sa.Integer(), nullable=False),
    sa.Column('moved', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('(moved IS NULL) = (finished_at IS NULL)', name=op.f('ck_caseload_handover_finished_with_count')),
    sa.CheckConstraint('expected >= 0 AND (moved IS NULL OR moved >= 0)', name=op.f('ck_caseload_handover_counts')),
    sa.CheckConstraint('from_coach_id <> to_coach_id', name=op.f('ck_caseload_handover_different_coaches')),
    sa.ForeignKeyConstraint(['from_coach_id'], ['user_account.id'], name=op.f('fk_caseload_handover_from_coach_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], name=op.f('fk_caseload_handover_requested_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['to_coach_id'], ['user_account.id'], name=op.f('fk_caseload_handover_to_coach_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caseload_handover'))
    )
    with op.batch_alter_table('caseload_handover', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caseload_handover_from_coach_id'), ['from_coach_id'], unique=False)
        batch_op.create_index('ix_caseload_handover_to_coach_id_finished_at', ['to_coach_id', 'finished_at'], unique=False)

    # SQLite's batch mode reflects the tables candidate_handover refers to (candidate); it
    # cannot reflect the candidate's expression index of 0015, which the copy does not
    # need.
    with warnings.catch_warnings(), \
            op.batch_alter_table('candidate_handover', schema=None) as batch_op:
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        batch_op.add_column(sa.Column('caseload_handover_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_candidate_handover_caseload_handover_id'), ['caseload_handover_id', 'candidate_id'])
        batch_op.create_foreign_key(batch_op.f('fk_candidate_handover_caseload_handover_id_caseload_handover'), 'caseload_handover', ['caseload_handover_id'], ['id'], ondelete='RESTRICT')



def downgrade():
    with warnings.catch_warnings(), \
            op.batch_alter_table('candidate_handover', schema=None) as batch_op:
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        batch_op.drop_constraint(batch_op.f('fk_candidate_handover_caseload_handover_id_caseload_handover'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_candidate_handover_caseload_handover_id'), type_='unique')
        batch_op.drop_column('caseload_handover_id')

    with op.batch_alter_table('caseload_handover', schema=None) as batch_op:
        batch_op.drop_index('ix_caseload_handover_to_coach_id_finished_at')
        batch_op.drop_index(batch_op.f('ix_caseload_handover_from_coach_id'))

    op.drop_table('caseload_handover')
