"""The coach's barrier pages: recording, changing, marking solved, bad input, who may
see and change, and what the audit log, the export and erasure do with barriers."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.barriers.models import CandidateBarrier
from marketplace.candidates.erasure import erase_candidate
from marketplace.db_types import local_today
from marketplace.extensions import db
from tests.factories import make_barrier, make_candidate

SUPPORT = "Doorverwezen naar Atlas voor juridische vragen."


def _form(**values) -> dict:
    data = {"kind": "childcare", "status": "open", "noted_on": local_today().isoformat(),
            "solved_on": "", "support": SUPPORT, "referral_organisation_id": ""}
    data.update(values)
    return data


def _barriers(candidate) -> list[CandidateBarrier]:
    db.session.expire_all()
    return list(db.session.scalars(
        select(CandidateBarrier).where(CandidateBarrier.candidate_id == candidate.id)))


def test_coach_adds_a_barrier_and_sees_it_on_the_profile(
    client, app_ctx, users, organisations, login_as
):
    candidate = make_candidate(users["coach_a"], pseudonym="Rahwa", commit=True)
    login_as("coach_a")
    page = client.get(f"/candidates/{candidate.id}/barriers/new").get_data(as_text=True)
    assert "Kinderopvang" in page and "Een drempel toevoegen voor" in page
    response = client.post(
        f"/candidates/{candidate.id}/barriers/new",
        data=_form(kind="no_bike", status="in_progress",
                   referral_organisation_id=str(organisations["partner_b"].id)),
    )
    assert response.status_code == 302
    [barrier] = _barriers(candidate)
    assert (barrier.kind, barrier.status, barrier.support) == ("no_bike", "in_progress", SUPPORT)
    assert barrier.referral_organisation_id == organisations["partner_b"].id
    assert barrier.recorded_by_id == users["coach_a"].id
    profile = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Drempels" in profile and "Mobiliteit: geen fiets" in profile
    assert SUPPORT in profile and "Wordt aan gewerkt" in profile
    assert organisations["partner_b"].name in profile


def test_bad_input_keeps_what_was_typed_with_messages_at_the_fields(
    client, app_ctx, users, login_as
):
    candidate = make_candidate(users["coach_a"], commit=True)
    login_as("coach_a")
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    typed = "<script>alert('drempel')</script>"
    response = client.post(
        f"/candidates/{candidate.id}/barriers/new",
        data=_form(kind="teleport", noted_on=tomorrow, support=typed),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kies een van de mogelijkheden." in page
    assert typed not in page and "&lt;script&gt;alert(" in page  # kept, escaped
    assert _barriers(candidate) == []

    response = client.post(f"/candidates/{candidate.id}/barriers/new",
                           data=_form(noted_on=tomorrow, support=typed))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="noted_on-error"' in page and "Deze datum ligt in de toekomst." in page
    assert f'value="{tomorrow}"' in page and "&lt;script&gt;" in page
    assert _barriers(candidate) == []


def test_dates_before_registration_and_solved_days_get_field_messages(
    client, app_ctx, users, login_as
):
    candidate = make_candidate(users["coach_a"], commit=True)
    login_as("coach_a")
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    page = client.post(f"/candidates/{candidate.id}/barriers/new",
                       data=_form(noted_on=yesterday)).get_data(as_text=True)
    assert 'id="noted_on-error"' in page and "waarop de persoon ingeschreven werd" in page

    page = client.post(f"/candidates/{candidate.id}/barriers/new",
                       data=_form(status="solved")).get_data(as_text=True)
    assert 'id="solved_on-error"' in page and "Vul de dag in waarop" in page

    page = client.post(f"/candidates/{candidate.id}/barriers/new",
                       data=_form(status="solved", solved_on="2020-01-01")
                       ).get_data(as_text=True)
    assert 'id="solved_on-error"' in page and "niet opgelost zijn voor" in page

    page = client.post(f"/candidates/{candidate.id}/barriers/new",
                       data=_form(noted_on="31-02-2026")).get_data(as_text=True)
    assert 'id="noted_on-error"' in page and 'value="31-02-2026"' in page
    assert _barriers(candidate) == []


def test_a_second_open_barrier_of_a_kind_is_refused_with_a_message(
    client, app_ctx, users, login_as
):
    candidate = make_candidate(users["coach_a"], commit=True)
    make_barrier(candidate, kind="housing", commit=True)
    login_as("coach_a")
    page = client.post(f"/candidates/{candidate.id}/barriers/new",
                       data=_form(kind="housing")).get_data(as_text=True)
    assert 'id="kind-error"' in page and "al een drempel van deze soort" in page
    assert len(_barriers(candidate)) == 1


def test_marking_solved_fills_in_today_and_a_solved_barrier_may_come_back(
    client, app_ctx, users, login_as
):
    candidate = make_candidate(users["coach_a"], commit=True)
    barrier = make_barrier(candidate, kind="housing", commit=True)
    login_as("coach_a")
    url = f"/candidates/{candidate.id}/barriers/{barrier.id}/edit"
    page = client.get(url + "?solve=1").get_data(as_text=True)
    assert f'value="{local_today().isoformat()}"' in page
    response = client.post(url, data=_form(kind="housing", status="solved",
                                           solved_on=local_today().isoformat(),
                                           version=str(barrier.version)))
    assert response.status_code == 302
    [solved] = _barriers(candidate)
    assert (solved.status, solved.solved_on) == ("solved", local_today())
    # The same kind again (the person lost their home a second time) is a new barrier.
    assert client.post(f"/candidates/{candidate.id}/barriers/new",
                       data=_form(kind="housing")).status_code == 302
    assert len(_barriers(candidate)) == 2


def test_reopening_clears_the_solved_day(client, app_ctx, users, login_as):
    candidate = make_candidate(users["coach_a"], commit=True)
    barrier = make_barrier(candidate, status="solved", solved_on=local_today(), commit=True)
    login_as("coach_a")
    response = client.post(
        f"/candidates/{candidate.id}/barriers/{barrier.id}/edit",
        data=_form(status="open", solved_on=local_today().isoformat(),
                   version=str(barrier.version)))
    assert response.status_code == 302
    [reopened] = _barriers(candidate)
    assert (reopened.status, reopened.solved_on) == ("open", None)


def test_the_second_save_of_an_opened_barrier_gets_a_conflict_page(
    client, app_ctx, users, login_as
):
    candidate = make_candidate(users["coach_a"], commit=True)
    barrier = make_barrier(candidate, commit=True)
    opened = barrier.version
    login_as("coach_a")
    url = f"/candidates/{candidate.id}/barriers/{barrier.id}/edit"
    assert client.post(url, data=_form(status="in_progress", version=str(opened))
                       ).status_code == 302
    response = client.post(url, data=_form(support="Fietscursus", version=str(opened)))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Fietscursus" in page  # what they typed stays
    [kept] = _barriers(candidate)
    assert (kept.status, kept.support) == ("in_progress", SUPPORT)


def test_the_audit_log_never_holds_the_support_text_or_the_kind(
    client, app_ctx, users, login_as
):
    candidate = make_candidate(users["coach_a"], commit=True)
    login_as("coach_a")
    client.post(f"/candidates/{candidate.id}/barriers/new", data=_form(kind="health"))
    [barrier] = _barriers(candidate)
    client.post(f"/candidates/{candidate.id}/barriers/{barrier.id}/edit",
                data=_form(kind="health", support="Naar de huisarts", version="1"))
    # In the order they were written: without ORDER BY, PostgreSQL may answer otherwise.
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.subject_type == "candidate_barrier").order_by(AuditEvent.id)).all()
    assert [event.action for event in events] == ["barrier_added", "barrier_changed"]
    written = json.dumps([event.details for event in events])
    assert "huisarts" not in written and SUPPORT not in written and "health" not in written
    assert events[1].details["fields"] == ["support"]


def test_a_shared_candidates_barriers_are_read_only_for_other_coaches(
    client, app_ctx, users, login_as
):
    candidate = make_candidate(users["coach_a"], shared=True, commit=True)
    barrier = make_barrier(candidate, support=SUPPORT, commit=True)
    login_as("coach_b")
    profile = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert SUPPORT in profile and "Kinderopvang" in profile
    assert "Een drempel toevoegen" not in profile and "/barriers/" not in profile
    assert client.get(f"/candidates/{candidate.id}/barriers/new").status_code == 404
    edit = f"/candidates/{candidate.id}/barriers/{barrier.id}/edit"
    assert client.get(edit).status_code == 404
    assert client.post(edit, data=_form(status="solved", version="1")).status_code == 404
    assert _barriers(candidate)[0].status == "open"


def test_another_candidates_barrier_id_is_a_404(client, app_ctx, users, login_as):
    mine = make_candidate(users["coach_a"], commit=True)
    other = make_candidate(users["coach_a"], pseudonym="Other", commit=True)
    barrier = make_barrier(other, commit=True)
    login_as("coach_a")
    assert client.get(f"/candidates/{mine.id}/barriers/{barrier.id}/edit").status_code == 404


def test_the_privacy_export_holds_the_barriers(client, app_ctx, users, login_as):
    candidate = make_candidate(users["coach_a"], commit=True)
    make_barrier(candidate, kind="dutch", support=SUPPORT, commit=True)
    login_as("coach_a")
    data = client.get(f"/candidates/{candidate.id}/export.json").get_json()
    assert [(b["kind"], b["support"]) for b in data["barriers"]] == [("dutch", SUPPORT)]
    page = client.get(f"/candidates/{candidate.id}/export").get_data(as_text=True)
    assert SUPPORT in page


def test_erasing_a_candidate_deletes_their_barriers(app_ctx, users):
    candidate = make_candidate(users["coach_a"])
    make_barrier(candidate, support=SUPPORT)
    erase_candidate(candidate, reason="request")
    assert _barriers(candidate) == []
