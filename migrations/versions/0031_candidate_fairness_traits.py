"""candidate fairness traits: what the fairness report groups each candidate by

The fairness report (issue 17: under 300 ms with 100,000 candidates) reads this derived
table instead of a window function over every language line and an EXISTS on the
consent records per candidate. It is filled here once for every candidate who is not
erased and has an open consent record; from then on
``marketplace/candidates/fairness_traits.py`` keeps it exact. A covering index on the
suggestion entries lets the report count top-10 places without reading the entries.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-05 05:59:29.018236

"""
from alembic import op
import sqlalchemy as sa

# The first language: the other language spoken at the highest level (ties: the first
# code), as ``fairness_traits.first_language`` says it.
FILL = """
INSERT INTO candidate_fairness (candidate_id, organisation_id, created_at, gender,
    birth_year, dutch_level, first_language)
SELECT c.id, c.organisation_id, c.created_at, s.gender, s.birth_year, c.dutch_level, (
    SELECT l.language_code FROM candidate_language AS l
    JOIN cefr_level AS v ON v.code = l.level
    WHERE l.candidate_id = c.id
    ORDER BY v.rank DESC, l.language_code
    LIMIT 1
)
FROM candidate AS c
LEFT OUTER JOIN candidate_sensitive AS s ON s.candidate_id = c.id
WHERE c.status <> 'erased' AND EXISTS (
    SELECT 1 FROM consent_record AS r WHERE r.candidate_id = c.id AND r.withdrawn_on IS NULL
)
"""


# revision identifiers, used by Alembic.
revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('candidate_fairness',
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('gender', sa.String(length=12), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('dutch_level', sa.String(length=4), nullable=True),
    sa.Column('first_language', sa.String(length=2), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_candidate_fairness_candidate_id_candidate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_candidate_fairness_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('candidate_id', name=op.f('pk_candidate_fairness'))
    )
    op.execute(FILL)
    with op.batch_alter_table('candidate_fairness', schema=None) as batch_op:
        batch_op.create_index('ix_candidate_fairness_groups', ['gender', 'dutch_level', 'first_language', 'birth_year', 'created_at', 'organisation_id'], unique=False)
        batch_op.create_index('ix_candidate_fairness_organisation_groups', ['organisation_id', 'gender', 'dutch_level', 'first_language', 'birth_year', 'created_at'], unique=False)

    with op.batch_alter_table('suggestion_entry', schema=None) as batch_op:
        batch_op.create_index('ix_suggestion_entry_list_rank_candidate', ['list_id', 'rank', 'candidate_id'], unique=False)


def downgrade():
    with op.batch_alter_table('suggestion_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_suggestion_entry_list_rank_candidate')

    with op.batch_alter_table('candidate_fairness', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_fairness_organisation_groups')
        batch_op.drop_index('ix_candidate_fairness_groups')

    op.drop_table('candidate_fairness')
