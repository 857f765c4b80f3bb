"""Two admins at once: a user's form opened before another admin saved the user gets
the conflict page, so it cannot silently undo the other admin's change.

Before, the form had no version: admin A took the admin role away from someone who
left, and admin B, who had opened the same user's form earlier to fix a typo in the
name, saved it and gave the role back without seeing that anything had changed.

The same for a trajectory step in two tabs of one coach: the step had no version, so
the second tab's save put back what the first had changed.
"""

from __future__ import annotations

import pytest

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.trajectories.models import TrajectoryStep
from tests.conftest import login
from tests.factories import make_candidate, make_step, make_user
from tests.security.helpers import parse_page

CONFLICT = "Iemand anders heeft dit intussen veranderd"


def _form_at(client, url: str) -> dict:
    forms, _links = parse_page(client.get(url).get_data(as_text=True), f"http://localhost{url}")
    return next(form for form in forms if form.action.endswith(url)).data()


def _opened_form(client, user) -> dict:
    return _form_at(client, f"/admin/users/{user.id}")


@pytest.fixture
def two_admins(app, app_ctx, users, organisations):
    """Two browsers, each logged in as another admin."""
    first, second = app.test_client(), app.test_client()
    login(first, "admin")
    second_admin = make_user(organisations["admin_body"], role="admin", commit=True)
    login(second, second_admin.email)
    return first, second


def test_a_form_opened_before_a_role_was_taken_away_cannot_give_it_back(
    two_admins, organisations
):
    leaver = make_user(organisations["partner_a"], role="admin", name="Vertrokken Beheerder",
                       commit=True)
    first, second = two_admins
    typo_fix = _opened_form(second, leaver)
    taking_away = _opened_form(first, leaver)
    assert typo_fix["role"] == "admin" and "version" in typo_fix

    assert first.post(f"/admin/users/{leaver.id}",
                      data={**taking_away, "role": "coach"}).status_code == 302
    response = second.post(f"/admin/users/{leaver.id}",
                           data={**typo_fix, "name": "Vertrokken Beheerder (oud)"})

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert CONFLICT in page
    db.session.expire_all()
    assert (leaver.role, leaver.name) == ("coach", "Vertrokken Beheerder")
    # The form now holds the saved role, and says which role the admin had in it.
    forms, _links = parse_page(page, f"http://localhost/admin/users/{leaver.id}")
    again = next(form for form in forms if form.action.endswith(f"/admin/users/{leaver.id}"))
    assert again.data()["role"] == "coach"
    assert "Rol" in page and "Beheerder" in page
    assert second.post(f"/admin/users/{leaver.id}", data=again.data()).status_code == 302
    db.session.expire_all()
    assert (leaver.role, leaver.name) == ("coach", "Vertrokken Beheerder (oud)")


def test_a_step_saved_from_a_second_tab_opened_before_the_first_save_gets_a_conflict_page(
    client, login_as, users
):
    candidate = make_candidate(users["coach_a"], pseudonym="Twee Tabs", commit=True)
    step = make_step(candidate, users["coach_a"], kind="dutch_course",
                     organisation_name="CVO Crescendo", commit=True)
    login_as("coach_a")
    url = f"/candidates/{candidate.id}/trajectory/steps/{step.id}/edit"
    first_tab, second_tab = _form_at(client, url), _form_at(client, url)
    assert first_tab["version"] == str(step.version)
    today = local_today()

    assert client.post(url, data={**first_tab, "ended_on": today.isoformat(),
                                  "dutch_level": "A2"}).status_code == 302
    response = client.post(url, data={**second_tab, "note": "Les op <b>dinsdag</b>"})

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert CONFLICT in page
    db.session.expire_all()
    saved = db.session.get(TrajectoryStep, step.id)
    assert (saved.ended_on, saved.dutch_level, saved.note) == (today, "A2", None)
    # The form holds the first tab's values again and the second tab's note as typed.
    forms, _links = parse_page(page, f"http://localhost{url}")
    again = next(form for form in forms if form.action.endswith(url)).data()
    assert (again["ended_on"], again["dutch_level"]) == (today.isoformat(), "A2")
    assert again["note"] == "Les op <b>dinsdag</b>" and "<b>dinsdag" not in page
    assert again["version"] == str(saved.version)
    assert client.post(url, data=again).status_code == 302
    db.session.expire_all()
    saved = db.session.get(TrajectoryStep, step.id)
    assert (saved.ended_on, saved.dutch_level, saved.note) == (
        today, "A2", "Les op <b>dinsdag</b>")


def test_a_move_to_another_organisation_is_named_and_kept_in_the_stale_form(
    two_admins, organisations
):
    # The organisation is logged as ``organisation_id``: the conflict names it by its
    # name under the form's "Organisatie", and puts the saved one back in the form.
    mover = make_user(organisations["partner_a"], role="admin", name="Verhuizer", commit=True)
    first, second = two_admins
    stale = _opened_form(second, mover)
    moving = _opened_form(first, mover)
    target = organisations["admin_body"]

    assert first.post(f"/admin/users/{mover.id}",
                      data={**moving, "organisation": str(target.id)}).status_code == 302
    response = second.post(f"/admin/users/{mover.id}", data={**stale, "name": "Verhuisd"})

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert CONFLICT in page and target.name in page and organisations["partner_a"].name in page
    forms, _links = parse_page(page, f"http://localhost/admin/users/{mover.id}")
    again = next(form for form in forms if form.action.endswith(f"/admin/users/{mover.id}"))
    assert again.data()["organisation"] == str(target.id)
