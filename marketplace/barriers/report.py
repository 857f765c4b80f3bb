"""The partnership's barriers report: which barriers people have, how long they take to
solve, and which barriers stand in the way per trajectory. The material the projects
used for policy advice; the readers (analysts and admins, ``security.py``) never see one
person's barriers.

Who counts: candidates who are not erased and have an open consent record (as on the
supply dashboard), of the chosen partner organisation (the candidate's organisation
now), or of every partner. Every figure is a ``GROUP BY`` in the database; nothing
here loads a barrier or a candidate. The figures go through the insights' rule
(``insights/protection.py``): counts of 1 to 4 hidden, others rounded to 5, zeros
beside a hidden count hidden, medians only over 5 or more barriers; a table is
withheld whole when its selection holds fewer than ``INSIGHTS_MIN_POPULATION`` people
(rule 7), and a column (one partner, one trajectory) of fewer people is not shown on
its own: its people stay in the "all" column.

* **open at the end of the period**: noted on or before the last day and not solved by
  then (solved later, or not yet). Per kind, the people with such a barrier, per
  partner organisation (``partners``) or per trajectory (``trajectories``): both come
  from :func:`open_table` with the column to group by, the one place to add a
  breakdown; and per stage reached (``stages``: not yet in a trajectory, in one, in a
  step towards work, found work), which barriers stand before each next step.
* **solving** (``solving``): per kind, the barriers solved during the period and the
  median number of days from noted to solved.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import OrganisationKind
from marketplace.barriers.models import CandidateBarrier
from marketplace.barriers.vocab import BarrierKind
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus, Trajectory
from marketplace.extensions import db
from marketplace.insights.protection import Figure, protect, protect_average, total_of
from marketplace.insights.queries import InsightFilters
from marketplace.insights.tables import Column, Row, Table, by_shown_figure, hide_lone_zeros
from marketplace.trajectories.queries import stage_select
from marketplace.trajectories.vocab import Stage
from marketplace.web.labels import choice_label


@dataclass(frozen=True)
class BarrierFilters(InsightFilters):
    """The period, and one partner organisation (None: every partner)."""

    partner: int | None = None


def _min_population() -> int:
    return current_app.config["INSIGHTS_MIN_POPULATION"]


def _selection(filters: BarrierFilters) -> list:
    """Who counts (module docstring)."""
    conditions = [
        CandidateBarrier.candidate_id == Candidate.id,
        Candidate.status != CandidateStatus.ERASED,
        Candidate.has_active_consent,
    ]
    if filters.partner is not None:
        conditions.append(Candidate.organisation_id == filters.partner)
    return conditions


def _open_at_end(filters: BarrierFilters) -> list:
    return [
        CandidateBarrier.noted_on <= filters.end,
        or_(CandidateBarrier.solved_on.is_(None), CandidateBarrier.solved_on > filters.end),
    ]


def _people():
    return func.count(func.distinct(CandidateBarrier.candidate_id))


@dataclass(frozen=True)
class OpenCounts:
    """People with an open barrier at the end of the period: per (kind, group key),
    per group key (any kind), per kind (any group) and in all."""

    by_kind_and_key: dict[tuple[str, object], int]
    by_key: dict[object, int]
    by_kind: dict[str, int]
    population: int


def open_people_by(filters: BarrierFilters, column, joined=()) -> OpenCounts:
    """The people with a barrier open at the end of the period, grouped by ``column``
    (a column of ``candidate``, such as its organisation or trajectory, or of a
    subquery tied to the candidate by the conditions ``joined``)."""
    where = [*_selection(filters), *_open_at_end(filters), *joined]
    base = select(CandidateBarrier.kind).where(*where)
    by_kind_and_key = {
        (kind, key): count
        for kind, key, count in db.session.execute(
            select(CandidateBarrier.kind, column, _people()).where(*where)
            .group_by(CandidateBarrier.kind, column)
        )
    }
    by_key = dict(db.session.execute(select(column, _people()).where(*where).group_by(column))
                  .all())
    by_kind = dict(db.session.execute(
        base.add_columns(_people()).group_by(CandidateBarrier.kind)).all())
    population = db.session.scalar(select(_people()).where(*where)) or 0
    return OpenCounts(by_kind_and_key, by_key, by_kind, population)


def _withheld(key: str, caption: str) -> Table:
    return Table(
        key, caption, "", [], [], chart=None,
        notes=[_(
            "To protect their privacy, we show no figures about fewer than %(num)d people. "
            "Widen the filters: a longer period or all partner organisations.",
            num=_min_population(),
        )],
        withheld=_("Too few people for this selection"),
    )


def open_table(filters: BarrierFilters, key: str, caption: str, column,
               column_labels: dict[object, tuple[str, bool]], left_out_note: str,
               joined=()) -> Table:
    """People with each kind of barrier open at the end of the period, in all and per
    value of ``column``. ``column_labels`` maps each value to its heading and whether
    that heading is data (an organisation's name); values not in it are not shown
    apart. Groups of fewer than the minimum population stay in the "all" column only."""
    counts = open_people_by(filters, column, joined)
    if counts.population < _min_population():
        return _withheld(key, caption)
    keys = [value for value in column_labels
            if counts.by_key.get(value, 0) >= _min_population()]
    if len(keys) == 1 and counts.by_key.get(keys[0]) == counts.population:
        keys = []  # one group that is everyone: the "all" column says it already
    columns = [Column(_("All people in the selection"), chart=True)] + [
        Column(column_labels[value][0], is_data=column_labels[value][1]) for value in keys
    ]
    rows = [
        Row(
            choice_label("barrier_kind", kind),
            [protect(counts.by_kind.get(kind, 0))]
            + [protect(counts.by_kind_and_key.get((kind, value), 0)) for value in keys],
        )
        for kind in BarrierKind
    ]
    hide_lone_zeros((row.cells for row in rows), range(len(columns)))
    total = Row(
        _("People with at least one open barrier"),
        [protect(counts.population)] + [protect(counts.by_key.get(value, 0)) for value in keys],
    )
    notes = [_("A person with two kinds of barriers counts in both rows, and once in the "
               "last row.")]
    if len(keys) < len([v for v in column_labels if counts.by_key.get(v)]):
        notes.append(left_out_note)
    return Table(key, caption, _("Barrier"), columns, by_shown_figure(rows), total, notes=notes)


def partner_options() -> list[tuple[int, str]]:
    """``(id, name)`` of every partner organisation, by name: the filter's choices."""
    return [tuple(row) for row in db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.kind == OrganisationKind.PARTNER)
        .order_by(func.lower(Organisation.name))
    )]


