"""The coach's news: each kind of item, the caseload it is scoped to, the home page
with "since your last visit", the page of the last 14 days."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.db_types import utcnow
from marketplace.extensions import db
from marketplace.news.collect import collect_news
from marketplace.opportunities.operations import apply_transition
from marketplace.proposals.interviews import call_off_interview
from marketplace.proposals.operations import cancel_interview
from tests.factories import (
    make_candidate,
    make_interview,
    make_proposal,
    make_tryout,
    make_tryout_proposal,
)
from tests.news.conftest import age, answer


def news_of(user, since_days: float = 1):
    now = utcnow()
    return collect_news(user, now - timedelta(days=since_days), now)


def texts(items) -> list[str]:
    return [item.text() for item in items]


def test_an_invitation_with_its_date_is_news_and_the_interview_waits_with_time_and_place(
    app, proposal, users
):
    make_interview(proposal, users["employer_a"], commit=True, days_ahead=3, hour=8,
                   place="Noorderlaan 100, 2030 Antwerpen")
    with app.test_request_context():
        news = news_of(users["coach_a"])
        [item] = news.new
        assert item.kind == "interview"
        assert "Employer A" in item.text() and "Yonas" in item.text()
        assert "uitgenodigd" in item.text()
        assert item.values == {"proposal_id": proposal.id}
        [coming] = news.waiting
        assert coming.kind == "interview_planned"
        assert "Noorderlaan 100, 2030 Antwerpen" in coming.text()
        # 08:00 UTC is 09:00 in Brussels in winter, 10:00 in summer.
        assert " 09:00 tot 10:00" in coming.text() or " 10:00 tot 11:00" in coming.text()


def test_an_online_interview_shows_its_link_and_a_cancelled_one_is_gone(app, proposal, users):
    interview = make_interview(proposal, users["employer_a"], commit=True,
                               online_url="https://meet.example/abc")
    with app.test_request_context():
        [coming] = news_of(users["coach_a"]).waiting
        assert "online: https://meet.example/abc" in coming.text()
    call_off_interview(interview, by=users["employer_a"])
    db.session.commit()
    with app.test_request_context():
        assert news_of(users["coach_a"]).waiting == []


def test_hires_and_declines_are_news_and_the_hire_says_placed(app, proposal, opportunity,
                                                              users):
    other = make_proposal(users["coach_a"],
                          make_candidate(users["coach_a"], pseudonym="Amina", commit=True),
                          opportunity, commit=True)
    answer(proposal, users, "hire")
    answer(other, users, "decline", decline_reason="language")
    with app.test_request_context():
        news = news_of(users["coach_a"])
    assert [item.kind for item in news.new] == ["declined", "hired"]  # newest first
    assert "geplaatst" in news.new[1].text()


def test_answers_before_since_are_not_news(app, proposal, users):
    answer(proposal, users)
    age(proposal, 3)
    with app.test_request_context():
        assert news_of(users["coach_a"], since_days=2).new == []
        assert len(news_of(users["coach_a"], since_days=4).new) == 1


def test_another_coach_never_reads_the_news_of_coach_a(app, proposal, users):
    answer(proposal, users)
    age(proposal, 30)
    with app.test_request_context():
        news = news_of(users["coach_b"], since_days=60)
    assert (news.new, news.waiting) == ([], [])


def test_a_proposal_without_answer_waits_after_the_coachs_number_of_days(app, proposal, users):
    age(proposal, 8)
    with app.test_request_context():
        [item] = news_of(users["coach_a"]).waiting
        assert item.kind == "unanswered"
        assert "8 dagen" in item.text()
        users["coach_a"].unanswered_after_days = 10
        assert news_of(users["coach_a"]).waiting == []
        users["coach_a"].unanswered_after_days = 3
        [item] = news_of(users["coach_a"]).waiting
        # It started to wait 3 days after the proposal: not new since yesterday.
        assert not news_of(users["coach_a"]).is_new(item)


def test_an_old_proposal_nobody_answers_does_not_wait_for_an_answer(app, users, organisations):
    """A sector federation's try-out (proposed before try-outs went by enrolment): its
    page says to enrol instead; "waited for an answer" would say one may still come.
    The same proposal at an employer's try-out still waits: the employer answers it."""
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    federation = make_tryout(organisations["federation"], commit=True)
    employer = make_tryout(organisations["employer_a"], commit=True)
    age(make_tryout_proposal(users["coach_a"], candidate, federation, commit=True), 8)
    answerable = age(make_tryout_proposal(users["coach_a"], candidate, employer,
                                          commit=True), 8)
    with app.test_request_context():
        [item] = news_of(users["coach_a"]).waiting
    assert item.kind == "unanswered" and item.values == {"proposal_id": answerable.id}


def test_an_answered_proposal_no_longer_waits(app, proposal, users):
    age(proposal, 8)
    answer(proposal, users, "decline", decline_reason="profile")
    with app.test_request_context():
        assert news_of(users["coach_a"]).waiting == []


