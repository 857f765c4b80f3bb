"""Another status chosen in the profile form for a placed person ends the placement as
the "Undo placed" button does: the hires are marked undone, the steps they wrote leave
the trajectory, and the history says "Plaatsing ongedaan gemaakt". So an employer whose
hire it was never reads "placed with you" again when the person is placed later."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import profile_of, read_rows, update_candidate
from marketplace.extensions import db
from marketplace.trajectories.queries import timeline_of
from tests.candidates.conftest import valid_form
from tests.factories import change_candidate, hire, make_candidate, make_opportunity, make_proposal
from tests.proposals.test_undone_placement import PLACED_WORDING, employer_pages, pages


@pytest.fixture
def hired(opportunity, organisations, users):
    """Coach A's Yonas, proposed for two opportunities of employer A and hired for the
    first (placed, with a job step). Returns the hire and the proposal still open."""
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    other = make_opportunity(organisations["employer_a"], title="Magazijnier", commit=True)
    first = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    second = make_proposal(users["coach_a"], candidate, other, commit=True)
    hire(first, users["employer_a"])
    assert candidate.status == "placed" and second.placed_by_same_employer
    return first, second


def save_status(client, candidate: Candidate, status: str, **fields):
    """The coach saves the profile form with ``status`` (and ``fields``)."""
    data = valid_form(pseudonym="Yonas", status=status, version=candidate.version, **fields)
    return client.post(f"/candidates/{candidate.id}/edit", data=data)


def as_employer(client, login_as):
    """The same browser, now the employer's (the coach logged out)."""
    client.post("/logout")
    return login_as("employer_a")


def events(candidate_id: int, action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == action, AuditEvent.subject_id == candidate_id)
        .order_by(AuditEvent.id)).all()


@pytest.mark.parametrize("status", ["active", "paused", "left"])
def test_another_status_in_the_form_undoes_the_placement(hired, users, login_as, status):
    first, _ = hired
    candidate = first.candidate
    assert [step.kind for step in timeline_of(candidate.id)] == ["job"]
    response = save_status(login_as("coach_a"), candidate, status)
    assert response.status_code == 302
    db.session.expire_all()
    assert candidate.status == status and candidate.status_before_placed is None
    assert first.state == "hired" and first.placement_undone_at is not None
    assert timeline_of(candidate.id) == []
    # In the audit log as the undo is, with the version the save made (one save, one
    # version), by the coach.
    [undone] = events(candidate.id, "candidate_placement_undone")
    [changed] = events(candidate.id, "candidate_changed")
    assert "status" in changed.details["fields"]
    assert undone.details == {"fields": ["status"], "version": candidate.version,
                              "restored": status}
    assert changed.details["version"] == candidate.version
    assert undone.actor_id == users["coach_a"].id
    assert events(candidate.id, "trajectory_step_withdrawn")


def test_the_coach_reads_what_happened_on_the_profile(hired, login_as):
    candidate = hired[0].candidate
    client = login_as("coach_a")
    response = save_status(client, candidate, "active")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ("Wijzigingen bewaard. Yonas is niet meer geplaatst: de plaatsing is ongedaan "
            "gemaakt.") in page
    assert "Plaatsing ongedaan gemaakt" in page  # the history
    assert "Stap van een teruggedraaide aanwerving weggehaald" in page
    assert "Zet terug op" not in page  # the undo button is gone with the placement


def test_after_the_form_change_the_employer_pages_show_no_placed_wording(hired, login_as):
    first, second = hired
    client = login_as("coach_a")
    save_status(client, first.candidate, "active")
    db.session.expire_all()
    assert not second.placed_elsewhere
    for url, language, page in pages(as_employer(client, login_as), employer_pages(second)):
        assert "Yonas" in page, (url, language)
        assert not [word for word in PLACED_WORDING if word in page], (url, language)


def test_placed_again_later_is_elsewhere_for_the_employer_whose_hire_it_was(
    hired, login_as
):
    # The coach set Yonas back to active in the form, then placed him by hand: employer
    # A's hire no longer places him there, so A reads "placed elsewhere".
    first, second = hired
    client = login_as("coach_a")
    save_status(client, first.candidate, "active")
    db.session.expire_all()
    change_candidate(first.candidate, status="placed", commit=True)
    db.session.expire_all()
    assert second.placed_elsewhere and not second.placed_by_same_employer
    assert str(first.placement) == "none"
    for url, language, page in pages(as_employer(client, login_as), employer_pages(second)[:3]):
        assert "bij jullie" not in page and "placed with you" not in page, (url, language)
        assert ("elders geplaatst" if language == "nl" else "placed elsewhere") in page, url


def test_another_status_saved_with_a_changed_list_is_no_error(hired):
    # The status and a list of rows in one save: loading the list flushed the new status
    # with the status it replaced still kept, which the database refuses (a 500).
    candidate = hired[0].candidate
    db.session.expire_all()  # as in a request, or a case system's call: no list loaded
    profile = replace(profile_of(candidate, read_rows(candidate.id)), status="paused",
                      languages={"ar": "B1"})
    update_candidate(candidate, profile, expected_version=candidate.version)
    db.session.commit()
    db.session.expire_all()
    assert (candidate.status, candidate.status_before_placed) == ("paused", None)
    assert {row.language_code: row.level for row in candidate.languages} == {"ar": "B1"}


def test_keeping_placed_in_the_form_undoes_nothing(hired, login_as):
    first, _ = hired
    candidate = first.candidate
    assert save_status(login_as("coach_a"), candidate, "placed",
                       hours_per_week="20").status_code == 302
    db.session.expire_all()
    assert candidate.status == "placed" and candidate.hours_per_week == 20
    assert first.placement_undone_at is None
    assert [step.kind for step in timeline_of(candidate.id)] == ["job"]
    assert not events(candidate.id, "candidate_placement_undone")


def test_bad_input_with_another_status_keeps_what_was_typed_and_undoes_nothing(
    hired, login_as
):
    first, _ = hired
    candidate = first.candidate
    response = save_status(login_as("coach_a"), candidate, "paused", hours_per_week="0",
                           coach_note="<script>alert('x')</script>")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Vul een aantal uren in van 1 tot 60." in page
    assert '<option selected value="paused">' in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    db.session.expire_all()
    assert candidate.status == "placed" and first.placement_undone_at is None
    assert [step.kind for step in timeline_of(candidate.id)] == ["job"]
    assert not events(candidate.id, "candidate_placement_undone")


def test_the_form_of_a_placed_person_says_what_another_status_does(hired, login_as):
    candidate = hired[0].candidate
    client = login_as("coach_a")
    hint = "Kies je een andere status, dan maak je de plaatsing ongedaan"
    page = client.get(f"/candidates/{candidate.id}/edit").get_data(as_text=True)
    assert hint in page
    assert 'aria-describedby="status-hint"' in page
    save_status(client, candidate, "active")
    page = client.get(f"/candidates/{candidate.id}/edit").get_data(as_text=True)
    assert hint not in page
