"""Privacy rights: everything held about a candidate as JSON and as a page (with who
viewed or changed it), and erasure that leaves no personal data in any table."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import JSON, String, Text, cast, column, func, inspect, select, table

from marketplace.audit.models import AuditEvent
from marketplace.candidates.models import Candidate
from marketplace.candidates.profile_rows import CandidateSensitive
from marketplace.extensions import db
from tests.candidates.conftest import text, valid_form
from tests.conftest import login
from tests.factories import make_decision, make_step


def _candidate_of(pseudonym: str) -> Candidate:
    db.session.expire_all()
    return db.session.scalars(select(Candidate).where(Candidate.pseudonym == pseudonym)).one()


@pytest.fixture
def followed_candidate(app, client, app_ctx, users, login_as):
    """Amina: added, consent given, viewed and changed by coach A, then handed over to
    coach B with a note; coach A's browser stays logged in."""
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate = _candidate_of("Amina")
    client.post(
        f"/candidates/{candidate.id}/consent",
        data={"given_on": "2026-10-02", "method": "signed_form"},
    )
    client.get(f"/candidates/{candidate.id}")
    client.post(
        f"/candidates/{candidate.id}/edit",
        data=valid_form(hours_per_week="20", version=_candidate_of("Amina").version),
    )
    client.post(
        f"/candidates/{candidate.id}/handover",
        data={"to_coach": users["coach_b"].id, "note": "Woont nu in Deurne."},
    )
    return _candidate_of("Amina")


def test_export_as_json_holds_everything_including_the_audit_trail(
    app, app_ctx, followed_candidate
):
    coach_b = app.test_client()
    login(coach_b, "coach_b")
    response = coach_b.get(f"/candidates/{followed_candidate.id}/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="candidate-{followed_candidate.id}.json"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    person = data["candidate"]
    assert (person["pseudonym"], person["email"], person["phone"]) == (
        "Amina",
        "amina@example.org",
        "+32 470 12 34 56",
    )
    assert (person["postcode"], person["municipality"], person["hours_per_week"]) == (
        "2060",
        "Antwerpen",
        20,
    )
    assert person["coach_note"] == "Wil graag in de haven werken."
    assert person["coach"] == "Coach B" and person["organisation"] == "Partner B Integration"
    assert data["fairness_data"] == {"gender": "woman", "birth_year": 1994}
    assert data["languages"] == [{"code": "ar", "name": "Arabisch", "level": "C2"}]
    assert data["experience"][0]["title_as_said"] == "magazijnier"
    assert data["experience"][0]["occupation"] == "magazijnmedewerker"
    assert data["consent"][0]["given_on"] == "2026-10-02"
    assert data["consent"][0]["recorded_by"] == "Coach A"
    assert data["handovers"][0]["note"] == "Woont nu in Deurne."
    trail = [(row["action"], row["by"]) for row in data["audit_trail"]]
    assert ("candidate_viewed", "Coach A") in trail
    assert ("candidate_changed", "Coach A") in trail
    assert ("candidate_handed_over", "Coach A") in trail
    assert trail[-1] == ("candidate_exported", "Coach B")


def test_export_as_a_page_shows_the_same_data(app, app_ctx, followed_candidate):
    coach_b = app.test_client()
    login(coach_b, "coach_b")
    page = text(coach_b.get(f"/candidates/{followed_candidate.id}/export"))
    assert page.count("<h1") == 1 and "Alle gegevens van Amina" in page
    for value in (
        "amina@example.org",
        "Wil graag in de haven werken.",
        "Woont nu in Deurne.",
        "magazijnier",
        "Arabisch",
        "Vrouw",
        "1994",
        "Formulier ondertekend",
    ):
        assert value in page
    trail = page.split("Wie het profiel bekeek of wijzigde", 1)[1]
    assert "Coach A (Partner A Coaching)" in trail and "Profiel bekeken" in trail
    assert "Profiel gewijzigd: Uren per week" in trail


def test_every_export_is_audited(app, app_ctx, users, followed_candidate):
    admin = app.test_client()
    login(admin, "admin")
    assert admin.get(f"/candidates/{followed_candidate.id}/export.json").status_code == 200
    assert admin.get(f"/candidates/{followed_candidate.id}/export").status_code == 200
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "candidate_exported")
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.actor_id, e.details["format"]) for e in events] == [
        (users["admin"].id, "json"),
        (users["admin"].id, "page"),
    ]


