"""A hired (placed) person keeps their seat in a try-out still to come: nothing drops
it by itself, but their coach's news says so, with a link to the profile where the
coach cancels the enrolment, and the item goes once the seat is freed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.candidates.placement import undo_placement
from marketplace.db_types import local_today, utcnow
from marketplace.extensions import db
from marketplace.news.collect import collect_news
from marketplace.tryouts.models import TryoutEnrolment
from marketplace.web.i18n import format_day
from tests.factories import (
    change_candidate,
    make_candidate,
    make_enrolment,
    make_tryout,
    pass_tryout_day,
)
from tests.news.conftest import answer


def seat_items(app, user) -> list:
    now = utcnow()
    with app.test_request_context():
        return [item for item in collect_news(user, now - timedelta(days=1), now).waiting
                if item.kind == "placed_but_enrolled"]


@pytest.fixture
def tryout(app_ctx, organisations):
    """Employer A's try-out in two weeks, three seats."""
    return make_tryout(organisations["employer_a"], commit=True)


@pytest.fixture
def hired_with_seat(proposal, tryout, users):
    """Yonas, enrolled in the try-out, then hired for employer A's job."""
    enrolment = make_enrolment(users["coach_a"], proposal.candidate, tryout, commit=True)
    answer(proposal, users, "hire")
    return enrolment


def test_a_hired_person_keeps_the_seat_and_the_coach_is_told(app, users, tryout,
                                                             hired_with_seat):
    db.session.expire_all()
    assert db.session.get(TryoutEnrolment, hired_with_seat.id).status == "enrolled"
    [item] = seat_items(app, users["coach_a"])
    with app.test_request_context():
        day = format_day(local_today() + timedelta(days=14), "long")
        assert item.text() == (
            f"Yonas is aan het werk maar staat nog ingeschreven voor de proefsessie op {day} bij "
            "Employer A Logistics: schrijf uit om de plaats vrij te maken.")
        assert item.link() == f"/candidates/{hired_with_seat.candidate_id}#tryouts"
        assert item.public_link().endswith(f"/candidates/{hired_with_seat.candidate_id}#tryouts")
    assert item.at > utcnow() - timedelta(minutes=5)  # new since the last visit


def test_the_link_leads_to_the_cancel_button_and_cancelling_ends_the_item(
        app, users, login_as, hired_with_seat):
    client = login_as("coach_a")
    home = client.get("/start").get_data(as_text=True)
    candidate_id = hired_with_seat.candidate_id
    assert f'href="/candidates/{candidate_id}#tryouts"' in home
    assert "staat nog ingeschreven voor de proefsessie op" in home
    profile = client.get(f"/candidates/{candidate_id}").get_data(as_text=True)
    assert 'id="tryouts"' in profile
    assert f'action="/tryouts/enrolments/{hired_with_seat.id}/cancel"' in profile
    response = client.post(f"/tryouts/enrolments/{hired_with_seat.id}/cancel",
                           data={"version": hired_with_seat.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(TryoutEnrolment, hired_with_seat.id).status == "cancelled"
    assert seat_items(app, users["coach_a"]) == []


def test_a_place_on_the_waiting_list_is_told_too(app, users, organisations, proposal):
    full = make_tryout(organisations["employer_a"], places=1, commit=True)
    make_enrolment(users["coach_a"], make_candidate(users["coach_a"], pseudonym="Amal"), full)
    make_enrolment(users["coach_a"], proposal.candidate, full, waiting_list=True, commit=True)
    answer(proposal, users, "hire")
    [item] = seat_items(app, users["coach_a"])
    assert "staat nog op de wachtlijst voor de proefsessie op" in item.text()
    assert "schrijf uit om de plaats aan iemand anders te laten" in item.text()


def test_a_session_today_or_past_is_not_listed(app, users, tryout, hired_with_seat):
    """On the day itself the enrolment can no longer be cancelled."""
    pass_tryout_day(tryout, commit=True)
    assert seat_items(app, users["coach_a"]) == []
    pass_tryout_day(tryout, days_ago=3, commit=True)
    assert seat_items(app, users["coach_a"]) == []


def test_an_active_person_s_seat_is_no_news(app, users, proposal, tryout):
    make_enrolment(users["coach_a"], proposal.candidate, tryout, commit=True)
    assert seat_items(app, users["coach_a"]) == []


def test_undoing_the_placement_ends_the_item(app, users, hired_with_seat):
    candidate = hired_with_seat.candidate
    with app.test_request_context():
        undo_placement(candidate, by=users["coach_a"], expected_version=candidate.version)
    db.session.commit()
    assert seat_items(app, users["coach_a"]) == []


def test_placed_by_the_coach_in_the_form_is_told_as_well(app, users, tryout):
    candidate = make_candidate(users["coach_a"], pseudonym="Bilal", commit=True)
    make_enrolment(users["coach_a"], candidate, tryout, commit=True)
    change_candidate(candidate, status="placed", commit=True)
    [item] = seat_items(app, users["coach_a"])
    assert item.params["candidate"] == "Bilal"


def test_only_the_candidate_s_own_coach_is_told(app, users, hired_with_seat):
    assert seat_items(app, users["coach_b"]) == []


def test_the_item_in_english(app, users, login_as, hired_with_seat):
    client = login_as("coach_a")
    client.post("/language", data={"locale": "en", "next": "/start"})
    page = client.get("/start").get_data(as_text=True)
    assert "is at work but is still enrolled in the try-out on" in page
    assert "cancel the enrolment to free the seat" in page
    assert db.session.scalar(select(TryoutEnrolment.status)) == "enrolled"
