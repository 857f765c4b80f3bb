"""Handing a candidate over to another coach, also of another partner organisation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.candidates.models import Candidate
from marketplace.extensions import db
from tests.candidates.conftest import text
from tests.conftest import login


def test_a_coach_hands_a_candidate_over_to_another_partner(
    app, client, app_ctx, users, organisations, login_as, make_candidate
):
    candidate = make_candidate("coach_a", consent=True, pseudonym="Filmon")
    login_as("coach_a")
    form = text(client.get(f"/candidates/{candidate.id}/handover"))
    coach_b = users["coach_b"]
    option = f'<option translate="no" value="{coach_b.id}">Coach B (Partner B Integration)</option>'
    assert option in form  # a name: marked as data
    assert f'value="{users["coach_a"].id}"' not in form  # not to yourself
    assert f'value="{users["employer_a"].id}"' not in form  # only coaches
    response = client.post(
        f"/candidates/{candidate.id}/handover",
        data={"to_coach": coach_b.id, "note": "Verhuist naar Deurne <b>bel eerst</b>"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Candidate, candidate.id)
    assert (moved.coach_id, moved.organisation_id) == (
        coach_b.id,
        organisations["partner_b"].id,
    )
    assert moved.has_active_consent  # consent stays with the person

    # The former coach: no profile any more, but the handover in the list.
    assert client.get(f"/candidates/{candidate.id}").status_code == 404
    caseload = text(client.get("/candidates/"))
    handed_over = caseload.split('id="handed-over-heading"', 1)[1]
    assert "Filmon" in handed_over and "Coach B (Partner B Integration)" in handed_over
    assert "&lt;b&gt;bel eerst&lt;/b&gt;" in handed_over

    # The new coach: the candidate in the caseload, the handover in the history.
    new_coach = app.test_client()
    login(new_coach, "coach_b")
    assert "Filmon" in text(new_coach.get("/candidates/"))
    history = text(new_coach.get(f"/candidates/{candidate.id}")).split("Geschiedenis", 1)[1]
    assert "Overgedragen aan een andere coach" in history
    assert (
        "Coach A (Partner A Coaching)" in history and "Coach B (Partner B Integration)" in history
    )
    assert "&lt;b&gt;bel eerst&lt;/b&gt;" in history


def test_a_handover_is_audited_without_the_note(client, app_ctx, users, login_as, make_candidate):
    candidate = make_candidate("coach_a")
    login_as("coach_a")
    client.post(
        f"/candidates/{candidate.id}/handover",
        data={"to_coach": users["coach_b"].id, "note": "Persoonlijke reden"},
    )
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "candidate_handed_over")
    )
    assert event.details["from_coach_id"] == users["coach_a"].id
    assert event.details["to_coach_id"] == users["coach_b"].id
    assert "Persoonlijke" not in str(event.details)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to_coach": ""}, "Vul dit veld in."),
        ({"to_coach": "999999"}, "Kies een coach uit de lijst."),
        ({"to_coach": "self"}, "Kies een coach uit de lijst."),
        ({"to_coach": "employer"}, "Kies een coach uit de lijst."),
        ({"to_coach": "coach_b", "note": "x" * 2001}, "2000"),
    ],
)
def test_handover_form_refuses_bad_input(
    client, app_ctx, users, login_as, make_candidate, data, message
):
    candidate = make_candidate("coach_a")
    login_as("coach_a")
    ids = {
        "self": users["coach_a"].id,
        "employer": users["employer_a"].id,
        "coach_b": users["coach_b"].id,
    }
    data = {**data, "to_coach": ids.get(data["to_coach"], data["to_coach"])}
    response = client.post(f"/candidates/{candidate.id}/handover", data=data)
    page = text(response)
    assert response.status_code == 200
    assert message in page and 'class="error-message"' in page
    if "note" in data:
        assert data["note"] in page
    db.session.expire_all()
    assert db.session.get(Candidate, candidate.id).coach_id == users["coach_a"].id


def test_an_inactive_coach_is_not_offered(client, app_ctx, users, login_as, make_candidate):
    candidate = make_candidate("coach_a")
    users["coach_b"].active = False
    db.session.commit()
    login_as("coach_a")
    form = text(client.get(f"/candidates/{candidate.id}/handover"))
    assert f'value="{users["coach_b"].id}"' not in form
