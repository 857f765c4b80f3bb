"""Every field of every form, hidden ones too, given one odd value while the other
fields keep what the page put in them: never a 500, and markup comes back escaped.

``test_odd_input.py`` feeds all the fields of a form at once, so a check that reads
two fields (a role that must fit the chosen organisation) saw the other field
already refused and never ran on the odd value; it also leaves hidden fields alone.
Here one field changes at a time, so each check meets the odd value with the rest
of the form as a person sends it.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.barriers.forms import barrier_form_data
from marketplace.barriers.models import CandidateBarrier
from marketplace.extensions import db
from marketplace.trajectories.models import TrajectoryStep
from tests.security.helpers import error_next_to, parse_page
from tests.security.test_odd_input import MARKER, SESSION_PAGES, _page, posted_forms

#: A value that is no choice, a blank one (that looks like "nothing chosen" to some
#: checks and not to others), a number no column holds, and markup.
ODD_VALUES = ("no-such-choice", " ", "99999999999999999999999", MARKER)

#: Fields no person or browser changes: the form's token.
UNTOUCHED = {"csrf_token"}

#: Input types that send no value of their own.
NO_VALUE = {"submit", "button", "reset", "image", "file"}


def _forms_to_send(html: str, url: str, endpoint: str):
    forms, _links = parse_page(html, urljoin("http://localhost/", url))
    for target, form in posted_forms(forms, endpoint):
        names = sorted({f.name for f in form.fields
                        if f.kind not in NO_VALUE and f.name not in UNTOUCHED})
        yield target, names, form.data()


@pytest.mark.parametrize("endpoint", SESSION_PAGES)
def test_one_odd_field_at_a_time_never_gives_a_500(
    app, endpoint, matrix_context
):
    client, url, response = _page(app, endpoint, matrix_context)
    assert response.status_code == 200, f"{endpoint}: the matrix's page did not open"
    if response.mimetype != "text/html":
        pytest.skip("a download: no form")
    failures = []
    for target, names, base in _forms_to_send(response.get_data(as_text=True), url, endpoint):
        for name in names:
            for value in ODD_VALUES:
                answer = client.post(target, data={**base, name: value})
                if answer.status_code >= 500:
                    failures.append(f"{target} {name}={value!r}: {answer.status_code}")
                elif MARKER in answer.get_data(as_text=True):
                    failures.append(f"{target} {name}={value!r}: markup not escaped")
    assert not failures, failures


def test_a_role_that_is_no_role_is_refused_beside_the_field(client, login_as, organisations):
    """A 500 before: the check that the role fits the organisation made a ``Role`` of
    any value the choice check had refused already."""
    login_as("admin")
    response = client.post("/admin/users/invite", data={
        "email": "nieuw@test.example", "name": "Nieuw", "role": "superuser",
        "organisation": organisations["employer_a"].id})
    assert response.status_code == 200
    assert "Ongeldige keuze." in error_next_to(response.get_data(as_text=True), "role")
    assert db.session.scalar(select(User).where(User.email == "nieuw@test.example")) is None


@pytest.mark.parametrize("blank", [" ", "\t", "\x85"])
def test_a_blank_organisation_of_a_barrier_or_a_step_is_none(
    client, login_as, matrix_context, blank
):
    """A 500 before: ``Optional`` took the blank for "none chosen" and stopped the
    checks, and the form then made an ``int`` of it."""
    login_as("coach_a")
    candidate_id = matrix_context["candidate_id"]
    barrier = db.session.get(CandidateBarrier, matrix_context["barrier_id"])
    response = client.post(
        f"/candidates/{candidate_id}/barriers/{barrier.id}/edit",
        data={**barrier_form_data(barrier), "noted_on": barrier.noted_on.isoformat(),
              "referral_organisation_id": blank})
    assert response.status_code == 302
    db.session.refresh(barrier)
    assert barrier.referral_organisation_id is None
    step = db.session.get(TrajectoryStep, matrix_context["step_id"])
    response = client.post(
        f"/candidates/{candidate_id}/trajectory/steps/{step.id}/edit",
        data={"kind": step.kind, "started_on": step.started_on.isoformat(),
              "organisation": blank, "dutch_level": blank, "note": "Gestart.",
              "version": step.version})
    assert response.status_code == 302
    db.session.refresh(step)
    assert (step.organisation_id, step.dutch_level, step.note) == (None, None, "Gestart.")
