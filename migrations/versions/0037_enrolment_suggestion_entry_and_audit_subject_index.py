"""enrolment suggestion entry and audit subject newest index

``tryout_enrolment.suggestion_entry_id`` links an enrolment made from a suggestion row
to that suggestion (and so its rank), as ``proposal.suggestion_entry_id`` does, so the
ranking's oversight counts try-out enrolments too. Existing enrolments stay unlinked:
which row they came from was never recorded.

``audit_event (subject_type, subject_id, id)`` gives a subject's events newest first
(the candidate's history and profile) without a sort. It replaces the index on
``(subject_type, subject_id)``, its prefix, which every query by subject can use from
the new one: the most-written table keeps one index instead of two.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-06 08:17:10.703279

"""
import warnings

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0037'
down_revision = '0036'
branch_labels = None
depends_on = None


def upgrade():
    # The new index first, so queries by subject always have one.
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_subject_newest', ['subject_type', 'subject_id', 'id'], unique=False)
        batch_op.drop_index(batch_op.f('ix_audit_event_subject'))

    # SQLite's batch mode copies tryout_enrolment and reflects the tables it refers to
    # (candidate); it cannot reflect the candidate's expression index of 0015, which the
    # copy does not need.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        with op.batch_alter_table('tryout_enrolment', schema=None) as batch_op:
            batch_op.add_column(sa.Column('suggestion_entry_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f('fk_tryout_enrolment_suggestion_entry_id_suggestion_entry'), 'suggestion_entry', ['suggestion_entry_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        with op.batch_alter_table('tryout_enrolment', schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f('fk_tryout_enrolment_suggestion_entry_id_suggestion_entry'), type_='foreignkey')
            batch_op.drop_column('suggestion_entry_id')

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_subject'), ['subject_type', 'subject_id'], unique=False)
        batch_op.drop_index('ix_audit_event_subject_newest')