def _partners() -> dict[object, tuple[str, bool]]:
    return {organisation_id: (name, True) for organisation_id, name in partner_options()}


def open_by_partner(filters: BarrierFilters) -> Table:
    return open_table(
        filters, "partners", _("People with a barrier open at the end of the period, per "
                               "partner organisation"),
        Candidate.organisation_id, _partners(),
        _("Partner organisations with fewer than %(num)d such people have no column of "
          "their own; they count in the first column.", num=_min_population()),
    )


def open_by_trajectory(filters: BarrierFilters) -> Table:
    labels = {str(t): (choice_label("trajectory", t), False) for t in Trajectory}
    return open_table(
        filters, "trajectories", _("People with a barrier open at the end of the period, "
                                   "per trajectory"),
        Candidate.trajectory, labels,
        _("A trajectory with fewer than %(num)d such people has no column of its own; they "
          "count in the first column.", num=_min_population()),
    )


def open_by_stage(filters: BarrierFilters) -> Table:
    """Which barriers stand between people and the next step: people with an open
    barrier by how far they had got at the end of the period (the trajectories' one
    definition of a person's stage, ``trajectories.queries.stage_select``)."""
    stages = stage_select(filters.end).subquery("stages")
    labels = {
        int(Stage.REGISTERED): (_("Not in a trajectory yet"), False),
        int(Stage.IN_TRAJECTORY): (_("In a trajectory, no step towards work yet"), False),
        int(Stage.TOWARDS_WORK): (_("In a step towards work, no job yet"), False),
        int(Stage.FOUND_WORK): (_("Found work"), False),
    }
    return open_table(
        filters, "stages", _("People with a barrier open at the end of the period, by how "
                             "far they got"),
        stages.c.stage, labels,
        _("A stage with fewer than %(num)d such people has no column of its own; they "
          "count in the first column.", num=_min_population()),
        joined=[stages.c.candidate_id == Candidate.id],
    )


# --- how long barriers take to solve ---------------------------------------------------


def solved_durations(filters: BarrierFilters) -> tuple[dict[str, list[int]], int]:
    """``({kind: [days from noted to solved, one per barrier]}, people)`` for the
    barriers solved during the period. The database groups by kind and the two days
    (the same query on SQLite and PostgreSQL, whose date arithmetic differ); the days
    are worked out here from those groups, never from single rows."""
    where = [*_selection(filters), CandidateBarrier.solved_on.between(filters.start, filters.end)]
    days: dict[str, list[int]] = defaultdict(list)
    for kind, noted_on, solved_on, count in db.session.execute(
        select(CandidateBarrier.kind, CandidateBarrier.noted_on, CandidateBarrier.solved_on,
               func.count()).where(*where)
        .group_by(CandidateBarrier.kind, CandidateBarrier.noted_on, CandidateBarrier.solved_on)
    ):
        days[kind].extend([(solved_on - noted_on).days] * count)
    people = db.session.scalar(select(_people()).where(*where)) or 0
    return days, people


def _solving_cells(durations: list[int]) -> list[Figure]:
    median = statistics.median(durations) if durations else None
    return [protect(len(durations)), protect_average(median, len(durations))]


def solving_table(filters: BarrierFilters) -> Table:
    """Per kind: barriers solved during the period and the median days it took."""
    caption = _("Barriers solved during the period, and how long that took")
    days, people = solved_durations(filters)
    if people < _min_population():
        return _withheld("solving", caption)
    rows = [Row(choice_label("barrier_kind", kind), _solving_cells(days.get(kind, [])))
            for kind in BarrierKind]
    hide_lone_zeros((row.cells for row in rows), (0,))
    everything = [value for values in days.values() for value in values]
    total = Row(_("All barriers"), [total_of(row.cells[0] for row in rows),
                                    _solving_cells(everything)[1]])
    return Table(
        "solving", caption, _("Barrier"),
        [Column(_("Barriers solved"), chart=True), Column(_("Median days to solve"))],
        by_shown_figure(rows), total,
        notes=[_("Days from the day the barrier was noted to the day it was solved. Half "
                 "of the barriers took less time, half took more. Shown from 5 barriers.")],
    )


def barrier_summary(filters: BarrierFilters) -> Figure:
    """People with at least one barrier open at the end of the period."""
    where = [*_selection(filters), *_open_at_end(filters)]
    return protect(db.session.scalar(select(_people()).where(*where)) or 0)


#: The report's tables by key, for the page and the CSV downloads.
BARRIER_TABLES = {
    "partners": open_by_partner,
    "solving": solving_table,
    "trajectories": open_by_trajectory,
    "stages": open_by_stage,
}
