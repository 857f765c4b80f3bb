"""proposal placement undone at: a hire whose placement the coach undid

``proposal.placement_undone_at`` marks a hire whose placement the candidate's coach
undid (``proposals.hire_steps``). The hire stays a hire, but it no longer places the
candidate with that employer: when the person is placed again (by another employer or
by hand), that employer's open proposals read "placed elsewhere", not "placed with
you". A check allows it on a hire only.

The undos made before this revision are in the audit log
(``candidate_placement_undone``): each hire that places (not a course or a try-out)
gets the first undo of its candidate at or after its own hire.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-06 17:33:07.503005

"""
import warnings

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0039'
down_revision = '0038'
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE proposal SET placement_undone_at = (
    SELECT min(a.occurred_at) FROM audit_event a
    WHERE a.action = 'candidate_placement_undone' AND a.subject_type = 'candidate'
      AND a.subject_id = proposal.candidate_id
      AND a.occurred_at >= (SELECT max(e.at) FROM proposal_event e
                            WHERE e.proposal_id = proposal.id AND e.to_state = 'hired'))
WHERE state = 'hired'
  AND opportunity_id IN (SELECT o.id FROM opportunity o
                         WHERE o.kind NOT IN ('training', 'tryout'))
"""


def upgrade():
    # SQLite's batch mode reflects the tables proposal refers to (candidate); it cannot
    # reflect the candidate's expression index of 0015, which the copy does not need.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        with op.batch_alter_table('proposal', schema=None) as batch_op:
            batch_op.add_column(sa.Column('placement_undone_at', sa.DateTime(), nullable=True))
            batch_op.create_check_constraint(
                op.f('ck_proposal_placement_undone_of_a_hire'),
                "placement_undone_at IS NULL OR state = 'hired'")
    op.execute(BACKFILL)


def downgrade():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        with op.batch_alter_table('proposal', schema=None) as batch_op:
            batch_op.drop_constraint(op.f('ck_proposal_placement_undone_of_a_hire'),
                                     type_='check')
            batch_op.drop_column('placement_undone_at')
