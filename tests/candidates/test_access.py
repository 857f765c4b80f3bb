"""Who sees which candidate: the own caseload, shared candidates read-only, nothing of
another partner (404), never employers or analysts; every view is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from tests.candidates.conftest import text
from tests.factories import make_user

CANDIDATE_PAGES = (
    "/candidates/{id}",
    "/candidates/{id}/edit",
    "/candidates/{id}/consent",
    "/candidates/{id}/handover",
    "/candidates/{id}/privacy",
    "/candidates/{id}/export",
    "/candidates/{id}/export.json",
)


@pytest.fixture
def colleague_a(app_ctx, organisations):
    """A second coach in coach A's partner organisation."""
    return make_user(organisations["partner_a"], role="coach",
                     email="colleague.a@test.example", name="Colleague A", commit=True)


@pytest.mark.parametrize("page", CANDIDATE_PAGES)
def test_another_partners_coach_gets_404(client, login_as, make_candidate, page):
    candidate = make_candidate("coach_a", consent=True)
    login_as("coach_b")
    assert client.get(page.format(id=candidate.id)).status_code == 404


@pytest.mark.parametrize("page", CANDIDATE_PAGES)
def test_a_colleague_of_the_same_partner_gets_404_too(client, make_candidate, colleague_a, page):
    from tests.conftest import login

    candidate = make_candidate("coach_a", consent=True)
    login(client, colleague_a.email)
    assert client.get(page.format(id=candidate.id)).status_code == 404


@pytest.mark.parametrize("role", ["employer_a", "employer_b", "analyst"])
@pytest.mark.parametrize("page", ["/candidates/", *CANDIDATE_PAGES])
def test_employers_and_analysts_never_see_a_candidate(client, login_as, make_candidate, role, page):
    candidate = make_candidate("coach_a", consent=True, shared=True)
    login_as(role)
    response = client.get(page.format(id=candidate.id))
    assert response.status_code == 403
    assert candidate.pseudonym not in text(response)


def test_the_caseload_lists_only_the_own_candidates(client, login_as, make_candidate):
    make_candidate("coach_a", pseudonym="Yonas")
    make_candidate("coach_b", pseudonym="Olena")
    login_as("coach_b")
    page = text(client.get("/candidates/"))
    assert "Olena" in page and "Yonas" not in page


def test_a_shared_candidate_is_read_only_and_hides_private_details(
    client, app_ctx, login_as, make_candidate
):
    candidate = make_candidate(
        "coach_a",
        shared=True,
        pseudonym="Senait",
        email="senait@example.org",
        phone="+32 470 11 22 33",
        coach_note="Privé notitie",
        gender="woman",
        birth_year=1991,
    )
    login_as("coach_b")
    shared_list = text(client.get("/candidates/?scope=shared"))
    assert "Senait" in shared_list and "Coach A (Partner A Coaching)" in shared_list
    assert "Senait" not in text(client.get("/candidates/"))
    page = text(client.get(f"/candidates/{candidate.id}"))
    assert '<h1 translate="no">Senait</h1>' in page
    assert "deelt dit profiel met het partnerschap" in page
    for private in ("senait@example.org", "470 11 22 33", "Privé notitie", "1991", "Vrouw"):
        assert private not in page
    assert f"/candidates/{candidate.id}/edit" not in page
    for action in ("edit", "consent", "handover", "privacy"):
        assert client.get(f"/candidates/{candidate.id}/{action}").status_code == 404


def test_every_view_of_a_profile_is_in_the_audit_log_without_personal_values(
    client, app_ctx, users, login_as, make_candidate
):
    candidate = make_candidate("coach_a", shared=True, pseudonym="Dawit")
    login_as("coach_b")
    client.get(f"/candidates/{candidate.id}")
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "candidate_viewed", AuditEvent.subject_id == candidate.id
        )
    )
    assert event.actor_id == users["coach_b"].id
    assert event.details == {"page": "shared_profile"}


def test_admin_opens_the_privacy_page_but_not_the_profile(
    client, app_ctx, login_as, make_candidate
):
    candidate = make_candidate("coach_b", pseudonym="Hodan")
    login_as("admin")
    assert client.get(f"/candidates/{candidate.id}").status_code == 403
    assert client.get("/candidates/").status_code == 403
    page = text(client.get(f"/candidates/{candidate.id}/privacy"))
    assert "Privacy van Hodan" in page
    assert "Partner B Integration" in page


def test_the_menu_shows_the_caseload_to_coaches_and_privacy_requests_to_admins(client, login_as):
    login_as("coach_a")
    page = text(client.get("/start"))
    assert 'href="/candidates/"' in page and "/candidates/privacy-requests" not in page
    client.post("/logout")
    login_as("admin")
    page = text(client.get("/start"))
    assert "/candidates/privacy-requests" in page and 'href="/candidates/"' not in page


def test_the_coach_home_page_summarises_the_caseload(client, login_as, make_candidate):
    make_candidate("coach_a", pseudonym="A", consent=True)
    make_candidate("coach_a", pseudonym="B", status="placed")
    make_candidate("coach_b", pseudonym="C")
    login_as("coach_a")
    page = text(client.get("/start"))
    assert "2 personen in je caseload." in page
    assert 'href="/candidates/?status=active">Actief: 1</a>' in page
    assert 'href="/candidates/?status=placed">Aan het werk: 1</a>' in page
    assert "1 actieve persoon heeft nog geen toestemming" not in page  # the active one has it
