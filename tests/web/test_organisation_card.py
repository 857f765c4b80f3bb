"""The homes of coaches, employers and analysts show the reader's organisation: its
sector, place and active colleagues, read in one statement with the page's user read
once (the login), not by lazy loads after a commit."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from tests import factories
from tests.candidates.test_edit_flow_statements import statements
from tests.conftest import login


@pytest.mark.parametrize("role", ["coach", "employer", "analyst"])
def test_the_home_shows_the_organisation_in_one_statement(client, app_ctx, role):
    kind = {"coach": "partner", "employer": "employer", "analyst": "federation"}[role]
    sector = None if kind == "partner" else "H"  # partners have no sector
    organisation = factories.make_organisation(name="Haven Logistiek", kind=kind,
                                               sector=sector, postcode="2030")
    reader = factories.make_user(organisation, role=role, name="Lotte Reader")
    factories.make_user(organisation, role=role, name="Karim Collega")
    gone = factories.make_user(organisation, role=role, name="Oud Collega")
    gone.active = False
    db.session.commit()
    login(client, reader.email)
    client.get("/start")  # warms the caches
    with statements() as seen:
        page = client.get("/start", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    card = page.split('id="org-heading"', 1)[1].split("</section>", 1)[0]
    assert ("Vervoer en opslag" in card) == (sector == "H")
    assert "2030 Antwerpen" in card
    assert "Lotte Reader" in card and "Karim Collega" in card
    assert "Oud Collega" not in card
    users_read = [s for s in seen if s.startswith("SELECT") and "FROM user_account" in s]
    assert len(users_read) == 2, users_read  # the login, and the card with its colleagues
    assert not [s for s in seen if "FROM nace_section WHERE" in s or "FROM postcode WHERE" in s]
