"""The barriers and trajectories reports as JSON: ``GET /insights/barriers`` and
``GET /insights/trajectories``.

The same protected tables as the report pages (``barriers.report.BARRIER_TABLES``,
``trajectories.report.report_tables``: minimum population, rounding, hidden small
counts), with the pages' filters checked by the pages' forms (a bad one is a 422
problem). Who may ask is ``accounts.permissions.PERMISSIONS``, as for the pages: the barriers
report for the federations and the partnership, the trajectories report for the
roles that see the supply insights.
"""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import MultiDict

from marketplace.accounts.permissions import Permission
from marketplace.api.auth import api_requires
from marketplace.api.blueprint import bp
from marketplace.api.insight_schemas import (
    FigureOut,
    InsightTable,
    ReportFilters,
    ReportOut,
    ReportQuery,
)
from marketplace.api.insights import refuse_invalid
from marketplace.api.spec import responses, spec
from marketplace.barriers.forms import BarrierReportForm
from marketplace.barriers.report import BARRIER_TABLES, barrier_summary, partner_options
from marketplace.db_types import local_today
from marketplace.insights.tables import hidden_note
from marketplace.trajectories import queries as trajectory_queries
from marketplace.trajectories.forms import ReportFilterForm
from marketplace.trajectories.report import report_tables

TAGS = ("insights",)


def _formdata(query: ReportQuery) -> MultiDict:
    return MultiDict({key: str(value) for key, value in query.model_dump().items()
                      if value is not None})


@bp.get("/insights/barriers")
@api_requires(Permission.VIEW_BARRIER_REPORT, scope="insights:read")
@spec.validate(query=ReportQuery, resp=responses(200, ReportOut), tags=TAGS,
               operation_id="getBarrierReport")
def barrier_report():
    """The barriers report: people with barriers open at the end of the period, by
    partner, trajectory and stage, and how long solving took.

    Counts are rounded to 5 and hidden below 5, as on the report page.
    """
    form = BarrierReportForm(formdata=_formdata(request.context.query), today=local_today(),
                             partners=partner_options())
    refuse_invalid(form)
    filters = form.filters()
    body = ReportOut(
        filters=ReportFilters(period_start=filters.start, period_end=filters.end,
                              partner=filters.partner),
        summary={"people": FigureOut.of(barrier_summary(filters))},
        tables=[InsightTable.of(builder(filters)) for builder in BARRIER_TABLES.values()],
        note=hidden_note())
    return body, 200


@bp.get("/insights/trajectories")
@api_requires(Permission.VIEW_SUPPLY_INSIGHTS, scope="insights:read")
@spec.validate(query=ReportQuery, resp=responses(200, ReportOut), tags=TAGS,
               operation_id="getTrajectoryReport")
def trajectory_report():
    """The trajectories report: how far people got, per partner, and how long it took.

    Counts are rounded to 5 and hidden below 5, as on the report page.
    """
    form = ReportFilterForm(formdata=_formdata(request.context.query),
                            partners=trajectory_queries.partner_choices(), today=local_today())
    refuse_invalid(form)
    filters = form.filters()
    body = ReportOut(
        filters=ReportFilters(period_start=filters.start, period_end=filters.end,
                              partner=filters.partner_id),
        summary={},
        tables=[InsightTable.of(table)
                for table in report_tables(filters, local_today()).values()],
        note=hidden_note())
    return body, 200
