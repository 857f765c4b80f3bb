"""Admins manage organisations and users; every change is in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import Organisation, User
from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from tests.conftest import login


def test_admin_adds_an_employer_with_sector_and_postcode(client, app_ctx, login_as):
    login_as("admin")
    response = client.post(
        "/admin/organisations/new",
        data={"name": "Haven Catering", "kind": "employer", "sector": "I", "postcode": "2000"},
    )
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Haven Catering"))
    assert (org.sector, org.postcode, org.place.municipality) == ("I", "2000", "Antwerpen")
    listed = client.get("/admin/organisations", query_string={"q": "Haven"}).get_data(as_text=True)
    assert "Verschaffen van accommodatie en maaltijden (I)" in listed  # the name, not a letter
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "organisation_created", AuditEvent.subject_id == org.id
        )
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "kind": "employer", "sector": "I"}, "Vul dit veld in."),
        ({"name": "X", "kind": "employer", "sector": ""}, "Kies de sector"),
        ({"name": "X", "kind": "partner", "sector": "I"}, "Alleen werkgevers en sectorfederaties"),
        (
            {"name": "X", "kind": "employer", "sector": "I", "postcode": "9999"},
            "geen Belgische postcode",
        ),
        (
            {"name": "X", "kind": "employer", "sector": "I", "postcode": "20a0"},
            "geen Belgische postcode",
        ),
        (
            {"name": "employer a logistics", "kind": "employer", "sector": "H"},
            "Er is al een organisatie",
        ),
    ],
)
def test_organisation_form_rejects_bad_input_and_keeps_it(client, app_ctx, login_as, data, message):
    login_as("admin")
    response = client.post("/admin/organisations/new", data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    if data["name"]:
        assert f'value="{data["name"]}"' in page


def test_text_with_markup_is_stored_as_text_and_shown_escaped(client, app_ctx, login_as):
    login_as("admin")
    name = "<script>alert('x')</script> Bakkerij"
    client.post("/admin/organisations/new", data={"name": name, "kind": "employer", "sector": "C"})
    page = client.get("/admin/organisations").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    assert db.session.scalar(select(Organisation).where(Organisation.name == name))


def test_admin_changes_a_role_and_the_user_is_logged_out(
    client, app, app_ctx, users, organisations, login_as
):
    coach_browser = app.test_client()
    login(coach_browser, "coach_a")
    login_as("admin")
    response = client.post(
        f"/admin/users/{users['coach_a'].id}",
        data={"name": "Coach A", "organisation": organisations["partner_a"].id, "role": "admin",
              "version": users["coach_a"].version},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, users["coach_a"].id).role == "admin"
    assert coach_browser.get("/start").status_code == 302


def test_deactivated_user_is_logged_out_and_cannot_log_in(client, app, app_ctx, users, login_as):
    employer_browser = app.test_client()
    login(employer_browser, "employer_b")
    login_as("admin")
    client.post(f"/admin/users/{users['employer_b'].id}/active", data={"active": "0"})
    assert employer_browser.get("/start").status_code == 302
    assert login(app.test_client(), "employer_b").status_code == 401


def test_admin_cannot_deactivate_themselves(client, app_ctx, users, login_as):
    login_as("admin")
    client.post(f"/admin/users/{users['admin'].id}/active", data={"active": "0"})
    db.session.expire_all()
    assert db.session.get(User, users["admin"].id).active


def test_email_is_unique_regardless_of_case_in_the_database(app_ctx, organisations):
    db.session.add(
        User(
            email="Coach.A@test.example",
            name="x",
            role="coach",
            organisation=organisations["partner_a"],
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_denied_attempts_are_audited(client, app_ctx, users, login_as):
    login_as("employer_a")
    assert client.get("/admin/users").status_code == 403
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "access_denied"))
    assert event.actor_id == users["employer_a"].id


def test_second_save_of_an_organisation_gets_a_conflict_page(client, app_ctx, organisations,
                                                             login_as):
    org = organisations["employer_b"]
    opened_version = org.version
    login_as("admin")
    url = f"/admin/organisations/{org.id}"
    first = client.post(url, data={"name": "Employer B Care", "sector": "Q", "postcode": "2018",
                                   "is_active": "y", "version": opened_version})
    assert first.status_code == 302
    second = client.post(url, data={"name": "Employer B Zorg", "sector": "Q",
                                    "postcode": "2100", "is_active": "y",
                                    "version": opened_version})
    assert second.status_code == 409
    page = second.get_data(as_text=True)
    assert "Iemand anders heeft dit intussen veranderd" in page
    assert "2018" in page  # what the other admin changed
    assert 'value="Employer B Zorg"' in page  # what this admin typed is kept
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).name == "Employer B Care"


def test_a_conflict_names_an_organisations_values_in_words(client, app_ctx, organisations,
                                                          login_as):
    """The sector by its name and "active" as yes or no, not a letter and True/False."""
    org = organisations["employer_b"]
    opened_version, sector_before = org.version, org.sector
    login_as("admin")
    url = f"/admin/organisations/{org.id}"
    client.post(url, data={"name": org.name, "sector": "H", "postcode": org.postcode or "",
                           "version": opened_version})  # no "is_active": made inactive
    page = client.post(url, data={"name": org.name, "sector": "Q", "is_active": "y",
                                  "postcode": "2100", "version": opened_version})
    assert page.status_code == 409
    notice = page.get_data(as_text=True).split('role="alert"', 1)[1].split("</table>", 1)[0]
    assert "Vervoer en opslag" in notice  # sector H, by its name
    assert ">Ja<" in notice and ">Nee<" in notice
    assert "True" not in notice and "False" not in notice
    assert sector_before != "H"
