"""The insights dashboards (demand; supply and gap), the partnership's outcomes
report, and their CSV downloads.

Views stay thin: read the filters, build the protected tables, render. Nothing here
ever loads a single opportunity, employer or candidate.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user
from markupsafe import Markup

from marketplace.accounts.permissions import Permission, has_permission
from marketplace.accounts.roles import Role
from marketplace.db_types import local_today
from marketplace.insights import demand_tables, names, supply_tables, tables
from marketplace.insights.cache import kept_part
from marketplace.insights.cells import table_rows
from marketplace.insights.export import csv_download, csv_filename
from marketplace.insights.forms import InsightFilterForm, PeriodForm
from marketplace.insights.outcomes import OUTCOME_TABLES
from marketplace.insights.queries import InsightFilters, organisation_sector
from marketplace.security import requires
from marketplace.taxonomy.queries import list_nace_sections
from marketplace.web.i18n import current_language

bp = Blueprint("insights", __name__, url_prefix="/insights")
# For every page with an insights table (the barriers and trajectories reports too).
bp.add_app_template_filter(table_rows, "table_rows")


def _defaults() -> dict:
    """The filters a person starts with: an analyst who has not chosen a sector yet
    sees their own federation's sector (kept with the dashboards' parts: it changes
    with the organisations' stamp, as the figures per sector do)."""
    if current_user.role != Role.ANALYST or "sector" in request.args:
        return {}
    organisation_id = current_user.organisation_id
    sector = kept_part(("sector", organisation_id),
                       lambda: organisation_sector(organisation_id))
    return {"sector": sector or ""}


def _filter_form(defaults: dict, today) -> InsightFilterForm:
    """The filters from the query string, over ``defaults``."""
    # Labels without their letter: a lone "I" or "S" reads as a word of the other
    # language to readers and to the language check alike.
    sectors = list_nace_sections(current_language())
    form = InsightFilterForm(formdata=request.args, sectors=sectors, today=today, **defaults)
    form.validate()
    return form


def _dashboard(side: str, builders, summary):
    defaults = _defaults()
    today = local_today()
    locale = current_language()
    may_see_supply = has_permission(current_user, Permission.VIEW_SUPPLY_INSIGHTS)
    # Everything the sections depend on besides the data and the settings (kept_part
    # names those): the same question is the same HTML for every viewer who asks it.
    question = (side, request.root_path, request.query_string, locale, today,
                tuple(defaults.items()), may_see_supply)
    sections = kept_part(
        question,
        lambda: _sections(side, builders, summary, defaults, today, locale, may_see_supply),
    )
    return render_template(f"insights/{side}.html", sections=sections)


def _sections(side: str, builders, summary, defaults, today, locale, may_see_supply) -> Markup:
    """The HTML of the page under its frame (``insights/_<side>.html``)."""
    form = _filter_form(defaults, today)
    filters = form.filters()
    built = [builder(filters, locale) for builder in builders.values()]
    html = render_template(
        f"insights/_{side}.html",
        side=side,
        form=form,
        filters=filters,
        summary=summary(filters),
        tables=[table for table in built if table is not None],
        group_caption=names.group_caption(filters.group, locale),
        hidden_note=tables.hidden_note(),
        freshness_note=tables.freshness_note(),
        may_see_supply=may_see_supply,
    )
    return Markup(html)  # noqa: S704 - a template's output, escaped as it was written


@bp.get("/")
@requires(Permission.VIEW_DEMAND_INSIGHTS)
def demand():
    return _dashboard("demand", demand_tables.DEMAND_TABLES, demand_tables.demand_summary)


@bp.get("/supply")
@requires(Permission.VIEW_SUPPLY_INSIGHTS)
def supply():
    return _dashboard("supply", supply_tables.SUPPLY_TABLES, supply_tables.supply_summary)


def _csv(side: str, builders, key: str) -> Response:
    builder = builders.get(key)
    if builder is None:
        abort(404)
    form = _filter_form(_defaults(), local_today())
    filters = form.filters()
    table = builder(filters, current_language())
    if table is None:
        abort(404)
    name = csv_filename(
        side, table, filters, form.value_if_valid("place"), form.value_if_valid("radius")
    )
    return Response(
        csv_download(table, current_language()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"',
                 "Content-Language": current_language()},
    )


@bp.get("/demand/<key>.csv")
@requires(Permission.VIEW_DEMAND_INSIGHTS)
def demand_csv(key: str):
    return _csv("demand", demand_tables.DEMAND_TABLES, key)


@bp.get("/supply/<key>.csv")
@requires(Permission.VIEW_SUPPLY_INSIGHTS)
def supply_csv(key: str):
    return _csv("supply", supply_tables.SUPPLY_TABLES, key)


# --- the partnership's outcomes report --------------------------------------------------


def _outcomes_filters() -> tuple[PeriodForm, InsightFilters]:
    form = PeriodForm(formdata=request.args, today=local_today())
    form.validate()
    start, end = form.period()
    return form, InsightFilters(start=start, end=end)


@bp.get("/outcomes")
@requires(Permission.VIEW_OUTCOMES_REPORT)
def outcomes():
    form, filters = _outcomes_filters()
    return render_template(
        "insights/outcomes.html",
        form=form,
        filters=filters,
        tables=[builder(filters) for builder in OUTCOME_TABLES.values()],
    )


@bp.get("/outcomes/<key>.csv")
@requires(Permission.VIEW_OUTCOMES_REPORT)
def outcomes_csv(key: str):
    builder = OUTCOME_TABLES.get(key)
    if builder is None:
        abort(404)
    _form, filters = _outcomes_filters()
    name = f"werkbrug-outcomes-{key}-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    return Response(
        csv_download(builder(filters), current_language()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"',
                 "Content-Language": current_language()},
    )
