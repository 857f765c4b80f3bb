"""The admins' jobs page: waiting, running and failed jobs; a failed one can be retried."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from marketplace.accounts.permissions import Permission
from marketplace.extensions import db
from marketplace.jobs import operations, queries
from marketplace.jobs.errors import describe_error
from marketplace.jobs.models import FailureReason, JobState
from marketplace.jobs.queue import queue_reachable
from marketplace.jobs.tasks import send_run
from marketplace.security import requires

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")

JOB_LABELS = {
    "deliver_message": _l("Send an e-mail message"),
    "deliver_waiting_mail": _l("Send the e-mail that waits"),
    "close_expired_opportunities": _l("Close opportunities past their closing date or of "
                                      "an inactive organisation"),
    "prepare_candidate_pool": _l("Prepare the candidates for the suggestions"),
    "train_ranking_model": _l("Train a ranking model"),
    "import_records": _l("Import a records file"),
    "review_candidate_retention": _l("List the candidates past the retention period"),
    "hand_over_caseload": _l("Hand over a coach's caseload"),
}
FAILURE_REASONS = {
    FailureReason.WORKER_STOPPED: _l("The worker stopped (tried too often)"),
}
STATE_HEADINGS = {
    JobState.QUEUED: _l("Waiting"),
    JobState.RUNNING: _l("Running"),
    JobState.FAILED: _l("Failed"),
}


def details_link(run) -> tuple[str, str] | None:
    """A link to what a run works on, when the site has a page for it (an import, a
    caseload handover: its arguments are the handover and the coach); the page shows
    the stored ids otherwise."""
    args = operations.stored_args(run)
    if run.name == "import_records" and len(args) == 1 and isinstance(args[0], int):
        return (_("Import %(number)d", number=args[0]),
                url_for("records.detail", import_id=args[0]))
    if run.name == "hand_over_caseload" and len(args) == 2 and isinstance(args[1], int):
        return (_("Caseload handover %(number)d", number=args[0]),
                url_for("candidates.hand_over_caseload", coach_id=args[1]))
    return None


@bp.get("/")
@requires(Permission.MANAGE_JOBS)
def jobs():
    return render_template(
        "jobs/jobs.html",
        runs=queries.open_and_failed_runs(),
        headings=STATE_HEADINGS,
        labels=JOB_LABELS,
        reasons=FAILURE_REASONS,
        describe_error=describe_error,
        details_link=details_link,
        queue_down=not queue_reachable(),
    )


@bp.post("/<int:run_id>/retry")
@requires(Permission.MANAGE_JOBS)
def retry(run_id: int):
    run = queries.run_or_404(run_id)
    try:
        operations.requeue_run(run)
    except operations.NotRetryable:
        flash(_("Only a failed job can be tried again."), "error")
        return redirect(url_for("jobs.jobs"))
    db.session.commit()
    send_run(run)  # after the commit, so the worker finds the run waiting
    flash(_("The job is waiting to be tried again."), "success")
    return redirect(url_for("jobs.jobs"))
