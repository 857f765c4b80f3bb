"""The partnership's trajectory report: the projects' own figures, per period and
partner organisation, protected like the insights dashboards.

The people are those registered in the period (``candidate.created_at``), of one
partner organisation or all. For each, ``queries.stage_select`` says how far they got
by the end of the period (today for a period that has not ended): registered, in a
trajectory (a decision, integrated or linear), in a step towards work (volunteering,
training, internship), found work (a job). Three tables, each the page, its chart and
its CSV at once (``insights.tables.Table``):

* ``funnel``: how many reached each stage, the share of the stage before that moved on
  and the share of everyone registered (a horizontal bar chart);
* ``partners``: the same stages per partner organisation;
* ``durations``: the median number of days from registration to the decision, the
  first step towards work and the first job, over the people who got there.

Protection (``insights.protection``): counts of 1 to 4 hidden, others rounded to 5,
zeros beside a hidden count hidden, shares worked out from the shown figures only, a
median only over 5 or more people; and no table at all when the period (and partner)
holds fewer than ``INSIGHTS_MIN_POPULATION`` people (rule 7).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _

from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import Trajectory
from marketplace.db_types import local_date
from marketplace.extensions import db
from marketplace.insights.protection import (
    NOT_SHOWN,
    protect,
    protect_average,
    share_of,
)
from marketplace.insights.queries import InsightFilters
from marketplace.insights.tables import (
    Column,
    Row,
    Table,
    by_shown_figure,
    hide_lone_zeros,
    total_row,
)
from marketplace.trajectories.queries import partner_choices, stage_select
from marketplace.trajectories.vocab import Stage


@dataclass(frozen=True)
class ReportFilters:
    """A period of registration (days, both included) and a partner (None: all)."""

    start: date
    end: date
    partner_id: int | None = None

    @property
    def period(self) -> InsightFilters:
        """The period as the insights' filters, for their moments and file names."""
        return InsightFilters(start=self.start, end=self.end)


@dataclass(frozen=True)
class Person:
    """How far one person got; only ever counted, never shown."""

    organisation_id: int
    registered_on: date
    trajectory: str | None
    decided_on: date | None
    towards_work_on: date | None
    job_on: date | None
    stage: int


def people(filters: ReportFilters, today: date) -> list[Person]:
    """The people registered in the period (of the partner), with their stage at the
    end of the period or today, whichever comes first."""
    period = filters.period
    where = [Candidate.created_at.between(period.start_moment, period.end_moment)]
    if filters.partner_id is not None:
        where.append(Candidate.organisation_id == filters.partner_id)
    rows = db.session.execute(stage_select(min(filters.end, today), *where)).mappings()
    return [
        Person(
            organisation_id=row["organisation_id"],
            registered_on=local_date(row["registered_at"]),
            trajectory=row["trajectory"],
            decided_on=row["decided_on"],
            towards_work_on=row["towards_work_on"],
            job_on=row["job_on"],
            stage=row["stage"],
        )
        for row in rows
    ]


def _stage_counts(group: list[Person]) -> list[int]:
    """Registered, integrated, linear, towards work, found work: raw counts."""
    in_trajectory = [p for p in group if p.stage >= Stage.IN_TRAJECTORY]
    return [
        len(group),
        sum(1 for p in in_trajectory if p.trajectory == Trajectory.INTEGRATED),
        sum(1 for p in in_trajectory if p.trajectory == Trajectory.LINEAR),
        sum(1 for p in group if p.stage >= Stage.TOWARDS_WORK),
        sum(1 for p in group if p.stage >= Stage.FOUND_WORK),
    ]


def _stage_labels() -> list[str]:
    return [
        _("Registered"),
        _("In an integrated trajectory"),
        _("In a linear trajectory"),
        _("In a step towards work"),
        _("Found work"),
    ]


def _too_few(group: list[Person]) -> bool:
    return len(group) < current_app.config["INSIGHTS_MIN_POPULATION"]


def _withheld(key: str, caption: str) -> Table:
    """A table of a selection with too few people: its caption and why, no figures."""
    hint = _(
        "To protect their privacy, we show no figures about fewer than %(num)d people. "
        "Choose a longer period or all partner organisations.",
        num=current_app.config["INSIGHTS_MIN_POPULATION"],
    )
    return Table(key, caption, "", [], [], chart=None, notes=[hint],
                 withheld=_("Too few people for this selection"))