def test_data_nearing_the_retention_period_waits_from_30_days_before(app, users):
    period = app.config["CANDIDATE_RETENTION_DAYS"]
    soon = make_candidate(users["coach_a"], pseudonym="Bijna", commit=True)
    recent = make_candidate(users["coach_a"], pseudonym="Recent", commit=True)
    past = make_candidate(users["coach_a"], pseudonym="Voorbij", commit=True)
    soon.last_activity_at = utcnow() - timedelta(days=period - 20)
    recent.last_activity_at = utcnow() - timedelta(days=period - 40)
    past.last_activity_at = utcnow() - timedelta(days=period + 5)
    db.session.commit()
    with app.test_request_context():
        waiting = news_of(users["coach_a"]).waiting
    assert [item.params["candidate"] for item in waiting] == ["Voorbij", "Bijna"]
    assert "bewaartermijn" in waiting[0].text()
    assert waiting[1].values == {"candidate_id": soon.id}


def test_the_home_page_shows_what_waits_and_what_is_new_since_the_last_visit(
    proposal, opportunity, users, login_as
):
    age(proposal, 9)
    client = login_as("coach_a")
    version = users["coach_a"].version
    first = client.get("/start").get_data(as_text=True)
    assert "Wat op jou wacht (1)" in first
    assert "wacht al 9 dagen op een antwoord" in first
    assert "Nieuw in de laatste 14 dagen" in first
    other = make_proposal(users["coach_a"],
                          make_candidate(users["coach_a"], pseudonym="Amina", commit=True),
                          opportunity, commit=True)
    answer(other, users, "invite")
    second = client.get("/start").get_data(as_text=True)
    assert "Nieuw sinds je vorige bezoek" in second
    assert "Amina" in second and "uitgenodigd" in second
    assert "wacht al 9 dagen" in second  # still waits
    third = client.get("/start").get_data(as_text=True)
    assert "uitgenodigd" not in third  # seen at the second visit
    assert "wacht al 9 dagen" in third
    # Seeing news writes the moment, never the version (no conflict with an admin's edit).
    seen = db.session.scalar(select(User).where(User.id == users["coach_a"].id)
                             .execution_options(populate_existing=True))
    assert seen.news_seen_at is not None and seen.version == version


def test_the_last_14_days_keep_what_the_home_page_showed(proposal, users, login_as):
    answer(proposal, users, "invite")
    client = login_as("coach_a")
    client.get("/start")
    assert "uitgenodigd" not in client.get("/start").get_data(as_text=True)
    page = client.get("/news/").get_data(as_text=True)
    assert "Nieuws van de laatste 14 dagen" in page
    assert "uitgenodigd" in page and "Yonas" in page
    assert f'href="/proposals/{proposal.id}"' in page


def test_names_in_the_news_are_marked_as_data_and_escaped(app, proposal, users, login_as):
    proposal.candidate.pseudonym = "<b>Yonas</b>"
    db.session.commit()
    answer(proposal, users, "invite")
    page = login_as("coach_a").get("/news/").get_data(as_text=True)
    assert '<span translate="no">&lt;b&gt;Yonas&lt;/b&gt;</span>' in page
    assert "<b>Yonas</b>" not in page


def test_the_home_page_in_english(proposal, users, login_as):
    age(proposal, 9)
    client = login_as("coach_a")
    client.post("/language", data={"locale": "en", "next": "/start"})
    page = client.get("/start").get_data(as_text=True)
    assert "What waits for you (1)" in page
    assert "has waited 9 days for an answer" in page


def test_a_proposal_for_a_filled_opportunity_waits_in_vain_at_once(
        app, proposal, users, login_as):
    """Not "waited N days for an answer" (none will come), and not only after the
    coach's number of days: the coach should withdraw it."""
    opportunity = proposal.opportunity
    apply_transition(opportunity, "fill", expected_version=opportunity.version)
    db.session.commit()
    with app.test_request_context():
        [item] = news_of(users["coach_a"]).waiting
        assert item.kind == "unanswerable"
        assert "wacht tevergeefs" in item.text() and "Trek het voorstel in" in item.text()
    page = login_as("coach_a").get("/start").get_data(as_text=True)
    assert "wacht tevergeefs" in page and "op een antwoord" not in page
    assert f'href="/proposals/{proposal.id}"' in page


def test_an_interview_the_employer_calls_off_is_news(app, proposal, users):
    answer(proposal, users, "invite")  # the proposal's state: interview
    interview = make_interview(proposal, users["employer_a"], commit=True)
    cancel_interview(proposal, by=users["employer_a"], expected_version=interview.version)
    db.session.commit()
    with app.test_request_context():
        kinds = {item.kind: item.text() for item in news_of(users["coach_a"]).new}
        assert "annuleerde het gesprek met Yonas" in kinds["interview_cancelled"]
