"""Taking a coach out of use while they still hold people is refused, as a move is
(``test_coach_moves.py``): deactivating the coach on the admin's page, deactivating
their whole organisation (none of its users can log in then) on the admin's form or in
a records import. The coach hands the people over first.

Before, each went through: the coach could no longer log in and their people's
records stayed with nobody who could keep them, still in the pool for employers.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import LoginSession, Organisation, User
from marketplace.candidates.operations import hand_over_candidate
from marketplace.extensions import db
from marketplace.records.importer import RecordsRejected, import_records
from marketplace.records.reader import parse_lines
from tests.conftest import login
from tests.factories import make_candidate, make_user
from tests.security.helpers import error_next_to, parse_page

REFUSED = ("Deze coach heeft nog 1 persoon in de caseload, die dan bij niemand meer "
           "terechtkan. Draag de caseload eerst over aan een collega (“Caseload overdragen” "
           "op deze pagina); daarna kun je het account uitschakelen.")
ORGANISATION_REFUSED = "De coaches van deze organisatie hebben nog 2 personen in hun caseloads"


@pytest.fixture
def caseload(app_ctx, users):
    """Coach A with one person in their caseload."""
    return make_candidate(users["coach_a"], pseudonym="Achtergelaten", commit=True)


def _active(user) -> bool:
    db.session.expire_all()
    return db.session.scalar(select(User.active).where(User.id == user.id))


def _sessions(user) -> int:
    return db.session.scalar(select(func.count()).select_from(LoginSession)
                             .where(LoginSession.user_id == user.id))


def _deactivate(client, user):
    return client.post(f"/admin/users/{user.id}/active", data={"active": "0"})


def test_deactivating_a_coach_with_a_caseload_is_refused_at_the_button(
    app, client, login_as, users, caseload
):
    coach = app.test_client()
    login(coach, "coach_a")
    login_as("admin")
    response = _deactivate(client, users["coach_a"])
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert error_next_to(page, "deactivate").endswith(REFUSED)
    assert 'aria-describedby="deactivate-error"' in page and 'href="#deactivate"' in page
    # The page is the user's page: its form saves the user, with the user's values.
    url = f"/admin/users/{users['coach_a'].id}"
    forms, _links = parse_page(page, f"http://localhost{url}/active")
    user_form = next(form for form in forms if "name" in form.data())
    assert user_form.action == f"http://localhost{url}"
    assert user_form.data()["name"] == users["coach_a"].name
    assert _active(users["coach_a"]) and _sessions(users["coach_a"]) == 1
    assert coach.get(f"/candidates/{caseload.id}").status_code == 200


def test_the_refusal_is_in_english_for_an_english_admin(client, login_as, users, caseload):
    login_as("admin")
    client.post("/language", data={"locale": "en"})
    page = _deactivate(client, users["coach_a"]).get_data(as_text=True)
    assert "This coach still has 1 person in their caseload" in page
    assert "Hand the caseload over to a colleague first" in page


def test_once_the_caseload_is_handed_over_the_coach_is_deactivated_and_logged_out(
    app, client, login_as, users, organisations, caseload
):
    colleague = make_user(organisations["partner_a"], role="coach", commit=True)
    hand_over_candidate(caseload, to_coach=colleague, note=None)
    db.session.commit()
    coach = app.test_client()
    login(coach, "coach_a")
    login_as("admin")
    assert _deactivate(client, users["coach_a"]).status_code == 302
    assert not _active(users["coach_a"]) and _sessions(users["coach_a"]) == 0


def test_a_user_who_holds_nobody_is_deactivated_as_before(client, login_as, organisations):
    analyst = make_user(organisations["federation"], role="analyst", commit=True)
    login_as("admin")
    assert _deactivate(client, analyst).status_code == 302
    assert not _active(analyst)


def _organisation_form(client, organisation) -> dict:
    url = f"/admin/organisations/{organisation.id}"
    forms, _links = parse_page(client.get(url).get_data(as_text=True), f"http://localhost{url}")
    return next(form for form in forms if form.action.endswith(url)).data()


def test_deactivating_an_organisation_whose_coaches_hold_people_is_refused_at_the_field(
    client, login_as, users, organisations, caseload
):
    partner = organisations["partner_a"]
    colleague = make_user(partner, role="coach", commit=True)
    make_candidate(colleague, pseudonym="Ook achtergelaten", commit=True)
    login_as("admin")
    data = _organisation_form(client, partner)
    assert data.pop("is_active") == "y"
    response = client.post(f"/admin/organisations/{partner.id}",
                           data={**data, "name": "Partner <b>nieuw</b>"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert ORGANISATION_REFUSED in error_next_to(page, "is_active")
    assert 'value="Partner &lt;b&gt;nieuw&lt;/b&gt;"' in page  # as typed, escaped
    db.session.expire_all()
    assert db.session.get(Organisation, partner.id).is_active
    assert db.session.get(Organisation, partner.id).name != "Partner <b>nieuw</b>"


def test_an_organisation_whose_coaches_hold_nobody_is_deactivated_as_before(
    client, login_as, organisations
):
    partner = organisations["partner_b"]
    login_as("admin")
    data = _organisation_form(client, partner)
    data.pop("is_active")
    assert client.post(f"/admin/organisations/{partner.id}", data=data).status_code == 302
    db.session.expire_all()
    assert not db.session.get(Organisation, partner.id).is_active


def _organisation_line(organisation, **fields) -> str:
    return json.dumps({"type": "organisation", "ref": organisation.ref,
                       "name": organisation.name, "role": "partner", **fields})


def test_a_records_import_does_not_deactivate_an_organisation_whose_coaches_hold_people(
    app_ctx, organisations, caseload
):
    partner = organisations["partner_a"]
    import_records(parse_lines([_organisation_line(partner, active=True)]))
    with pytest.raises(RecordsRejected) as rejected:
        import_records(parse_lines([_organisation_line(partner, active=False)]))
    assert [str(problem) for problem in rejected.value.problems] == [
        f"line 1: organisation {partner.ref!r}: deactivated with 1 candidate(s) still in its "
        "coaches' caseloads: hand them over on the site first"]
    db.session.expire_all()
    assert db.session.get(Organisation, partner.id).is_active


def test_a_records_import_deactivates_an_organisation_whose_coaches_hold_nobody(
    app_ctx, organisations
):
    partner = organisations["partner_b"]
    import_records(parse_lines([_organisation_line(partner, active=False)]))
    db.session.expire_all()
    assert not db.session.get(Organisation, partner.id).is_active
