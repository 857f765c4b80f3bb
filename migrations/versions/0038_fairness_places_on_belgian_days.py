"""fairness places on Belgian days: ``fairness_place.shown_on`` is the Belgian day

The fairness report counts the top-10 places of a period by ``fairness_place.shown_on``,
and the ranking oversight counts the same lists between Belgian midnights
(``InsightFilters.start_moment``). Revision 0035 kept the UTC day of
``suggestion_list.shown_at``, so a list shown between 22:00 or 23:00 UTC and midnight
fell one day earlier in the fairness report than in the oversight. From now on
``fairness_traits.place_rows`` writes the Belgian day (``db_types.local_day``); this
revision moves the places already kept to it. No column changes.

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-06 14:45:00.000000

"""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0038'
down_revision = '0037'
branch_labels = None
depends_on = None

ZONE = 'Europe/Brussels'

# PostgreSQL: the stored moment (UTC without a zone) as Belgian wall time, its day;
# only the places whose day changes are written (the covering index is wide).
TO_BELGIAN_DAYS_POSTGRESQL = f"""
UPDATE fairness_place AS p
SET shown_on = CAST(l.shown_at AT TIME ZONE 'UTC' AT TIME ZONE '{ZONE}' AS DATE)
FROM suggestion_list AS l
WHERE l.id = p.list_id
  AND p.shown_on <> CAST(l.shown_at AT TIME ZONE 'UTC' AT TIME ZONE '{ZONE}' AS DATE)
"""

# Both databases: back to the UTC day, as revision 0035 wrote it.
TO_UTC_DAYS = """
UPDATE fairness_place
SET shown_on = (SELECT date(l.shown_at) FROM suggestion_list AS l
                WHERE l.id = fairness_place.list_id)
"""


def _belgian_day(stored) -> str:
    """The Belgian day of a moment as SQLite hands it back (UTC text)."""
    moment = stored if isinstance(stored, datetime) else datetime.fromisoformat(stored)
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(ZONE)).date().isoformat()


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute(TO_BELGIAN_DAYS_POSTGRESQL)
        return
    # SQLite knows no time zones: the day of each list with places, from Python.
    lists = bind.execute(sa.text(
        "SELECT l.id, l.shown_at FROM suggestion_list AS l "
        "WHERE l.id IN (SELECT list_id FROM fairness_place)"
    )).all()
    moved = [{"list_id": list_id, "day": _belgian_day(shown_at)}
             for list_id, shown_at in lists]
    if moved:
        bind.execute(sa.text(
            "UPDATE fairness_place SET shown_on = :day "
            "WHERE list_id = :list_id AND shown_on <> :day"
        ), moved)


def downgrade():
    op.execute(TO_UTC_DAYS)
