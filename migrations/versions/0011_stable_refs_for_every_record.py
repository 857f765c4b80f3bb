"""stable refs for every record: organisations, opportunities and live candidates

Rows made on the site had no ref, so an export named them ``<prefix>-<id>`` and an
import of that export could not find them again. The backfill gives them exactly that
ref (so exports written before keep matching), unless an imported row already holds it;
such a row's twin gets ``<prefix>-site-<id>``. New rows get a ref from the column
default (``marketplace/refs.py``). Erased candidates keep none (erasure empties it).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 13:39:25.309524

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_TABLES = ("organisation", "opportunity", "candidate")


def _backfill(table: str) -> None:
    live = " AND status <> 'erased'" if table == "candidate" else ""
    id_ref = f"'{table}-' || CAST({table}.id AS VARCHAR(20))"  # the outer row's id
    op.execute(
        f"UPDATE {table} SET ref = {id_ref} WHERE ref IS NULL{live} AND NOT EXISTS "
        f"(SELECT 1 FROM {table} AS other WHERE other.ref = {id_ref})"
    )
    op.execute(
        f"UPDATE {table} SET ref = '{table}-site-' || CAST(id AS VARCHAR(20)) "
        f"WHERE ref IS NULL{live}"
    )


def upgrade():
    for table in _TABLES:
        _backfill(table)
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.alter_column('ref',
               existing_type=sa.VARCHAR(length=100),
               nullable=False)

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.alter_column('ref',
               existing_type=sa.VARCHAR(length=100),
               nullable=False)

    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.create_check_constraint(
            batch_op.f('ck_candidate_live_has_ref'), "status = 'erased' OR ref IS NOT NULL")


def downgrade():
    # The refs stay: they are valid keys under the old schema too.
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_candidate_live_has_ref'), type_='check')

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.alter_column('ref',
               existing_type=sa.VARCHAR(length=100),
               nullable=True)

    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.alter_column('ref',
               existing_type=sa.VARCHAR(length=100),
               nullable=True)
