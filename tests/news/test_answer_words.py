"""The coach's news speaks of organisations when its answers come from employers,
training providers and try-out organisers alike, and an old try-out proposal's organiser
"accepted" the person, as a course's provider does: that places nobody."""

from __future__ import annotations

from marketplace.extensions import db
from marketplace.proposals import operations
from tests.factories import (
    make_candidate,
    make_course,
    make_proposal,
    make_tryout,
    make_tryout_proposal,
)
from tests.news.conftest import answer
from tests.news.test_news import news_of


def test_the_organiser_of_an_old_tryout_proposal_accepted_the_person(app, users, organisations):
    tryout = make_tryout(organisations["employer_a"], title="Proefdag magazijn", commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    proposal = make_tryout_proposal(users["coach_a"], candidate, tryout, commit=True)
    answer(proposal, users, "hire")
    with app.test_request_context():
        [item] = news_of(users["coach_a"]).new
        assert item.text() == "Employer A Logistics heeft Amal aanvaard voor Proefdag magazijn."
    assert candidate.status == "active"


def test_answers_of_a_course_and_a_job_are_the_answers_of_organisations(
    login_as, users, organisations, proposal
):
    course = make_course(organisations["provider"], commit=True)
    learner = make_candidate(users["coach_a"], pseudonym="Bert", commit=True)
    course_proposal = make_proposal(users["coach_a"], learner, course, commit=True)
    operations.answer_proposal(
        course_proposal,
        "waiting_list",
        by=users["provider"],
        expected_version=course_proposal.version,
    )
    db.session.commit()
    answer(proposal, users, "decline", decline_reason="language")
    page = login_as("coach_a").get("/news/").get_data(as_text=True)
    assert '<h2 id="news-heading">Nieuws</h2>' in page
    assert "Wat organisaties antwoordden over je kandidaten, wie aan jou werd overgedragen" in page
    assert "werkgever" not in page.lower()
