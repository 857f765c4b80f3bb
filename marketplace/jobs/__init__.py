"""Background work on a Huey job queue (mail delivery, the nightly closing of
opportunities) and the admins' page of waiting, running and failed jobs."""

from flask import Blueprint

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")

from marketplace.jobs import routes  # noqa: E402, F401
