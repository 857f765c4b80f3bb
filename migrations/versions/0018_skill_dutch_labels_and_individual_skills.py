"""Skills: a Dutch label from Werkbrug's catalogue, and kind 'skill' for the 13,939
individual ESCO skills.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 22:27:51.180961

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('group', 'transversal', 'language', 'ict')"
NEW_KINDS = "kind IN ('group', 'skill', 'transversal', 'language', 'ict')"


def upgrade():
    with op.batch_alter_table('skill', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label_nl', sa.String(length=300), server_default='',
                                      nullable=False))
        batch_op.drop_constraint(op.f('ck_skill_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_skill_kind'), sa.text(NEW_KINDS))


def downgrade():
    # The old constraint has no kind for individual skills, and vacancies and
    # candidates may refer to them: refuse rather than delete or mislabel them.
    connection = op.get_bind()
    count = connection.execute(sa.text("SELECT count(*) FROM skill WHERE kind = 'skill'")).scalar()
    if count:
        raise RuntimeError(
            f"{count} skills have kind 'skill' and others may refer to them; "
            "downgrading would have to delete them. Restore a backup instead."
        )
    with op.batch_alter_table('skill', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_skill_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_skill_kind'), sa.text(OLD_KINDS))
        batch_op.drop_column('label_nl')
