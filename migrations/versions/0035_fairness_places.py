"""fairness places: the top-10 places of the candidates the fairness report counts

The fairness report (issue 17: under 300 ms with 100,000 candidates) counted each
candidate's top-10 places of the period by joining the wide suggestion entries with
their lists, grouping them per candidate and joining that to ``candidate_fairness``.
``fairness_place`` holds one narrow row per such place with the candidate's
``candidate_fairness`` row copied, so the report counts places and people per group
from one covering index. It is filled here for the places already logged; from then on
``marketplace/candidates/fairness_traits.py`` keeps it exact (for which it reads a
candidate's entries by the new index on ``suggestion_entry.candidate_id``).

Revision ID: 0035
Revises: 0033
Create Date: 2026-12-05 09:43:34.841229

"""
from alembic import op
import sqlalchemy as sa


# The places of ``fairness_traits.place_rows``: entries ranked 1 to 10 of ranked lists
# for an opportunity, of candidates with a ``candidate_fairness`` row; ``date()`` gives
# the UTC day on both databases.
FILL = """
INSERT INTO fairness_place (list_id, rank, shown_on, candidate_id, organisation_id,
    created_at, gender, birth_year, dutch_level, first_language)
SELECT e.list_id, e.rank, date(l.shown_at), f.candidate_id, f.organisation_id,
    f.created_at, f.gender, f.birth_year, f.dutch_level, f.first_language
FROM suggestion_entry AS e
JOIN suggestion_list AS l ON l.id = e.list_id
JOIN candidate_fairness AS f ON f.candidate_id = e.candidate_id
WHERE l.ranked IS true AND l.subject = 'opportunity' AND e.rank <= 10
"""


# revision identifiers, used by Alembic.
revision = '0035'
down_revision = '0033'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fairness_place',
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('shown_on', sa.Date(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('gender', sa.String(length=12), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('dutch_level', sa.String(length=4), nullable=True),
    sa.Column('first_language', sa.String(length=2), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_fairness_place_candidate_id_candidate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['list_id'], ['suggestion_list.id'], name=op.f('fk_fairness_place_list_id_suggestion_list'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_fairness_place_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('candidate_id', 'list_id', 'rank', name=op.f('pk_fairness_place'))
    )
    op.execute(FILL)
    with op.batch_alter_table('fairness_place', schema=None) as batch_op:
        batch_op.create_index('ix_fairness_place_groups', ['gender', 'dutch_level', 'first_language', 'birth_year', 'candidate_id', 'shown_on', 'created_at', 'organisation_id'], unique=False)

    with op.batch_alter_table('suggestion_entry', schema=None) as batch_op:
        batch_op.create_index('ix_suggestion_entry_candidate', ['candidate_id'], unique=False)



def downgrade():
    with op.batch_alter_table('suggestion_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_suggestion_entry_candidate')

    with op.batch_alter_table('fairness_place', schema=None) as batch_op:
        batch_op.drop_index('ix_fairness_place_groups')

    op.drop_table('fairness_place')