def test_the_former_coach_cannot_export_after_a_handover(client, followed_candidate):
    assert client.get(f"/candidates/{followed_candidate.id}/export.json").status_code == 404


def _text_columns():
    """Every text-like column of every table in the live database."""
    inspector = inspect(db.session.connection())
    for table_name in inspector.get_table_names():
        for reflected in inspector.get_columns(table_name):
            if isinstance(reflected["type"], String | Text | JSON):
                yield table_name, reflected["name"]


def _tables_holding(canary: str) -> list[str]:
    found = []
    for table_name, column_name in _text_columns():
        value = column(column_name)
        count = db.session.scalar(
            select(func.count())
            .select_from(table(table_name, value))
            .where(cast(value, Text).like(f"%{canary}%"))
        )
        if count:
            found.append(f"{table_name}.{column_name}")
    return found


def test_erasure_leaves_no_personal_data_in_any_table(app, client, app_ctx, users, login_as):
    canaries = {
        "pseudonym": "Kanarie7f3a",
        "email": "kanarie7f3a@example.org",
        "phone": "+32 491 73 19 46",
        "coach_note": "Kanarienotitie7f3a",
        "experiences-0-title_as_said": "Kanarietitel7f3a",
    }
    login_as("coach_a")
    client.post(
        "/candidates/new", data=valid_form(gender="non_binary", birth_year="1977", **canaries)
    )
    candidate = _candidate_of("Kanarie7f3a")
    candidate_id = candidate.id
    candidate.ref = "KANARIE-REF-7f3a"  # as the records import would set it
    db.session.commit()
    client.post(
        f"/candidates/{candidate_id}/consent",
        data={"given_on": "2026-10-02", "method": "signed_form"},
    )
    client.get(f"/candidates/{candidate_id}/export.json")
    client.post(
        f"/candidates/{candidate_id}/handover",
        data={"to_coach": users["coach_b"].id, "note": "Overdrachtkanarie7f3a"},
    )
    all_canaries = [*canaries.values(), "KANARIE-REF-7f3a", "Overdrachtkanarie7f3a"]
    for canary in all_canaries:
        assert _tables_holding(canary), f"{canary} was never stored: the test proves nothing"
    organisations_before = db.session.execute(
        select(Candidate.organisation_id, func.count()).group_by(Candidate.organisation_id)
    ).all()

    admin = app.test_client()
    login(admin, "admin")
    response = admin.post(
        f"/candidates/{candidate_id}/erase", data={"reason": "request", "confirm": "y"}
    )
    assert response.status_code == 302

    db.session.expire_all()
    for canary in all_canaries:
        assert _tables_holding(canary) == [], canary
    assert db.session.get(CandidateSensitive, candidate_id) is None
    remnant = db.session.get(Candidate, candidate_id)
    assert remnant.status == "erased" and remnant.erased_at is not None
    assert remnant.created_at.day == 1 and remnant.created_at.hour == 0
    assert (remnant.languages, remnant.experiences, remnant.consent_records, remnant.handovers) == (
        [],
        [],
        [],
        [],
    )
    assert (
        db.session.execute(
            select(Candidate.organisation_id, func.count()).group_by(Candidate.organisation_id)
        ).all()
        == organisations_before
    )  # anonymous counts stay
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate_erased"))
    assert (event.actor_id, event.details) == (users["admin"].id, {"reason": "request"})
    assert admin.get(f"/candidates/{candidate_id}/privacy").status_code == 404