def funnel_table(group: list[Person]) -> Table:
    """How many people reached each stage and the share that moved on."""
    caption = _("How far people got")
    if _too_few(group):
        return _withheld("funnel", caption)
    registered, integrated, linear, towards, found = (protect(n) for n in _stage_counts(group))
    in_trajectory = protect(sum(1 for p in group if p.stage >= Stage.IN_TRAJECTORY))
    cells = [[registered], [in_trajectory], [integrated], [linear], [towards], [found]]
    hide_lone_zeros(cells, [0])
    registered, in_trajectory, integrated, linear, towards, found = (c[0] for c in cells)
    before = [None, registered, in_trajectory, in_trajectory, in_trajectory, towards]
    labels = [
        _("Registered"),
        _("In a trajectory (decided)"),
        _("of whom integrated"),
        _("of whom linear"),
        _("In a step towards work"),
        _("Found work"),
    ]
    rows = [
        Row(label, [figure, share_of(figure, previous) if previous else NOT_SHOWN,
                    share_of(figure, registered)])
        for label, figure, previous in zip(
            labels, [registered, in_trajectory, integrated, linear, towards, found], before,
            strict=True,
        )
    ]
    return Table(
        key="funnel",
        caption=caption,
        label_header=_("Stage"),
        columns=[
            Column(_("People"), chart=True),
            Column(_("Moved on from the stage before (%)")),
            Column(_("Of everyone registered (%)")),
        ],
        rows=rows,
        chart="bar",
        notes=[_(
            "Each stage counts the people who got at least that far by the end of the "
            "period: someone who found work was also registered and in a trajectory. "
            "Integrated and linear: the latest decision by then."
        )],
    )


def partners_table(group: list[Person], partner_id: int | None) -> Table:
    """The stages per partner organisation (the people's organisation now)."""
    caption = _("Stages per partner organisation")
    if _too_few(group):
        return _withheld("partners", caption)
    partners = [(i, name) for i, name in partner_choices() if partner_id in (None, i)]
    by_partner: dict[int, list[Person]] = {}
    for person in group:
        by_partner.setdefault(person.organisation_id, []).append(person)
    cells = [[protect(n) for n in _stage_counts(by_partner.get(i, []))] for i, _n in partners]
    hide_lone_zeros(cells, range(5))
    rows = by_shown_figure([
        Row(name, figures, is_data=True)
        for (_i, name), figures in zip(partners, cells, strict=True)
    ])
    return Table(
        key="partners",
        caption=caption,
        label_header=_("Partner organisation"),
        columns=[Column(label) for label in _stage_labels()],
        rows=rows,
        total=total_row(rows) if rows else None,
        chart=None,
    )


def _median_days(group: list[Person], attribute: str) -> tuple[float | None, int]:
    days = [
        max(0, (getattr(p, attribute) - p.registered_on).days)
        for p in group if getattr(p, attribute) is not None
    ]
    return (statistics.median(days) if days else None), len(days)


def durations_table(group: list[Person]) -> Table:
    """The median days from registration to each stage, over who got there."""
    caption = _("How long each stage took")
    if _too_few(group):
        return _withheld("durations", caption)
    stages = [
        (_("From registration to the trajectory decision"), "decided_on"),
        (_("From registration to the first step towards work"), "towards_work_on"),
        (_("From registration to the first job"), "job_on"),
    ]
    rows = []
    for label, attribute in stages:
        median, units = _median_days(group, attribute)
        rows.append(Row(label, [protect_average(median, units), protect(units)]))
    return Table(
        key="durations",
        caption=caption,
        label_header=_("Stage"),
        columns=[Column(_("Median days"), chart=True), Column(_("People"))],
        rows=rows,
        chart="bar",
        notes=[_("The median: half of the people took fewer days, half more. Shown "
                 "only when 5 or more people got there.")],
    )


def report_tables(filters: ReportFilters, today: date) -> dict[str, Table]:
    """The report's tables by key, for the page and the CSV downloads."""
    group = people(filters, today)
    return {
        "funnel": funnel_table(group),
        "partners": partners_table(group, filters.partner_id),
        "durations": durations_table(group),
    }
