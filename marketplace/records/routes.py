"""The admins' records imports: upload a JSON Lines file (kept in the database and
imported by a job, all or nothing), the list of imports, and each import's result
(counts, or the problems by line number)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from marketplace.accounts.permissions import Permission
from marketplace.jobs.errors import describe_error
from marketplace.jobs.tasks import dispatch
from marketplace.records.forms import RecordsUploadForm
from marketplace.records.jobs import import_records_job
from marketplace.records.models import RecordImport
from marketplace.records.operations import KINDS, store_upload, stored_problems
from marketplace.records.queries import failed_import_run, record_import_or_404
from marketplace.security import requires
from marketplace.web import once_only
from marketplace.web.pagination import paginate

bp = Blueprint("records", __name__, url_prefix="/admin/imports")


@bp.route("/", methods=["GET", "POST"])
@requires(Permission.IMPORT_RECORDS)
def imports():
    form = RecordsUploadForm()
    if form.validate_on_submit():
        record = store_upload(form.filename, form.data_bytes, uploaded_by=current_user)
        once_only.remember(form.submission_token.data,
                           url_for("records.detail", import_id=record.id))
        dispatch(import_records_job, record.id)  # commits the upload, then hands it over
        flash(_("The file is uploaded. The import runs in the background."), "success")
        return redirect(url_for("records.detail", import_id=record.id))
    page = paginate(select(RecordImport).order_by(RecordImport.id.desc()), per_page=25)
    return render_template("records/imports.html", form=form, page=page)


@bp.get("/<int:import_id>")
@requires(Permission.IMPORT_RECORDS)
def detail(import_id: int):
    record = record_import_or_404(import_id)
    run = failed_import_run(record)
    failed = run is not None
    return render_template("records/detail.html", record=record, kinds=KINDS,
                           problems=stored_problems(record),
                           size=format_decimal(record.size_bytes),
                           failed_error=describe_error(run.error) if failed else None,
                           failed_error_raw=failed and describe_error(run.error) == run.error)
