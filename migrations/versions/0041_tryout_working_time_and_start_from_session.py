"""try-out working time and start from its session, also for existing try-outs

Since 0040 a try-out's working time and start date are its session's
(``opportunities.rules.working_time_to_store`` and ``start_date_to_store``), but only
when it is saved again: try-outs made before kept the working time and start date
someone had typed. This revision gives every try-out the ones its session gives, by
the same rule, written out here in SQL (a revision keeps the rule of its day, whatever
rules.py says later):

- a session on a Saturday or Sunday: ``weekend`` only;
- else, while its start or end time is not known (a draft): ``day``;
- else the parts of the day its times overlap (Brussels local time, as stored): day
  from 06:00 (start before 18:00, end after 06:00), evening from 18:00 (start before
  22:00, end after 18:00), night from 22:00 (start before 06:00 or end after 22:00);
  never ``shifts``;
- the start date is the session's day (none while it has none).

The opportunities' data version stamp goes up with a change log row that says
"everything", as a bulk write does (``data_versions.py``), so caches of the matching
read them again. ``updated_at`` and ``version`` stay: nobody changed the try-outs.
The downgrade leaves the values: the ones typed before are not kept anywhere.

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-08 10:00:00.000000

"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0041'
down_revision = '0040'
branch_labels = None
depends_on = None

opportunity = sa.table(
    'opportunity',
    sa.column('kind', sa.String),
    sa.column('session_on', sa.Date),
    sa.column('session_starts', sa.Time),
    sa.column('session_ends', sa.Time),
    sa.column('starts_on', sa.Date),
    sa.column('works_day', sa.Boolean),
    sa.column('works_evening', sa.Boolean),
    sa.column('works_night', sa.Boolean),
    sa.column('works_weekend', sa.Boolean),
    sa.column('works_shifts', sa.Boolean),
)
data_version = sa.table('data_version', sa.column('name', sa.String),
                        sa.column('version', sa.Integer))
data_change = sa.table('data_change', sa.column('name', sa.String),
                       sa.column('version', sa.Integer), sa.column('row_id', sa.Integer))

STAMP = 'opportunities'
# Where the parts of the day begin; bound as times, so each database compares them as
# it stores times (SQLite: text of a fixed width).
DAY_FROM, EVENING_FROM, NIGHT_FROM = dt.time(6), dt.time(18), dt.time(22)


def _time(value: dt.time):
    return sa.literal(value, sa.Time())


def _weekday(dialect: str):
    """The session's day of the week, 0 for Sunday to 6 for Saturday."""
    if dialect == 'sqlite':
        return sa.cast(sa.func.strftime('%w', opportunity.c.session_on), sa.Integer)
    return sa.extract('dow', opportunity.c.session_on)


def _flag(condition):
    return sa.case((condition, sa.true()), else_=sa.false())


def upgrade():
    bind = op.get_bind()
    starts, ends = opportunity.c.session_starts, opportunity.c.session_ends
    weekend = sa.and_(opportunity.c.session_on.is_not(None),
                      _weekday(bind.dialect.name).in_([0, 6]))
    known = sa.and_(starts.is_not(None), ends.is_not(None), ends > starts)
    on_a_weekday = sa.not_(weekend)
    done = bind.execute(
        opportunity.update().where(opportunity.c.kind == 'tryout').values(
            works_weekend=_flag(weekend),
            works_day=_flag(sa.and_(on_a_weekday, sa.or_(
                sa.not_(known), sa.and_(starts < _time(EVENING_FROM), ends > _time(DAY_FROM)))
            )),
            works_evening=_flag(sa.and_(on_a_weekday, known, starts < _time(NIGHT_FROM),
                                        ends > _time(EVENING_FROM))),
            works_night=_flag(sa.and_(on_a_weekday, known, sa.or_(
                starts < _time(DAY_FROM), ends > _time(NIGHT_FROM)))),
            works_shifts=sa.false(),
            starts_on=opportunity.c.session_on,
        )
    )
    if done.rowcount:
        bind.execute(data_version.update().where(data_version.c.name == STAMP)
                     .values(version=data_version.c.version + 1))
        bind.execute(data_change.insert().from_select(
            ['name', 'version', 'row_id'],
            sa.select(data_version.c.name, data_version.c.version, sa.null())
            .where(data_version.c.name == STAMP)))


def downgrade():
    # The working times and start dates typed before 0041 are not kept anywhere; the
    # derived ones satisfy 0040's schema as they are.
    pass
