"""Consent to be matched: recorded with date, method and who wrote it down; withdrawn;
without active consent a candidate is never matchable and never shared."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from marketplace.candidates.models import Candidate, ConsentRecord
from marketplace.candidates.queries import matchable_candidates
from marketplace.db_types import local_today
from marketplace.extensions import db
from tests.candidates.conftest import text


def _reloaded(candidate_id: int) -> Candidate:
    db.session.expire_all()
    return db.session.get(Candidate, candidate_id)


def test_the_consent_date_starts_at_today(client, app_ctx, login_as, make_candidate):
    candidate = make_candidate(pseudonym="Rahwa")
    login_as("coach_a")
    page = client.get(f"/candidates/{candidate.id}/consent").get_data(as_text=True)
    assert f'value="{local_today().isoformat()}"' in page


def test_coach_records_consent(client, app_ctx, users, login_as, make_candidate):
    candidate = make_candidate(pseudonym="Rahwa")
    login_as("coach_a")
    page = text(client.get(f"/candidates/{candidate.id}/consent"))
    assert "Toestemming van Rahwa" in page and "Nog geen toestemming genoteerd." in page
    response = client.post(
        f"/candidates/{candidate.id}/consent",
        data={"given_on": "2026-10-01", "method": "spoken_with_interpreter"},
    )
    assert response.status_code == 302
    candidate = _reloaded(candidate.id)
    assert candidate.has_active_consent
    [record] = candidate.consent_records
    assert (record.given_on, record.method, record.recorded_by_id) == (
        date(2026, 10, 1),
        "spoken_with_interpreter",
        users["coach_a"].id,
    )
    page = text(client.get(f"/candidates/{candidate.id}/consent"))
    assert "Ja gezegd met een tolk" in page and "Coach A" in page
    assert "Intrekking noteren" in page


@pytest.mark.parametrize(("locale", "agreed_to"), [
    ("nl", "Coaches mogen de persoon voorstellen aan werkgevers, organisaties met "
           "vrijwilligerswerk en opleidingsverstrekkers, en inschrijven bij organisatoren van "
           "proefsessies."),
    ("en", "Coaches may propose them to employers, organisations with volunteering places and "
           "training providers, and enrol them with the organisers of try-outs."),
])
def test_the_consent_names_every_kind_of_organisation_the_person_may_go_to(
        client, app_ctx, login_as, make_candidate, locale, agreed_to):
    # Not employers only: a course goes to its training provider, a try-out's enrolment
    # to its organiser, a volunteering place to its organisation.
    candidate = make_candidate(pseudonym="Rahwa")
    login_as("coach_a")
    client.post("/language", data={"locale": locale, "next": "/start"})
    page = " ".join(text(client.get(f"/candidates/{candidate.id}/consent")).split())
    assert agreed_to in page
    assert ("nooit aangeraden, voorgesteld of ingeschreven" in page if locale == "nl"
            else "never suggested, proposed or enrolled" in page)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"given_on": "", "method": "signed_form"}, "Vul dit veld in."),
        ({"given_on": "2026-02-30", "method": "signed_form"}, "Ongeldige datum."),
        (
            {"given_on": (local_today() + timedelta(days=1)).isoformat(), "method": "signed_form"},
            "Deze datum ligt in de toekomst.",
        ),
        ({"given_on": "2026-10-01", "method": "telepathy"}, "Kies een van de mogelijkheden."),
    ],
)
def test_consent_form_refuses_bad_input(client, app_ctx, login_as, make_candidate, data, message):
    candidate = make_candidate()
    login_as("coach_a")
    response = client.post(f"/candidates/{candidate.id}/consent", data=data)
    page = text(response)
    assert response.status_code == 200
    assert message in page and 'class="error-message"' in page
    if data["given_on"]:
        assert f'value="{data["given_on"]}"' in page
    assert not _reloaded(candidate.id).has_active_consent


def test_withdrawal_stops_matching_and_sharing(client, app_ctx, login_as, make_candidate):
    candidate = make_candidate(consent=True, shared=True)
    assert [c.id for c in db.session.scalars(matchable_candidates())] == [candidate.id]
    login_as("coach_a")
    response = client.post(
        f"/candidates/{candidate.id}/consent/withdrawal", data={"withdrawn_on": "2026-11-01"}
    )
    assert response.status_code == 302
    candidate = _reloaded(candidate.id)
    assert not candidate.has_active_consent
    assert not candidate.shared_with_partnership
    assert candidate.consent_records[0].withdrawn_on == date(2026, 11, 1)
    assert not db.session.scalars(matchable_candidates()).all()
    page = text(client.get(f"/candidates/{candidate.id}"))
    assert "Er is geen geldige toestemming" in page
    never = "nooit aan een organisatie aangeraden of voorgesteld."
    assert never in page and "werkgever" not in page.split("geen geldige toestemming")[1][:120]
    assert never in text(client.get(f"/suggestions/candidates/{candidate.id}"))


def test_withdrawal_cannot_come_before_consent(client, app_ctx, login_as, make_candidate):
    candidate = make_candidate(consent=True)  # given on 2026-01-05
    login_as("coach_a")
    response = client.post(
        f"/candidates/{candidate.id}/consent/withdrawal", data={"withdrawn_on": "2025-12-31"}
    )
    assert "De toestemming kan niet stoppen voor ze gegeven is." in text(response)
    assert 'value="2025-12-31"' in text(response)
    assert _reloaded(candidate.id).has_active_consent


def test_consent_can_be_given_again_after_a_withdrawal(client, app_ctx, login_as, make_candidate):
    candidate = make_candidate(consent=True)
    login_as("coach_a")
    client.post(
        f"/candidates/{candidate.id}/consent/withdrawal", data={"withdrawn_on": "2026-03-01"}
    )
    client.post(
        f"/candidates/{candidate.id}/consent",
        data={"given_on": "2026-06-01", "method": "signed_form"},
    )
    candidate = _reloaded(candidate.id)
    assert candidate.has_active_consent
    assert [r.is_active for r in candidate.consent_records] == [False, True]


def test_a_second_open_consent_is_refused(client, app_ctx, login_as, make_candidate):
    candidate = make_candidate(consent=True)
    login_as("coach_a")
    response = client.post(
        f"/candidates/{candidate.id}/consent",
        data={"given_on": "2026-06-01", "method": "signed_form"},
    )
    assert response.status_code == 302
    assert len(_reloaded(candidate.id).consent_records) == 1
    assert "De toestemming was al genoteerd." in text(client.get(response.headers["Location"]))


def test_the_database_allows_one_open_consent_per_candidate(app_ctx, make_candidate):
    candidate = make_candidate(consent=True)
    db.session.add(
        ConsentRecord(candidate_id=candidate.id, given_on=date(2026, 2, 1), method="signed_form")
    )
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_only_active_candidates_with_consent_are_matchable(app_ctx, make_candidate):
    ready = make_candidate(pseudonym="Ready", consent=True)
    make_candidate(pseudonym="No consent")
    make_candidate(pseudonym="Placed", consent=True, status="placed")
    assert [c.id for c in db.session.scalars(matchable_candidates())] == [ready.id]
