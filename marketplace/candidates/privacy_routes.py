"""The privacy pages of the candidates: a candidate's export and erasure (coaches for
their own caseload, admins for anyone), the admins' search for a privacy request and
their list of candidates past the retention period. Thin views, as in ``routes.py``;
every export and search is written to the audit log.
"""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from marketplace.accounts.permissions import Permission
from marketplace.accounts.roles import Role
from marketplace.candidates import activity, erasure, operations, queries
from marketplace.candidates.blueprint import bp
from marketplace.candidates.caseload_forms import ErasureForm, PrivacySearchForm
from marketplace.candidates.export import candidate_export
from marketplace.candidates.form_labels import field_labels
from marketplace.candidates.models import Candidate
from marketplace.candidates.retention import retention_cutoff
from marketplace.extensions import db
from marketplace.security import requires
from marketplace.web.i18n import current_language
from marketplace.web.pagination import paginate


@bp.get("/<int:candidate_id>/privacy")
@requires(Permission.HANDLE_PRIVACY_REQUESTS)
def privacy(candidate_id: int):
    candidate = queries.candidate_for_privacy_or_404(candidate_id, current_user)
    operations.record_view(candidate, "privacy")
    db.session.commit()
    return render_template("candidates/privacy.html", candidate=candidate, form=ErasureForm())


def _export(candidate_id: int, export_format: str):
    """The candidate and everything held about them; the export is audited first, so
    that it lists itself."""
    candidate = queries.candidate_for_privacy_or_404(candidate_id, current_user)
    operations.record_export(candidate, export_format)
    data = candidate_export(candidate, current_language())
    db.session.commit()
    return candidate, data


@bp.get("/<int:candidate_id>/export.json")
@requires(Permission.HANDLE_PRIVACY_REQUESTS)
def export_json(candidate_id: int):
    candidate, data = _export(candidate_id, "json")
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="candidate-{candidate.id}.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/<int:candidate_id>/export")
@requires(Permission.HANDLE_PRIVACY_REQUESTS)
def export_page(candidate_id: int):
    candidate, data = _export(candidate_id, "page")
    return render_template(
        "candidates/export.html",
        candidate=candidate,
        data=data,
        field_labels=field_labels(),
    )


@bp.post("/<int:candidate_id>/erase")
@requires(Permission.HANDLE_PRIVACY_REQUESTS)
def erase(candidate_id: int):
    candidate = queries.candidate_for_privacy_or_404(candidate_id, current_user)
    form = ErasureForm()
    if not form.validate_on_submit():
        return render_template("candidates/privacy.html", candidate=candidate, form=form)
    erasure.erase_candidate(candidate, reason=form.reason.data)
    db.session.commit()
    flash(
        _("All personal data of candidate %(number)d are erased.", number=candidate_id), "success"
    )
    if current_user.role == Role.ADMIN:
        return redirect(url_for("candidates.privacy_search"))
    return redirect(url_for("candidates.caseload"))


@bp.get("/privacy-requests")
@requires(Permission.FIND_CANDIDATES_FOR_PRIVACY)
def privacy_search():
    """Admins find a candidate for a privacy request (access or erasure)."""
    form = PrivacySearchForm(request.args)
    form.validate()
    page = None
    if form.q.data and not form.q.errors:
        page = paginate(queries.privacy_search(form.q.data), per_page=25)
        operations.record_privacy_search(page.total)
        db.session.commit()
    return render_template("candidates/privacy_search.html", form=form, page=page)


@bp.get("/retention")
@requires(Permission.REVIEW_RETENTION)
def retention():
    """Admins' list of the candidates past the retention period (refs, organisation,
    last activity), which the daily job's message links to."""
    days, before = retention_cutoff()
    select_inactive = activity.inactive_candidates_query(before).options(
        joinedload(Candidate.organisation))
    page = paginate(select_inactive, per_page=50)
    return render_template("candidates/retention.html", page=page, days=days)
