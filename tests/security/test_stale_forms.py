"""Two admins at once: a user's form opened before another admin saved the user gets
the conflict page, so it cannot silently undo the other admin's change.

Before, the form had no version: admin A took the admin role away from someone who
left, and admin B, who had opened the same user's form earlier to fix a typo in the
name, saved it and gave the role back without seeing that anything had changed.
"""

from __future__ import annotations

from marketplace.extensions import db
from tests.conftest import login
from tests.factories import make_user
from tests.security.helpers import parse_page

CONFLICT = "Iemand anders heeft dit intussen veranderd"


def _opened_form(client, user) -> dict:
    url = f"/admin/users/{user.id}"
    forms, _links = parse_page(client.get(url).get_data(as_text=True), f"http://localhost{url}")
    return next(form for form in forms if form.action.endswith(url)).data()


def test_a_form_opened_before_a_role_was_taken_away_cannot_give_it_back(
    app, app_ctx, users, organisations
):
    leaver = make_user(organisations["partner_a"], role="admin", name="Vertrokken Beheerder",
                       commit=True)
    first, second = app.test_client(), app.test_client()
    login(first, "admin")
    second_admin = make_user(organisations["admin_body"], role="admin", commit=True)
    login(second, second_admin.email)
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
