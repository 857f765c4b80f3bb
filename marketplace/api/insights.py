"""The insights resource: the demand and supply dashboards as JSON.

``GET /insights/demand`` and ``GET /insights/supply`` answer the same protected tables
as the pages (``insights.demand_tables.DEMAND_TABLES``, ``supply_tables.SUPPLY_TABLES``: the
minimum population, rounding and hidden small counts all apply), with the pages'
filters checked by the pages' own form (``InsightFilterForm``); a bad filter is a 422
problem here rather than a note beside the field. Who may ask is
``accounts.permissions.PERMISSIONS``: demand for the federations, the partners and the
partnership; supply for the federations and the partnership.
"""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import MultiDict

from marketplace.accounts.permissions import Permission
from marketplace.accounts.roles import Role
from marketplace.api.auth import api_requires, current_principal
from marketplace.api.blueprint import bp
from marketplace.api.insight_schemas import (
    AppliedFilters,
    FigureOut,
    InsightQuery,
    InsightsOut,
    InsightTable,
)
from marketplace.api.problems import ApiProblem
from marketplace.api.spec import responses, spec
from marketplace.db_types import local_today
from marketplace.insights import demand_tables, supply_tables, tables
from marketplace.insights.forms import InsightFilterForm
from marketplace.insights.queries import InsightFilters, organisation_sector
from marketplace.taxonomy.queries import list_nace_sections
from marketplace.web.i18n import current_language

TAGS = ("insights",)


def _filters(query: InsightQuery) -> InsightFilters:
    """The query's filters checked as on the pages; any bad one is a 422 problem. A
    federation's key that names no sector gets its own sector, as its analysts do."""
    values = query.model_dump(exclude_none=True)
    principal = current_principal()
    if principal.role == Role.ANALYST and query.sector is None:
        values["sector"] = organisation_sector(principal.organisation_id) or ""
    form = InsightFilterForm(formdata=MultiDict(values),
                             sectors=list_nace_sections(current_language()),
                             today=local_today())
    refuse_invalid(form)
    return form.filters()


def refuse_invalid(form) -> None:
    """A page's filter form, validated: each bad filter a 422 problem with its field
    (the pages leave a bad filter out and say so beside it)."""
    if not form.validate():
        raise ApiProblem(422, errors=[
            {"location": ["query", name], "message": str(message), "code": "invalid"}
            for name, messages in form.errors.items() for message in messages])


def _dashboard(query: InsightQuery, builders, summary) -> InsightsOut:
    filters = _filters(query)
    locale = current_language()
    built = [builder(filters, locale) for builder in builders.values()]
    return InsightsOut(
        filters=AppliedFilters.of(filters),
        summary={key: FigureOut.of(figure) for key, figure in summary(filters).items()},
        tables=[InsightTable.of(table) for table in built if table is not None],
        note=tables.hidden_note(),
    )


@bp.get("/insights/demand")
@api_requires(Permission.VIEW_DEMAND_INSIGHTS, scope="insights:read")
@spec.validate(query=InsightQuery, resp=responses(200, InsightsOut), tags=TAGS,
               operation_id="getDemandInsights")
def demand_insights():
    """The demand dashboard: open opportunities and places over the period.

    Counts are rounded to 5 and hidden below 5, as on the insights pages.
    """
    return _dashboard(request.context.query, demand_tables.DEMAND_TABLES,
                      demand_tables.demand_summary), 200


@bp.get("/insights/supply")
@api_requires(Permission.VIEW_SUPPLY_INSIGHTS, scope="insights:read")
@spec.validate(query=InsightQuery, resp=responses(200, InsightsOut), tags=TAGS,
               operation_id="getSupplyInsights")
def supply_insights():
    """The supply dashboard: active candidates with consent, and the gap with demand.

    A selection of too few people gives tables without figures (`withheld` says why).
    """
    return _dashboard(request.context.query, supply_tables.SUPPLY_TABLES,
                      supply_tables.supply_summary), 200
