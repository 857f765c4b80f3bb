"""The coach withdraws a proposal from its page: the employer is told without any
personal detail, the history and audit log keep it; a proposal answered for good, one
changed in between, one withdrawn already and another coach's proposal are refused with
a message, and nothing changes."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.proposals import operations
from tests.factories import make_candidate, make_proposal
from tests.proposals.conftest import count


def _proposal(users, opportunity):
    candidate = make_candidate(users["coach_a"], pseudonym="Nadia", commit=True)
    return make_proposal(users["coach_a"], candidate, opportunity, commit=True)


def _withdraw(client, proposal, version=None, confirm="y"):
    return client.post(f"/proposals/{proposal.id}/withdraw",
                       data={"version": proposal.version if version is None else version,
                             "confirm": confirm},
                       follow_redirects=True)


def test_the_coach_withdraws_and_the_employer_is_told_without_the_name(
        opportunity, users, login_as):
    proposal = _proposal(users, opportunity)
    client = login_as("coach_a")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Voorstel intrekken" in page
    mails_before = count(OutgoingMessage)
    response = _withdraw(client, proposal)
    page = response.get_data(as_text=True)
    assert "Voorstel ingetrokken" in page and "Nadia niet meer beschikbaar" in page
    db.session.expire_all()
    assert proposal.state == "withdrawn"
    assert [event.to_state for event in proposal.events] == ["proposed", "withdrawn"]
    assert "Voorstel intrekken" not in page  # nothing left to withdraw
    mails = list(db.session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id)))
    [mail] = mails[mails_before:]
    assert mail.recipient == users["employer_a"].email
    assert "Nadia" not in mail.subject + mail.body
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "proposal_withdrawn", AuditEvent.subject_id == proposal.id))


def test_a_stale_page_gets_a_conflict_message_and_changes_nothing(opportunity, users, login_as):
    proposal = _proposal(users, opportunity)
    stale = proposal.version
    operations.answer_proposal(proposal, "invite", by=users["employer_a"],
                               expected_version=proposal.version)
    db.session.commit()
    page = _withdraw(login_as("coach_a"), proposal, version=stale).get_data(as_text=True)
    assert "Dit voorstel is intussen veranderd" in page
    db.session.expire_all()
    assert proposal.state == "interview"


def test_a_hired_proposal_cannot_be_withdrawn(opportunity, users, login_as):
    proposal = _proposal(users, opportunity)
    operations.answer_proposal(proposal, "hire", by=users["employer_a"],
                               expected_version=proposal.version)
    db.session.commit()
    client = login_as("coach_a")
    assert "Voorstel intrekken" not in client.get(f"/proposals/{proposal.id}").get_data(
        as_text=True)
    page = _withdraw(client, proposal).get_data(as_text=True)
    assert "al definitief beantwoord" in page
    db.session.expire_all()
    assert proposal.state == "hired"


def test_withdrawing_twice_says_so(opportunity, users, login_as):
    proposal = _proposal(users, opportunity)
    client = login_as("coach_a")
    page_version = proposal.version
    _withdraw(client, proposal)
    # The same page's form again (its version is stale now): it says what happened.
    page = _withdraw(client, proposal, version=page_version).get_data(as_text=True)
    assert "Dit voorstel was al ingetrokken" in page


def test_without_the_tick_nothing_is_withdrawn_and_the_box_says_why(
        opportunity, users, login_as):
    proposal = _proposal(users, opportunity)
    response = _withdraw(login_as("coach_a"), proposal, confirm="")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Vink het vakje aan om te bevestigen." in page
    assert 'aria-invalid="true"' in page
    db.session.expire_all()
    assert proposal.state == "proposed"


def test_another_coach_and_bad_input_change_nothing(opportunity, users, login_as):
    proposal = _proposal(users, opportunity)
    client = login_as("coach_a")
    for version in ("", "abc", "-1", "9" * 30):
        response = client.post(f"/proposals/{proposal.id}/withdraw",
                               data={"version": version, "confirm": "y"},
                               follow_redirects=True)
        assert response.status_code == 200, (version, response.status_code)
        assert "Dit voorstel is intussen veranderd" in response.get_data(as_text=True)
    client.post("/logout")
    assert login_as("coach_b").post(f"/proposals/{proposal.id}/withdraw",
                                    data={"version": proposal.version}).status_code == 404
    db.session.expire_all()
    assert proposal.state == "proposed"


def test_the_proposal_page_links_to_the_coachs_own_candidate(opportunity, users, login_as):
    proposal = _proposal(users, opportunity)
    page = login_as("coach_a").get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert (f'<a href="/candidates/{proposal.candidate_id}">Profiel van '
            '<span translate="no">Nadia</span></a>') in page
