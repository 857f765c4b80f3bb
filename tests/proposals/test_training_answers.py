"""Proposals for a training course: the provider accepts, puts on the waiting list or
declines; "accepted" is said wherever a person reads it; being accepted takes a place
but does not place the candidate; the waiting list is open, for courses only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.audit.models import AuditEvent
from marketplace.audit.sentences import sentence
from marketplace.candidates.operations import withdraw_consent
from marketplace.db_types import local_today, utcnow
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.news.collect import collect_news
from marketplace.proposals import operations
from marketplace.proposals.models import Proposal
from marketplace.proposals.vocab import answers_for
from marketplace.trajectories.queries import timeline_of
from tests.factories import make_candidate, make_course, make_proposal
from tests.security.helpers import error_next_to


@pytest.fixture
def course(app_ctx, organisations):
    return make_course(organisations["provider"], places=2, commit=True)


@pytest.fixture
def proposal(course, users):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    return make_proposal(users["coach_a"], candidate, course, commit=True)


def answer(proposal, what: str, users, **details):
    operations.answer_proposal(proposal, what, by=users["provider"],
                               expected_version=proposal.version, **details)
    db.session.commit()


def text(response) -> str:
    return response.get_data(as_text=True)


# --- the rules -------------------------------------------------------------------------


def test_the_answers_follow_the_kind_and_the_state():
    assert [str(a) for a in answers_for("training")] == ["hire", "waiting_list", "decline"]
    assert [str(a) for a in answers_for("training", "waiting_list")] == ["hire", "decline"]
    assert [str(a) for a in answers_for("job")] == ["invite", "hire", "decline"]
    assert answers_for("training", "hired") == ()


def test_from_the_waiting_list_the_provider_accepts(proposal, users):
    answer(proposal, "waiting_list", users)
    assert proposal.state == "waiting_list"
    answer(proposal, "hire", users)
    assert proposal.state == "hired"
    assert [(e.from_state, e.to_state) for e in proposal.events] == [
        (None, "proposed"), ("proposed", "waiting_list"), ("waiting_list", "hired")]


def test_from_the_waiting_list_the_provider_declines(proposal, users):
    answer(proposal, "waiting_list", users)
    answer(proposal, "decline", users, decline_reason="place_filled")
    assert (proposal.state, proposal.decline_reason) == ("declined", "place_filled")


def test_a_job_has_no_waiting_list_and_a_course_no_interview(app_ctx, organisations, users,
                                                             proposal):
    from tests.factories import make_opportunity

    job = make_opportunity(organisations["employer_a"])
    candidate = make_candidate(users["coach_a"], pseudonym="Amal")
    on_job = make_proposal(users["coach_a"], candidate, job)
    with pytest.raises(operations.AnswerNotAllowed):
        operations.answer_proposal(on_job, "waiting_list", by=users["employer_a"],
                                   expected_version=on_job.version)
    with pytest.raises(operations.AnswerNotAllowed):
        operations.answer_proposal(proposal, "invite", by=users["provider"],
                                   expected_version=proposal.version)


def test_the_waiting_list_cannot_go_back_to_the_waiting_list(proposal, users):
    answer(proposal, "waiting_list", users)
    with pytest.raises(operations.AnswerNotAllowed):
        answer(proposal, "waiting_list", users)


def test_accepting_takes_a_place_but_does_not_place_the_candidate(course, proposal, users):
    answer(proposal, "hire", users)
    assert proposal.candidate.status == "active"  # still looking for work
    assert course.places_left == 1
    assert not db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "candidate_placed")).all()


def test_an_acceptance_is_a_training_step_from_the_course_start(course, proposal, users):
    answer(proposal, "hire", users)
    step, = [step for step in timeline_of(proposal.candidate_id) if step.kind == "training"]
    assert (step.started_on, step.organisation_id) == (course.starts_on,
                                                        course.organisation_id)
    assert step.is_automatic and step.source_ref == f"proposal:{proposal.id}"


def test_when_every_place_is_taken_nobody_else_is_accepted(course, proposal, users):
    others = [make_proposal(users["coach_a"], make_candidate(
        users["coach_a"], pseudonym=name, commit=True), course, commit=True)
        for name in ("Amal", "Bert")]
    answer(proposal, "hire", users)
    answer(others[0], "hire", users)
    assert course.places_left == 0
    with pytest.raises(operations.OpportunityFilled):
        answer(others[1], "hire", users)


def test_someone_on_the_waiting_list_is_withdrawn_when_consent_ends(proposal, users):
    answer(proposal, "waiting_list", users)
    withdraw_consent(proposal.candidate, withdrawn_on=local_today(),
                     recorded_by=users["coach_a"])
    db.session.commit()
    assert proposal.state == "withdrawn"


def test_the_database_keeps_the_waiting_list_a_known_state(proposal):
    proposal.state = "waitlisted"
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.flush()


# --- what people read ------------------------------------------------------------------


def test_the_provider_answers_on_a_form_with_the_three_course_answers(client, login_as,
                                                                      proposal):
    login_as("provider")
    page = text(client.get(f"/proposals/{proposal.id}/answer"))
    for words in ("Aanvaarden voor de opleiding", "Op de wachtlijst zetten", "Afwijzen"):
        assert words in page, words
    assert 'value="invite"' not in page and "Het gesprek (alleen" not in page
    response = client.post(f"/proposals/{proposal.id}/answer",
                           data={"answer": "waiting_list", "version": proposal.version})
    assert response.status_code == 302
    inbox = text(client.get(response.headers["Location"]))
    assert "Op de wachtlijst" in inbox and "Antwoorden" in inbox  # still answerable


def test_bad_answers_get_a_message_at_the_field_and_nothing_changes(client, login_as,
                                                                    proposal):
    login_as("provider")
    for data, message in (({}, "Kies een van de mogelijkheden."),
                          ({"answer": "invite"}, "Kies een van de mogelijkheden."),
                          ({"answer": "decline", "decline_note": "<b>vol</b>"},
                           "Kies waarom je afwijst.")):
        response = client.post(f"/proposals/{proposal.id}/answer",
                               data={"version": proposal.version, **data})
        page = text(response)
        assert response.status_code == 200
        field = "decline_reason" if data.get("answer") == "decline" else "answer"
        assert message in error_next_to(page, field) or message in page
        if "decline_note" in data:
            assert "&lt;b&gt;vol&lt;/b&gt;</textarea>" in page
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).state == "proposed"


def test_accepted_is_said_instead_of_hired_everywhere(app, client, login_as, users, course,
                                                      proposal):
    answer(proposal, "hire", users)
    mail = db.session.scalars(select(OutgoingMessage).where(
        OutgoingMessage.recipient == users["coach_a"].email)
        .order_by(OutgoingMessage.id.desc())).first()
    assert "Aanvaard" in mail.body and "Aangenomen" not in mail.body
    login_as("coach_a")
    for url in (f"/proposals/{proposal.id}", "/proposals/",
                f"/candidates/{proposal.candidate_id}"):
        page = text(client.get(url))
        assert "Aanvaard" in page and "Aangenomen" not in page, url
    with app.test_request_context():
        now = utcnow()
        [item] = collect_news(users["coach_a"], now - timedelta(days=1), now).new
        assert "aanvaard" in item.text() and "geplaatst" not in item.text()
        [event] = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "proposal_answered")).all()
        assert "aanvaard" in sentence(event.action, event.details, "Bram")
    client.post("/logout")
    login_as("provider")
    assert "Aanvaard: 1" in text(client.get("/opportunities/"))


def test_the_waiting_list_is_news_for_the_coach(app, users, proposal):
    answer(proposal, "waiting_list", users)
    with app.test_request_context():
        now = utcnow()
        [item] = collect_news(users["coach_a"], now - timedelta(days=1), now).new
        assert "wachtlijst" in item.text() and "Yonas" in item.text()


def test_the_news_of_an_acceptance_names_the_course_once(app, users, proposal):
    """The course's title usually starts with "Opleiding": the sentence must not say
    "voor de opleiding Opleiding ..."."""
    answer(proposal, "hire", users)
    with app.test_request_context():
        now = utcnow()
        [item] = collect_news(users["coach_a"], now - timedelta(days=1), now).new
        assert item.text() == ("Provider Courses Antwerp heeft Yonas aanvaard voor "
                               "Opleiding heftruckchauffeur.")
        with force_locale("en"):
            [item] = collect_news(users["coach_a"], now - timedelta(days=1), now).new
        assert item.text() == ("Provider Courses Antwerp accepted Yonas for "
                               "Opleiding heftruckchauffeur.")


def test_a_course_is_declined_in_the_words_of_a_course(client, login_as, proposal):
    """The reasons speak of the course ("De opleiding is volzet"), on the provider's form
    and wherever the coach and the provider read the answer back."""
    login_as("provider")
    form = text(client.get(f"/proposals/{proposal.id}/answer"))
    for words in ("Het profiel past niet bij de opleiding", "De opleiding is volzet",
                  "Kwam niet naar het intakegesprek"):
        assert words in form, words
    assert "past niet bij het werk" not in form and "We hebben al iemand" not in form
    response = client.post(f"/proposals/{proposal.id}/answer", data={
        "answer": "decline", "decline_reason": "place_filled", "version": proposal.version})
    assert response.status_code == 302
    assert "De opleiding is volzet" in text(client.get(response.headers["Location"]))
    client.post("/logout")
    login_as("coach_a")
    for url in (f"/proposals/{proposal.id}", "/proposals/"):
        assert "De opleiding is volzet" in text(client.get(url)), url


def test_a_full_course_offers_the_waiting_list_not_an_invitation(client, login_as, users,
                                                                 course, proposal):
    for name in ("Amal", "Bert"):
        answer(make_proposal(users["coach_a"], make_candidate(
            users["coach_a"], pseudonym=name, commit=True), course, commit=True), "hire", users)
    login_as("provider")
    response = client.post(f"/proposals/{proposal.id}/answer",
                           data={"answer": "hire", "version": proposal.version},
                           follow_redirects=True)
    page = text(response)
    assert "Alle plaatsen van deze opleiding zijn al ingevuld" in page
    assert "Zet op de wachtlijst of wijs af." in page and "Nodig uit" not in page
