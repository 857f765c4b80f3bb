"""organisation name in lower case unique: "Acme" and "ACME" are one organisation

The admin form already refuses a name that differs from another only in capitals; the
index decides when two admins send such names at the same moment. A database that
already holds such a pair stops the upgrade with both names, for an admin to rename one.

Revision ID: 0045
Revises: 0044
Create Date: 2026-12-07 10:20:00

Written by hand: autogenerate skips indexes on expressions (see 0015).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0045'
down_revision = '0044'
branch_labels = None
depends_on = None


def upgrade():
    clashes = op.get_bind().execute(sa.text(
        "SELECT name FROM organisation WHERE lower(name) IN ("
        " SELECT lower(name) FROM organisation GROUP BY lower(name) HAVING count(*) > 1)"
        " ORDER BY lower(name), name")).scalars().all()
    if clashes:
        raise RuntimeError(
            "Organisations whose names differ only in capitals: "
            + ", ".join(repr(name) for name in clashes)
            + ". Rename one of each (Admin, Organisations) and upgrade again.")
    op.create_index('uq_organisation_name_lower', 'organisation',
                    [sa.text('lower(name)')], unique=True)


def downgrade():
    op.drop_index('uq_organisation_name_lower', table_name='organisation')
