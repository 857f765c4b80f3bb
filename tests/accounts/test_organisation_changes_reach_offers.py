"""What an admin changes about an organisation reaches its opportunities.

* A new sector reaches the ranking at once: it reads the employer's sector with each of
  its opportunities, and a worker that prepared the opportunities before the change must
  not keep ranking with the old one.
* A deactivated organisation's users cannot log in, so nobody could answer a proposal
  at its opportunities: its published and paused ones close, each with the closing in
  its history, and the admin is told how many. They stay closed when it comes back.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.matching.features import FEATURE_NAMES
from marketplace.opportunities.models import Opportunity
from marketplace.suggestions.ranking import opportunities_for
from tests.factories import make_candidate, make_opportunity

SECTOR = FEATURE_NAMES.index("sector")


def _save(client, organisation, **changes):
    data = {"name": organisation.name, "sector": organisation.sector or "",
            "postcode": organisation.postcode or "", "is_active": "y",
            "version": organisation.version, **changes}
    return client.post(f"/admin/organisations/{organisation.id}",
                       data={key: value for key, value in data.items() if value is not None})


def _sector_fit(candidate, opportunity) -> float:
    entries = opportunities_for(candidate, enabled=True, top_k=50, deadline=False).entries
    return next(e.features[SECTOR] for e in entries if e.opportunity_id == opportunity.id)


def test_a_new_sector_of_the_employer_reaches_the_ranking_at_once(
        client, app_ctx, organisations, users, login_as):
    employer = organisations["employer_b"]
    offer = make_opportunity(employer, commit=True)
    wished = "Q" if employer.sector != "Q" else "I"
    person = make_candidate(users["coach_a"], wished_sectors=frozenset({wished}), commit=True)
    assert _sector_fit(person, offer) == 0.0  # prepared with the sector as it was

    login_as("admin")
    assert _save(client, employer, sector=wished).status_code == 302

    assert _sector_fit(person, offer) == 1.0


def test_deactivating_closes_its_published_and_paused_opportunities_with_history(
        client, app_ctx, organisations, users, login_as):
    employer = organisations["employer_b"]
    offers = {status: make_opportunity(employer, status=status, commit=True)
              for status in ("published", "paused", "draft", "filled", "closed")}
    other = make_opportunity(organisations["employer_a"], commit=True)
    person = make_candidate(users["coach_a"], commit=True)
    assert offers["published"].id in {e.opportunity_id for e in opportunities_for(
        person, enabled=True, top_k=50, deadline=False).entries}

    login_as("admin")
    response = _save(client, employer, is_active=None)  # the box left unticked
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Het open aanbod van deze organisatie is afgesloten (2)" in page

    db.session.expire_all()
    statuses = {status: db.session.get(Opportunity, offer.id).status
                for status, offer in offers.items()}
    assert statuses == {"published": "closed", "paused": "closed", "draft": "draft",
                        "filled": "filled", "closed": "closed"}
    assert db.session.get(Opportunity, other.id).status == "published"
    closings = db.session.scalars(select(AuditEvent.subject_id).where(
        AuditEvent.action == "opportunity_closed",
        AuditEvent.actor_id == users["admin"].id)).all()
    assert sorted(closings) == sorted([offers["published"].id, offers["paused"].id])
    assert offers["published"].id not in {e.opportunity_id for e in opportunities_for(
        person, enabled=True, top_k=50, deadline=False).entries}

    # Back again: nothing reopens by itself; the employer decides.
    employer = db.session.get(type(employer), employer.id)
    response = _save(client, employer)
    assert response.status_code == 302
    assert "afgesloten (" not in client.get(response.location).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Opportunity, offers["published"].id).status == "closed"


def test_the_form_says_how_many_opportunities_deactivating_would_close(
        client, app_ctx, organisations, login_as):
    employer = organisations["employer_b"]
    for status in ("published", "paused", "draft"):
        make_opportunity(employer, status=status, commit=True)
    login_as("admin")
    page = client.get(f"/admin/organisations/{employer.id}").get_data(as_text=True)
    assert "Ze heeft nu gepubliceerd of gepauzeerd aanbod open (2)." in page
    other = client.get(f"/admin/organisations/{organisations['employer_a'].id}")
    assert "Ze heeft nu" not in other.get_data(as_text=True)  # nothing open: nothing said


@pytest.mark.parametrize("lang, text", [
    ("nl", "De gebruikers van een organisatie die niet actief is, kunnen niet inloggen"),
    ("en", "An inactive organisation's users cannot log in"),
])
def test_the_form_says_what_deactivating_does(client, organisations, login_as, lang, text):
    login_as("admin")
    client.post("/language", data={"locale": lang, "next": "/"})
    page = client.get(f"/admin/organisations/{organisations['employer_b'].id}")
    assert text in page.get_data(as_text=True)
