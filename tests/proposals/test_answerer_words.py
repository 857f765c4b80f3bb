"""Who answers a proposal, in the words of the opportunity's kind: a job's employer
("de werkgever"), a course's training provider ("de opleidingsverstrekker"), a
volunteering place's organisation, a try-out's organiser ("de organisator"). The coach's
pages (the propose form, the notice after proposing, the proposal, the list) and the
answer form of a course or a try-out never say "werkgever"; a job's still do. The
propose form does not know the kind yet and the list mixes kinds: they say
"organisatie". An old try-out proposal has no interview to invite to."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from tests.factories import (
    make_candidate,
    make_course,
    make_proposal,
    make_tryout,
    make_tryout_proposal,
)

#: The test organisations and users whose names hold the word (data, not interface
#: text), longest first.
NAMES = ("Employer A Logistics", "Employer B Care", "Employer A", "Employer B")


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    for name in NAMES:
        page = page.replace(name, "")
    return page


def says_employer(page: str) -> bool:
    return "werkgever" in page.lower() or "employer" in page.lower()


def decline(client, proposal, note: str) -> None:
    response = client.post(
        f"/proposals/{proposal.id}/answer",
        data={
            "answer": "decline",
            "decline_reason": "other",
            "decline_note": note,
            "version": proposal.version,
        },
    )
    assert response.status_code == 302


def test_proposing_someone_for_a_course_speaks_of_the_training_provider(
    client, login_as, users, organisations
):
    course = make_course(organisations["provider"], commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    login_as("coach_a")
    url = f"/proposals/candidates/{candidate.id}/propose"
    form = html(client, f"{url}?opportunity_id={course.id}")
    assert not says_employer(form)
    assert "Yonas voorstellen aan een organisatie" in form
    response = client.post(
        url,
        data={
            "opportunity": str(course.id),
            "motivation": "Wil zich bijscholen.",
            "candidate_agreed": "y",
            "candidate_agreed_on": "2026-01-05",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Voorgesteld. De opleidingsverstrekker kreeg een bericht." in page
    assert "werkgever" not in page.lower()
    listing = html(client, "/proposals/")
    assert '<th scope="col" role="columnheader">Organisatie</th>' in listing
    assert not says_employer(listing)
    profile = html(client, f"/candidates/{candidate.id}")
    assert "Voorstellen aan een organisatie" in profile


def test_a_course_proposal_and_its_answer_form_never_say_werkgever(
    client, login_as, users, organisations
):
    course = make_course(organisations["provider"], commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    proposal = make_proposal(users["coach_a"], candidate, course, commit=True)
    login_as("provider")
    answer_form = html(client, f"/proposals/{proposal.id}/answer")
    assert not says_employer(answer_form)
    decline(client, proposal, "Geen plaats meer dit jaar.")
    client.post("/logout")
    login_as("coach_a")
    page = html(client, f"/proposals/{proposal.id}")
    assert "<dt>De opleidingsverstrekker schreef</dt>" in page
    assert "Je motivatie voor de opleidingsverstrekker" in page
    assert not says_employer(page)
    client.post("/language", data={"locale": "en"})
    page = html(client, f"/proposals/{proposal.id}")
    assert "<dt>The training provider wrote</dt>" in page
    assert "Your motivation for the training provider" in page
    assert not says_employer(page)


def test_an_old_tryout_proposal_speaks_of_the_organiser_and_offers_no_interview(
    client, login_as, users, organisations
):
    tryout = make_tryout(organisations["employer_a"], commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    proposal = make_tryout_proposal(users["coach_a"], candidate, tryout, commit=True)
    login_as("employer_a")
    answer_form = html(client, f"/proposals/{proposal.id}/answer")
    assert 'value="invite"' not in answer_form
    assert "Uitnodigen voor een gesprek" not in answer_form
    assert 'value="hire"' in answer_form and 'value="decline"' in answer_form
    assert "werkgever" not in answer_form.lower()
    refused = client.post(
        f"/proposals/{proposal.id}/answer", data={"answer": "invite", "version": proposal.version}
    )
    assert "Kies een van de mogelijkheden." in refused.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.state == "proposed"
    decline(client, proposal, "Te laat ingeschreven.")
    client.post("/logout")
    login_as("coach_a")
    page = html(client, f"/proposals/{proposal.id}")
    assert "<dt>De organisator schreef</dt>" in page
    assert "Je motivatie voor de organisator" in page
    assert not says_employer(page)
    assert not says_employer(html(client, "/proposals/"))


def test_a_job_proposal_still_speaks_of_the_employer(
    client, login_as, users, organisations, opportunity
):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    login_as("employer_a")
    answer_form = html(client, f"/proposals/{proposal.id}/answer")
    assert "Uitnodigen voor een gesprek" in answer_form
    decline(client, proposal, "Te weinig ervaring met de heftruck.")
    client.post("/logout")
    login_as("coach_a")
    page = html(client, f"/proposals/{proposal.id}")
    assert "<dt>Werkgever</dt>" in page
    assert "<dt>De werkgever schreef</dt>" in page
    assert "Je motivatie voor de werkgever" in page


def test_proposing_for_a_job_tells_that_the_employer_was_told(client, login_as, users, opportunity):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    login_as("coach_a")
    response = client.post(
        f"/proposals/candidates/{candidate.id}/propose",
        data={
            "opportunity": str(opportunity.id),
            "motivation": "Heeft een heftruckattest.",
            "candidate_agreed": "y",
            "candidate_agreed_on": "2026-01-05",
        },
        follow_redirects=True,
    )
    assert "Voorgesteld. De werkgever kreeg een bericht." in response.get_data(as_text=True)


def test_an_old_tryout_proposal_invited_before_is_answered_with_a_hire_or_a_decline(
    client, login_as, users, organisations
):
    tryout = make_tryout(organisations["employer_a"], commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    proposal = make_tryout_proposal(
        users["coach_a"], candidate, tryout, invited_by=users["employer_a"], commit=True
    )
    login_as("employer_a")
    answer_form = html(client, f"/proposals/{proposal.id}/answer")
    assert "Uitgenodigd voor een gesprek" in answer_form  # the state it holds
    assert 'value="invite"' not in answer_form
    response = client.post(
        f"/proposals/{proposal.id}/answer", data={"answer": "hire", "version": proposal.version}
    )
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert proposal.state == "hired"


def test_the_mail_about_a_course_answer_names_the_training_provider(
    client, login_as, users, organisations
):
    course = make_course(organisations["provider"], title="Opleiding lassen", commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    proposal = make_proposal(users["coach_a"], candidate, course, commit=True)
    login_as("provider")
    decline(client, proposal, "Geen plaats meer dit jaar.")
    message = db.session.scalars(
        select(OutgoingMessage)
        .where(OutgoingMessage.recipient == users["coach_a"].email)
        .order_by(OutgoingMessage.id.desc())
    ).first()
    assert message.subject == (
        "De opleidingsverstrekker antwoordde op je voorstel voor Opleiding lassen"
    )
