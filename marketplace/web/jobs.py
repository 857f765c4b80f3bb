"""The web plumbing's background job: forgetting old one-time tokens of create forms
and the partner API's idempotency keys (``api/idempotency.py``)."""

from __future__ import annotations

from huey import crontab

from marketplace.api.idempotency import prune_idempotency_keys
from marketplace.jobs.tasks import periodic_job
from marketplace.web.once_only import prune_submissions


@periodic_job(crontab(hour="3", minute="40"), "prune_form_submissions")
def prune_form_submissions_job() -> int:
    """Every night: delete the tokens of create forms and the partner API's
    idempotency keys sent more than a week ago (``once_only.KEPT_FOR``); returns how
    many. Only flushes: the deletion commits with the run's done-mark."""
    return prune_submissions() + prune_idempotency_keys()
