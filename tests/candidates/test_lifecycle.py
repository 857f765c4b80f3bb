"""The candidates' lifecycle signals: the packages above candidates act on a consent
withdrawal, an erasure and a privacy export through receivers that the app connects
wherever it is created, and in the order erasure needs."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from blinker import Namespace

from marketplace.candidates import lifecycle
from marketplace.candidates.erasure import erase_candidate
from marketplace.candidates.export import candidate_export
from marketplace.candidates.operations import withdraw_consent
from marketplace.db_types import local_today

ROOT = Path(__file__).resolve().parents[2]

#: Who must hear each signal: a missing one would leave an erasure or an export short.
EXPECTED_RECEIVERS = {
    "participation-ended": [
        "marketplace.proposals.operations._withdraw_when_participation_ends",
        "marketplace.tryouts.operations._cancel_when_participation_ends",
    ],
    "candidate-erasing": [
        "marketplace.api.idempotency.forget_answers_about",
        "marketplace.barriers.operations._erase_barriers_on_erasure",
        "marketplace.proposals.operations._erase_texts_on_erasure",
        "marketplace.suggestions.operations._erase_notes_on_erasure",
        "marketplace.trajectories.operations._erase_trajectory_on_erasure",
    ],
    "export-sections": [
        "marketplace.api.idempotency._kept_answers_section",
        "marketplace.barriers.export._barriers_section",
        "marketplace.trajectories.export._trajectory_section",
    ],
}

def connected_receivers() -> dict[str, list[str]]:
    """Each lifecycle signal's receivers as ``module.function`` names (blinker keeps a
    function by a weak reference)."""
    named = {}
    for signal in (lifecycle.participation_ended, lifecycle.candidate_erasing,
                   lifecycle.export_sections):
        receivers = [ref() if isinstance(ref, weakref.ref) else ref
                     for ref in signal.receivers.values()]
        named[signal.name] = sorted(f"{r.__module__}.{r.__qualname__}" for r in receivers)
    return named


#: Run in a new interpreter: import only the app factory, create the app, then list the
#: receivers with the function above (its source, so no test module is imported).
_LIST_RECEIVERS = f"""
import json, sys, weakref
from marketplace.app import create_app
create_app({{"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True}})
from marketplace.candidates import lifecycle
{inspect.getsource(connected_receivers)}
json.dump(connected_receivers(), sys.stdout)
"""


def test_a_fresh_app_connects_every_receiver():
    # No test module, factory or view loaded first: only what create_app imports.
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _LIST_RECEIVERS],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == EXPECTED_RECEIVERS


def test_the_tests_run_with_the_same_receivers(app):
    assert connected_receivers() == EXPECTED_RECEIVERS


def test_a_signal_nobody_hears_stops_the_operation():
    lonely = Namespace().signal("nobody-listens")
    with pytest.raises(lifecycle.ReceiversMissing):
        lifecycle.send_required(lonely, object())


def test_erasure_ends_open_business_before_erasing(app, make_candidate):
    candidate = make_candidate("coach_a", consent=True)
    heard = []

    def ended(sender, **facts):
        heard.append(("participation_ended", sender.id, facts))

    def erasing(sender, **facts):
        heard.append(("candidate_erasing", sender.id, facts))

    with lifecycle.participation_ended.connected_to(ended), \
            lifecycle.candidate_erasing.connected_to(erasing):
        erase_candidate(candidate, reason="request")
    assert heard == [("participation_ended", candidate.id, {"by": None}),
                     ("candidate_erasing", candidate.id, {})]


def test_withdrawing_consent_ends_open_business_by_the_coach(app, users, make_candidate):
    candidate = make_candidate("coach_a", consent=True)
    heard = []

    def ended(sender, **facts):
        heard.append((sender.id, facts))

    with lifecycle.participation_ended.connected_to(ended):
        withdraw_consent(candidate, withdrawn_on=local_today(), recorded_by=users["coach_a"])
    assert heard == [(candidate.id, {"by": users["coach_a"]})]


def test_the_export_keeps_its_sections_in_one_order(app, make_candidate):
    candidate = make_candidate("coach_a", consent=True)
    with app.test_request_context():
        keys = list(candidate_export(candidate, "nl"))
    assert keys[-3:] == ["barriers", "trajectory", "audit_trail"]