def test_the_database_refuses_an_erased_row_with_personal_data(app_ctx, make_candidate):
    from sqlalchemy.exc import IntegrityError

    candidate = make_candidate()
    candidate.status = "erased"
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_an_erased_candidate_is_gone_from_caseload_and_pages(
    client, app_ctx, login_as, make_candidate
):
    candidate = make_candidate(pseudonym="Weg")
    login_as("coach_a")
    client.post(f"/candidates/{candidate.id}/erase", data={"reason": "retention", "confirm": "y"})
    assert "Weg" not in text(client.get("/candidates/"))
    for page in ("", "/edit", "/consent", "/privacy", "/export.json"):
        assert client.get(f"/candidates/{candidate.id}{page}").status_code == 404
    assert "0 personen in je caseload." in text(client.get("/start"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "request"}, "Vink het vakje aan om te bevestigen."),
        ({"confirm": "y"}, "Vul dit veld in."),
        ({"reason": "boredom", "confirm": "y"}, "Kies een van de mogelijkheden."),
    ],
)
def test_erasure_needs_a_reason_and_a_confirmation(
    client, app_ctx, login_as, make_candidate, data, message
):
    candidate = make_candidate(pseudonym="Blijft")
    login_as("coach_a")
    response = client.post(f"/candidates/{candidate.id}/erase", data=data)
    assert response.status_code == 200
    assert message in text(response) and 'class="error-message"' in text(response)
    assert _candidate_of("Blijft").status == "active"


def test_admin_finds_a_candidate_for_a_privacy_request(client, app_ctx, login_as, make_candidate):
    wanted = make_candidate("coach_b", pseudonym="Oksana", email="oksana@example.org")
    make_candidate("coach_a", pseudonym="Andriy")
    login_as("admin")
    assert "Oksana" not in text(client.get("/candidates/privacy-requests"))
    for query in ("oks", "OKSANA@example.org", str(wanted.id)):
        page = text(client.get("/candidates/privacy-requests", query_string={"q": query}))
        assert f'href="/candidates/{wanted.id}/privacy" translate="no">Oksana</a>' in page, query
        assert "Andriy" not in page
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "candidate_privacy_search")
    ).all()
    assert [e.details for e in events] == [{"results": 1}] * 3  # never the search text


def test_privacy_search_is_for_admins_only(client, login_as):
    login_as("coach_a")
    assert client.get("/candidates/privacy-requests").status_code == 403


def test_privacy_search_refuses_too_long_text_and_escapes_markup(client, login_as):
    login_as("admin")
    page = text(client.get("/candidates/privacy-requests", query_string={"q": "x" * 300}))
    assert 'class="error-message"' in page and "254" in page
    page = text(client.get("/candidates/privacy-requests", query_string={"q": "<i>x</i>"}))
    assert 'value="&lt;i&gt;x&lt;/i&gt;"' in page and "<i>x</i>" not in page


def test_export_holds_the_trajectory_with_its_notes(app, app_ctx, users, followed_candidate):
    make_decision(followed_candidate, users["coach_b"], note="Samen beslist bij de intake.")
    make_step(followed_candidate, users["coach_b"], kind="dutch_course", dutch_level="A2",
              organisation_name="CVO Crescendo", note="Avondles.")
    db.session.commit()
    coach_b = app.test_client()
    login(coach_b, "coach_b")
    data = json.loads(coach_b.get(f"/candidates/{followed_candidate.id}/export.json")
                      .get_data(as_text=True))
    decision, = data["trajectory"]["decisions"]
    assert (decision["trajectory"], decision["note"]) == (
        "integrated", "Samen beslist bij de intake.")
    step, = data["trajectory"]["steps"]
    assert (step["kind"], step["dutch_level"], step["organisation"], step["note"]) == (
        "dutch_course", "A2", "CVO Crescendo", "Avondles.")
    page = text(coach_b.get(f"/candidates/{followed_candidate.id}/export"))
    assert "Beslissingen van de partners" in page and "CVO Crescendo" in page
    assert "Avondles." in page
