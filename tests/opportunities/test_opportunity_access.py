"""Who may reach an opportunity's pages: never another organisation's employer;
coaches only published ones, admins every one (without editing), analysts only their
own try-outs."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from tests.opportunities.conftest import text


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("GET", "/edit"), ("POST", "/edit"), ("POST", "/status"),
     ("POST", "/duplicate"), ("GET", "/history")],
)
def test_employer_cannot_reach_other_organisations_opportunity(
    client, login_as, make_opportunity, method, path
):
    opportunity = make_opportunity("employer_b", status="published")
    login_as("employer_a")
    response = client.open(f"/opportunities/{opportunity.id}{path}", method=method,
                           data={"action": "pause", "version": opportunity.version})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Opportunity, opportunity.id).status == "published"


def test_coach_sees_published_opportunities_only(client, login_as, make_opportunity):
    published = make_opportunity(status="published")
    draft = make_opportunity()
    login_as("coach_b")
    assert client.get(f"/opportunities/{published.id}").status_code == 200
    assert client.get(f"/opportunities/{draft.id}").status_code == 404
    page = text(client.get(f"/opportunities/{published.id}"))
    assert 'name="action"' not in page  # no buttons for coaches


def test_admin_sees_every_opportunity_and_its_history(client, login_as, make_opportunity):
    draft = make_opportunity()
    login_as("admin")
    assert client.get(f"/opportunities/{draft.id}").status_code == 200
    assert client.get(f"/opportunities/{draft.id}/history").status_code == 200
    assert client.get(f"/opportunities/{draft.id}/edit").status_code == 403


def test_analyst_sees_no_single_opportunity_but_their_own_tryouts(client, login_as,
                                                                   make_opportunity):
    """A sector federation's analyst opens only their own try-outs: an employer's
    opportunity is not found."""
    opportunity = make_opportunity(status="published")
    login_as("analyst")
    for path in ("", "/history", "/edit"):
        assert client.get(f"/opportunities/{opportunity.id}{path}").status_code == 404
    assert client.get("/opportunities/browse").status_code == 403
