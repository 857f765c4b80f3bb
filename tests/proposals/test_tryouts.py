"""A try-out is joined by enrolment, not by proposal, whoever organises it: the rule
in the operations, the site's propose route and what the coach sees of proposals for
try-outs that older databases still hold."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from marketplace.accounts.permissions import Permission, has_permission
from marketplace.audit.models import AuditEvent
from marketplace.candidates.models import Candidate
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.proposals import operations
from tests.factories import (
    make_candidate,
    make_enrolment,
    make_opportunity,
    make_proposal,
    make_tryout,
    make_tryout_proposal,
    pass_tryout_day,
)
from tests.proposals.conftest import counts
from tests.security.helpers import error_next_to


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def _propose_form(chosen, **overrides):
    data = {"opportunity": str(chosen.id), "motivation": "Wil graag proeven.",
            "candidate_agreed": "y", "candidate_agreed_on": "2026-01-06"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_coach_cannot_propose_for_a_federations_tryout_that_nobody_could_answer(
    client, login_as, users, organisations
):
    """What went wrong: the coach's proposal for a sector federation's try-out was
    written and then waited forever. Nobody can answer it: the federation's users are
    analysts, who may not answer proposals, and nobody of the federation is told; an
    employer never reaches another organisation's proposal."""
    federation = organisations["federation"]
    tryout = make_tryout(federation, commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    assert not has_permission(users["analyst"], Permission.ANSWER_PROPOSALS)
    assert operations.employer_recipients(federation.id) == []

    login_as("coach_a")
    before = counts()
    response = client.post(f"/proposals/candidates/{candidate.id}/propose",
                           data=_propose_form(tryout))

    assert counts() == before  # no proposal, no mail
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/tryouts/{tryout.id}/enrol?candidate={candidate.id}")


# --- the rule in the operations ------------------------------------------------------


@pytest.mark.parametrize("organiser", ["employer_a", "federation"])
def test_the_operation_refuses_a_tryout_whoever_organises_it_and_writes_nothing(
    app_ctx, users, organisations, organiser
):
    tryout = make_tryout(organisations[organiser])
    candidate = make_candidate(users["coach_a"])
    before = counts(), audit_count()
    with pytest.raises(operations.TryoutGoesByEnrolment):
        make_proposal(users["coach_a"], candidate, tryout)
    assert (counts(), audit_count()) == before


def test_the_tryout_is_the_first_reason_given(app_ctx, users, organisations):
    """Whatever else holds (no consent here), a try-out never takes a proposal: the
    coach is sent to the enrol form, which says the rest."""
    tryout = make_tryout(organisations["federation"])
    no_consent = make_candidate(users["coach_a"], consent=False)
    with pytest.raises(operations.TryoutGoesByEnrolment):
        operations.check_can_propose(no_consent, tryout)


def test_other_kinds_of_the_same_organiser_are_still_proposed(app_ctx, users, organisations):
    job = make_opportunity(organisations["employer_a"])
    make_tryout(organisations["employer_a"])
    proposal = make_proposal(users["coach_a"], make_candidate(users["coach_a"]), job)
    assert proposal.state == "proposed"


# --- the site's propose route ----------------------------------------------------------


@pytest.mark.parametrize("organiser", ["employer_a", "federation"])
def test_a_propose_link_for_a_tryout_leads_to_its_enrol_form_with_the_person_chosen(
    client, login_as, users, organisations, organiser
):
    tryout = make_tryout(organisations[organiser], commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    login_as("coach_a")
    before = counts()
    response = client.get(f"/proposals/candidates/{candidate.id}/propose",
                          query_string={"opportunity_id": tryout.id})
    enrol = f"/tryouts/{tryout.id}/enrol?candidate={candidate.id}"
    assert response.status_code == 302 and response.headers["Location"].endswith(enrol)
    page = client.get(enrol).get_data(as_text=True)
    assert ("Voor een proefsessie schrijf je iemand in, voorstellen kan niet. Er is dus "
            "niets verstuurd. Schrijf Amal hier in.") in page
    assert f'<option selected value="{candidate.id}">' in page
    assert counts() == before


def test_a_posted_tryout_is_sent_to_the_enrol_form_in_english_too(
    client, login_as, users, organisations
):
    tryout = make_tryout(organisations["employer_a"], commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    login_as("coach_a")
    client.post("/language", data={"locale": "en", "next": "/"})
    before = counts()
    response = client.post(f"/proposals/candidates/{candidate.id}/propose",
                           data=_propose_form(tryout), follow_redirects=True)
    assert response.status_code == 200
    assert ("A try-out goes by enrolment, not by proposal, so nothing was sent. "
            "Enrol Amal here.") in response.get_data(as_text=True)
    assert counts() == before


def test_the_propose_form_never_offers_a_tryout(client, login_as, users, organisations):
    job = make_opportunity(organisations["employer_a"], commit=True)
    tryout = make_tryout(organisations["employer_a"], commit=True)
    candidate = make_candidate(users["coach_a"], commit=True)
    login_as("coach_a")
    page = client.get(f"/proposals/candidates/{candidate.id}/propose").get_data(as_text=True)
    assert f'value="{job.id}"' in page
    assert f'value="{tryout.id}"' not in page


@pytest.mark.parametrize(("typed", "message"), [
    ("abc", "Kies een aanbod uit de lijst."),
    ("<script>alert(1)</script>", "Kies een aanbod uit de lijst."),
    ("-1", "Kies een aanbod uit de lijst."),
    ("99999999999999999999999", "Kies een aanbod uit de lijst."),
    ("", "Kies een van de mogelijkheden."),
    ("draft try-out", "Kies een aanbod uit de lijst."),
])
def test_bad_or_unknown_choices_are_a_message_at_the_field_and_write_nothing(
    client, login_as, users, organisations, typed, message
):
    """A try-out not published (no link leads there) is refused as any unknown choice;
    whatever was typed comes back escaped."""
    candidate = make_candidate(users["coach_a"], commit=True)
    job = make_opportunity(organisations["employer_a"], commit=True)
    if typed == "draft try-out":
        typed = str(make_tryout(organisations["federation"], status="draft", commit=True).id)
    login_as("coach_a")
    before = counts()
    response = client.post(f"/proposals/candidates/{candidate.id}/propose",
                           data=_propose_form(job, opportunity=typed, motivation="<b>sterk</b>"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in error_next_to(page, "opportunity")
    assert "&lt;b&gt;sterk&lt;/b&gt;" in page and "<b>sterk" not in page
    assert counts() == before
    # The same in the address of the form: nothing chosen, no error.
    response = client.get(f"/proposals/candidates/{candidate.id}/propose",
                          query_string={"opportunity_id": typed})
    assert response.status_code == 200
    assert not re.search(r'<option selected value="\d', response.get_data(as_text=True))


def test_a_tryout_whose_day_has_passed_is_still_sent_to_enrol_which_says_why(
    client, login_as, users, organisations
):
    """Published until the nightly job closes it: the enrol form refuses it in words."""
    tryout = pass_tryout_day(make_tryout(organisations["federation"]), days_ago=1, commit=True)
    candidate = make_candidate(users["coach_a"], commit=True)
    login_as("coach_a")
    before = counts()
    response = client.post(f"/proposals/candidates/{candidate.id}/propose",
                           data=_propose_form(tryout))
    assert response.status_code == 302 and "/enrol" in response.headers["Location"]
    response = client.post(f"/tryouts/{tryout.id}/enrol",
                           data={"candidate": str(candidate.id), "candidate_agreed": "y"})
    assert response.status_code == 409
    assert "De dag van deze proefsessie is voorbij." in response.get_data(as_text=True)
    assert counts() == before


# --- proposals for try-outs that a database still holds --------------------------------


def test_nobody_answers_an_old_proposal_for_a_federations_tryout_and_its_coach_reads_so(
    client, login_as, users, organisations
):
    tryout = make_tryout(organisations["federation"], commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    proposal = make_tryout_proposal(users["coach_a"], candidate, tryout, commit=True)
    for who, status in (("analyst", 403), ("employer_a", 404), ("employer_b", 404)):
        login_as(who)
        assert client.get(f"/proposals/{proposal.id}/answer").status_code == status
        client.post("/logout")

    login_as("coach_a")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Voor een proefsessie schrijf je iemand in" in page
    assert "De organisator is een sectorfederatie: niemand antwoordt op dit voorstel." in page
    enrol = f"/tryouts/{tryout.id}/enrol?candidate={candidate.id}"
    assert f'href="{enrol}"' in page
    assert ('<span translate="no">Amal</span> inschrijven<span class="visually-hidden"> voor '
            '<span translate="no">Proeven van jobs: magazijn</span></span>') in page
    assert "Als je de persoon inschrijft, wordt dit voorstel ingetrokken." in page
    mine = client.get("/proposals/").get_data(as_text=True)
    assert "Open het voorstel om te zien wat je kunt doen." in mine


@pytest.fixture
def old_proposal(users, organisations):
    """Coach A's old proposal of Amal for employer A's own try-out."""
    tryout = make_tryout(organisations["employer_a"], commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    return make_tryout_proposal(users["coach_a"], candidate, tryout, commit=True)


def test_the_employer_organiser_can_still_answer_an_old_proposal_for_its_tryout(
    client, login_as, old_proposal
):
    proposal = old_proposal
    login_as("coach_a")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "De organisator kan nog op dit voorstel antwoorden." in page
    client.post("/logout")

    login_as("employer_a")
    assert "Amal" in client.get("/proposals/waiting").get_data(as_text=True)
    response = client.post(f"/proposals/{proposal.id}/answer", data={
        "version": proposal.version, "answer": "decline", "decline_reason": "other",
        "decline_note": "Schrijf in via de proefsessie."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(proposal), proposal.id).state == "declined"


def test_letting_someone_take_part_from_an_old_tryout_proposal_places_nobody(
    client, login_as, old_proposal
):
    """A try-out is a day of trying, not work: its "hire" keeps the person active, in
    the coach's caseload and in the ranking, as an acceptance on a course does."""
    proposal, candidate_id = old_proposal, old_proposal.candidate_id
    login_as("employer_a")
    form = client.get(f"/proposals/{proposal.id}/answer").get_data(as_text=True)
    assert "Laten deelnemen aan de proefsessie" in form
    response = client.post(f"/proposals/{proposal.id}/answer",
                           data={"version": proposal.version, "answer": "hire"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(proposal), proposal.id).state == "hired"
    assert db.session.get(Candidate, candidate_id).status == "active"


def test_an_old_proposal_offers_no_enrolment_once_the_tryout_is_over_or_answered(
    client, login_as, users, organisations
):
    over = make_tryout(organisations["federation"], commit=True)
    candidate = make_candidate(users["coach_a"], commit=True)
    waiting = make_tryout_proposal(users["coach_a"], candidate, over)
    pass_tryout_day(over, days_ago=1, commit=True)
    login_as("coach_a")
    page = client.get(f"/proposals/{waiting.id}").get_data(as_text=True)
    assert "Voor een proefsessie schrijf je iemand in" in page
    assert "/enrol?candidate=" not in page


def test_enrolling_withdraws_an_old_proposal_that_still_waits_without_mailing_anyone(
    app_ctx, users, organisations
):
    tryout = make_tryout(organisations["employer_a"])
    candidate = make_candidate(users["coach_a"])
    proposal = make_tryout_proposal(users["coach_a"], candidate, tryout)
    mails = db.session.scalar(select(func.count()).select_from(OutgoingMessage))

    make_enrolment(users["coach_a"], candidate, tryout)

    assert proposal.state == "withdrawn"
    last = max(proposal.events, key=lambda event: event.id)
    assert (last.from_state, last.to_state, last.actor_id) == (
        "proposed", "withdrawn", users["coach_a"].id)
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "proposal_withdrawn", AuditEvent.subject_id == proposal.id)).one()
    assert event.details["because"] == "enrolled"
    assert db.session.scalar(select(func.count()).select_from(OutgoingMessage)) == mails


def test_enrolling_leaves_an_invitation_of_the_employer_organiser_to_finish(
    app_ctx, users, organisations
):
    tryout = make_tryout(organisations["employer_a"])
    candidate = make_candidate(users["coach_a"])
    invited = make_tryout_proposal(users["coach_a"], candidate, tryout,
                                   invited_by=users["employer_a"])
    make_enrolment(users["coach_a"], candidate, tryout)
    assert invited.state == "interview"


def test_enrolling_someone_else_leaves_the_proposal_alone(app_ctx, users, organisations):
    tryout = make_tryout(organisations["federation"])
    proposed = make_candidate(users["coach_a"], pseudonym="Amal")
    proposal = make_tryout_proposal(users["coach_a"], proposed, tryout)
    make_enrolment(users["coach_a"], make_candidate(users["coach_a"], pseudonym="Bert"), tryout)
    assert proposal.state == "proposed"
