"""The barriers report's page and its CSV downloads (``/insights/barriers``): protected
totals only, built by ``report.py``. Thin views: read the filters, build, render."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from marketplace.accounts.permissions import Permission
from marketplace.barriers.blueprint import bp
from marketplace.barriers.forms import BarrierReportForm
from marketplace.barriers.report import BARRIER_TABLES, barrier_summary, partner_options
from marketplace.db_types import local_today
from marketplace.insights.export import csv_download
from marketplace.insights.tables import hidden_note
from marketplace.security import requires
from marketplace.web.i18n import current_language


def _filters():
    form = BarrierReportForm(formdata=request.args, today=local_today(),
                             partners=partner_options())
    form.validate()
    return form, form.filters()


@bp.get("/insights/barriers")
@requires(Permission.VIEW_BARRIER_REPORT)
def report():
    form, filters = _filters()
    return render_template(
        "barriers/report.html",
        form=form,
        filters=filters,
        summary=barrier_summary(filters),
        tables=[builder(filters) for builder in BARRIER_TABLES.values()],
        hidden_note=hidden_note(),
    )


@bp.get("/insights/barriers/<key>.csv")
@requires(Permission.VIEW_BARRIER_REPORT)
def report_csv(key: str):
    builder = BARRIER_TABLES.get(key)
    if builder is None:
        abort(404)
    _form, filters = _filters()
    parts = ["werkbrug-barriers", key, filters.start.isoformat(), filters.end.isoformat()]
    if filters.partner is not None:
        parts += ["partner", str(filters.partner)]
    return Response(
        csv_download(builder(filters), current_language()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{"-".join(parts)}.csv"',
                 "Content-Language": current_language()},
    )
