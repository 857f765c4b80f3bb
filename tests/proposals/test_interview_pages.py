"""The interview pages: the employer answers with an invitation (and its bad input),
changes and cancels it; the coach reads it; the admin finds the .ics in the outbox and
the SMTP message carries it as a real attachment; users set a work phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.mail.models import OutgoingMessage
from marketplace.proposals.icsfile import BRUSSELS
from marketplace.proposals.models import Proposal
from tests.factories import make_candidate, make_interview, make_proposal
from tests.web.test_mail import smtp  # noqa: F401 - the recording SMTP server fixture


@pytest.fixture
def proposal(opportunity, users):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    return make_proposal(users["coach_a"], candidate, opportunity, commit=True)


def invitation(proposal, **changes) -> dict:
    """A filled-in invitation as the answer form posts it."""
    day = (local_today() + timedelta(days=6)).isoformat()
    return {"answer": "invite", "version": proposal.version, "interview_date": day,
            "starts_at": "10:00", "ends_at": "11:00", "where": "place",
            "place": "Noorderlaan 100, 2030 Antwerpen", "online_url": "",
            "contact_name": "Sara Peeters", "contact_phone": "03 123 45 67",
            "contact_email": "sara@test.example", **changes}


def test_the_answer_page_shows_the_fit_and_the_coachs_work_contact_not_the_candidates(
        client, login_as, users, proposal):
    users["coach_a"].work_phone = "03 987 65 43"
    db.session.commit()
    login_as("employer_a")
    html = client.get(f"/proposals/{proposal.id}/answer").get_data(as_text=True)
    assert "Hoe deze persoon past bij wat je vraagt" in html
    assert 'class="mark mark--' in html
    assert users["coach_a"].email in html and "03 987 65 43" in html
    assert "Afstand" in html and "Nederlands" in html
    # Neither the work permit nor the distance in km (where the candidate lives).
    assert "Werkvergunning" not in html and "km</span>" not in html
    candidate = proposal.candidate
    for private in (candidate.email, candidate.phone, candidate.postcode):
        if private:
            assert private not in html
    # The contact person is prefilled with the employer user.
    assert f'value="{users["employer_a"].name}"' in html


def test_the_employer_invites_with_a_time_and_place_and_the_coach_reads_it(
        client, login_as, users, proposal):
    login_as("employer_a")
    response = client.post(f"/proposals/{proposal.id}/answer", data=invitation(proposal))
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Proposal, proposal.id)
    interview = stored.open_interview
    assert stored.state == "interview" and interview.place == "Noorderlaan 100, 2030 Antwerpen"
    assert interview.starts_at.astimezone(BRUSSELS).strftime("%H:%M") == "10:00"
    page = client.get(f"/proposals/{proposal.id}/answer").get_data(as_text=True)
    assert "Gepland gesprek" in page and "Gesprek wijzigen" in page
    client.post("/logout")
    login_as("coach_a")
    detail = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Noorderlaan 100, 2030 Antwerpen" in detail
    assert "10:00 tot 11:00" in detail and "Sara Peeters" in detail


BAD_INPUT = [
    ("past", {"interview_date": (local_today() - timedelta(days=1)).isoformat()},
     "interview_date", "Deze datum ligt in het verleden.", "This date is in the past."),
    ("end before start", {"starts_at": "14:00", "ends_at": "13:30"}, "ends_at",
     "Het einde moet na het begin komen.", "The end must be after the start."),
    ("online without link", {"where": "online", "place": ""}, "online_url",
     "Vul de link naar het online gesprek in.", "Fill in the link to the online meeting."),
    ("link not http", {"where": "online", "online_url": "javascript:alert(1)"}, "online_url",
     "Geef een link die begint met http:// of https://.",
     "Give a link that starts with http:// or https://."),
    ("neither place nor online", {"where": ""}, "where",
     "Kies een adres of online.", "Choose an address or online."),
    ("place without address", {"place": ""}, "place",
     "Vul het adres van het gesprek in.", "Fill in the address of the interview."),
    ("no way to reach the contact", {"contact_phone": "", "contact_email": ""},
     "contact_phone", "Geef een telefoonnummer of een e-mailadres.",
     "Give a phone number or an e-mail address."),
    ("no start time", {"starts_at": ""}, "starts_at", "Vul dit veld in.", "Fill in this field."),
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(("case", "changes", "field", "dutch", "english"), BAD_INPUT,
                         ids=[case[0] for case in BAD_INPUT])
def test_bad_interview_input_gets_a_message_at_the_field_and_keeps_what_was_typed(
        client, login_as, proposal, language, case, changes, field, dutch, english):
    login_as("employer_a")
    if language == "en":
        client.post("/language", data={"locale": "en", "next": "/"})
    data = invitation(proposal, contact_name="<script>alert(1)</script>", **changes)
    response = client.post(f"/proposals/{proposal.id}/answer", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html
    assert (dutch if language == "nl" else english) in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    if changes.get("online_url"):
        assert changes["online_url"] in html
    assert db.session.get(Proposal, proposal.id).state == "proposed"
    assert proposal.open_interview is None


#: What an employer may leave in the field that does not belong to "where": typed before
#: switching, or kept from the interview as it was (the field is only hidden then).
LEFT_IN_THE_OTHER_FIELD = [
    ("an address in an online invitation", "online",
     {"online_url": "https://meet.example.org/werkbrug", "place": "Kerkstraat 1, 2060 Antwerpen"}),
    ("a too long address in an online invitation", "online",
     {"online_url": "https://meet.example.org/werkbrug", "place": "Kerkstraat " * 40}),
    ("a link in an invitation at an address", "place",
     {"online_url": "https://meet.example.org/werkbrug"}),
    ("a bad link in an invitation at an address", "place",
     {"online_url": "javascript:alert(1)"}),
    ("a too long link in an invitation at an address", "place",
     {"online_url": "https://meet.example.org/" + "x" * 600}),
]


@pytest.mark.parametrize(("case", "where", "changes"), LEFT_IN_THE_OTHER_FIELD,
                         ids=[case[0] for case in LEFT_IN_THE_OTHER_FIELD])
def test_the_field_that_does_not_fit_where_is_ignored_not_checked_saved_or_sent(
        client, login_as, users, proposal, case, where, changes):
    login_as("employer_a")
    response = client.post(f"/proposals/{proposal.id}/answer",
                           data=invitation(proposal, where=where, **changes))
    assert response.status_code == 302
    db.session.expire_all()
    interview = db.session.get(Proposal, proposal.id).open_interview
    if where == "online":
        assert (interview.place, interview.online_url) == (None, changes["online_url"])
    else:
        assert (interview.place, interview.online_url) == ("Noorderlaan 100, 2030 Antwerpen", None)
    ignored = changes["place"] if where == "online" else changes["online_url"]
    message = db.session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id.desc())
                                 ).first()
    assert message.recipient == users["coach_a"].email
    assert ignored.strip() not in message.body
    # Unfolded: a calendar file folds its lines at 75 octets.
    assert all(ignored.strip() not in part.content.decode().replace("\r\n ", "")
               for part in message.attachments)
    client.post("/logout")
    login_as("coach_a")
    assert ignored.strip() not in client.get(f"/proposals/{proposal.id}").get_data(as_text=True)


def test_a_refused_invitation_keeps_the_field_that_does_not_fit_where_as_typed(
        client, login_as, proposal):
    login_as("employer_a")
    data = invitation(proposal, where="online", online_url="", place="Kerkstraat 1, 2060 Antwerpen")
    html = client.post(f"/proposals/{proposal.id}/answer", data=data).get_data(as_text=True)
    assert 'id="online_url-error"' in html and 'id="place-error"' not in html
    assert 'value="Kerkstraat 1, 2060 Antwerpen"' in html
    assert proposal.open_interview is None


def test_the_interview_fields_do_not_hold_up_a_decline(client, login_as, proposal):
    login_as("employer_a")
    data = invitation(proposal, answer="decline", decline_reason="profile", where="online",
                      place="Kerkstraat " * 40, online_url="javascript:alert(1)")
    assert client.post(f"/proposals/{proposal.id}/answer", data=data).status_code == 302
    db.session.expire_all()
    stored = db.session.get(Proposal, proposal.id)
    assert stored.state == "declined" and stored.open_interview is None


@pytest.mark.parametrize("left", [
    {"interview_date": "31-02-2026"}, {"starts_at": "25:99"}, {"ends_at": "later"},
    {"contact_email": "x" * 250 + "@example.org"}, {"contact_name": "a\nb"},
    {"contact_phone": "0" * 60},
], ids=lambda left: next(iter(left)))
def test_no_interview_field_holds_up_a_decline(client, login_as, proposal, left):
    """Hidden with the invitation part, so its message could not be seen."""
    login_as("employer_a")
    data = invitation(proposal, answer="decline", decline_reason="profile", **left)
    assert client.post(f"/proposals/{proposal.id}/answer", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).state == "declined"


def test_changing_an_interview_from_an_address_to_online_drops_the_address(
        client, login_as, users, proposal):
    interview = make_interview(proposal, users["employer_a"], commit=True)
    login_as("employer_a")
    # The form comes back with the address still in its (hidden) field.
    data = invitation(proposal, where="online", version=interview.version,
                      online_url="https://meet.example.org/werkbrug")
    del data["answer"]
    assert client.post(f"/proposals/{proposal.id}/interview", data=data).status_code == 302
    db.session.expire_all()
    assert (interview.place, interview.online_url) == (None, "https://meet.example.org/werkbrug")
    assert interview.sequence == 1


def test_the_employer_changes_the_interview_and_the_coach_gets_an_update(
        client, login_as, users, proposal):
    interview = make_interview(proposal, users["employer_a"], commit=True)
    login_as("employer_a")
    form = client.get(f"/proposals/{proposal.id}/interview").get_data(as_text=True)
    assert 'value="Noorderlaan 100, 2030 Antwerpen"' in form
    data = invitation(proposal, where="online", place="", version=interview.version,
                      online_url="https://meet.example.org/werkbrug")
    del data["answer"]
    bad = client.post(f"/proposals/{proposal.id}/interview", data={**data, "ends_at": "09:00"})
    assert bad.status_code == 200 and "Het einde moet na het begin komen." in bad.get_data(
        as_text=True)
    response = client.post(f"/proposals/{proposal.id}/interview", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert (interview.sequence, interview.online_url) == (1, "https://meet.example.org/werkbrug")
    stale = client.post(f"/proposals/{proposal.id}/interview", data=data)
    assert stale.status_code == 302  # an old version: a message, nothing changed
    db.session.expire_all()
    assert interview.sequence == 1


def test_the_employer_cancels_the_interview(client, login_as, users, proposal):
    interview = make_interview(proposal, users["employer_a"], commit=True)
    login_as("employer_a")
    unticked = client.post(f"/proposals/{proposal.id}/interview/cancel",
                           data={"version": interview.version})
    assert unticked.status_code == 400
    assert "Vink het vakje aan om te bevestigen." in unticked.get_data(as_text=True)
    db.session.expire_all()
    assert interview.cancelled_at is None
    response = client.post(f"/proposals/{proposal.id}/interview/cancel",
                           data={"version": interview.version, "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert interview.cancelled_at is not None
    assert db.session.get(Proposal, proposal.id).state == "proposed"
    assert client.get(f"/proposals/{proposal.id}/interview").status_code == 404


def _cancel_box(page: str) -> str:
    """The cancel form of the answer page."""
    start = page.rindex("<form", 0, page.index('/interview/cancel" novalidate'))
    return page[start:page.index("</form>", start)]


def test_the_cancel_tick_is_a_field_like_every_other_and_says_why_beside_it(
        client, login_as, users, proposal):
    interview = make_interview(proposal, users["employer_a"], commit=True)
    login_as("employer_a")
    box = _cancel_box(client.get(f"/proposals/{proposal.id}/answer").get_data(as_text=True))
    assert "novalidate" in box  # the error comes in the user's language, not the browser's
    assert ('<input id="cancel-confirm" name="confirm" required type="checkbox" value="y">'
            in box)
    assert '<label for="cancel-confirm">Ja, annuleer het: de coach krijgt bericht.</label>' in box
    assert f'id="cancel-version" name="version" type="hidden" value="{interview.version}"' in box
    for language, message in (("nl", "Vink het vakje aan om te bevestigen."),
                              ("en", "Tick the box to confirm.")):
        client.post("/language", data={"locale": language})
        response = client.post(f"/proposals/{proposal.id}/interview/cancel",
                               data={"version": interview.version})
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        box = _cancel_box(page)
        assert ('<p class="error-message" id="cancel-confirm-error"><span '
                f'class="visually-hidden">{"Fout:" if language == "nl" else "Error:"}'
                f'</span> {message}</p>') in box
        assert 'aria-invalid="true"' in box and 'aria-describedby="cancel-confirm-error"' in box
        assert '<a href="#cancel-confirm">' in box  # the summary leads to the box
        # One element per id: the answer form on the same page has a version field too.
        assert page.count('id="cancel-version"') == 1 and page.count('id="version"') == 1
    db.session.expire_all()
    assert interview.cancelled_at is None


def test_the_admin_opens_the_outbox_message_and_downloads_the_ics(
        client, login_as, users, proposal):
    make_interview(proposal, users["employer_a"], commit=True)
    message = db.session.scalars(select(OutgoingMessage).order_by(OutgoingMessage.id.desc())
                                 ).first()
    attachment = message.attachments[0]
    login_as("admin")
    html = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    assert "Bijlagen" in html and "gesprek.ics" in html and "BEGIN:VCALENDAR" in html
    download = client.get(f"/admin/outbox/{message.id}/attachments/{attachment.id}")
    assert download.status_code == 200
    assert download.mimetype == "text/calendar"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert Calendar.from_ical(download.data)["METHOD"] == "REQUEST"
    other = client.get(f"/admin/outbox/{message.id + 1000}/attachments/{attachment.id}")
    assert other.status_code == 404


def test_over_smtp_the_ics_is_a_real_mime_attachment(client, login_as, proposal, smtp):  # noqa: F811
    login_as("employer_a")
    response = client.post(f"/proposals/{proposal.id}/answer", data=invitation(proposal))
    response.close()
    (sent,) = [m for m in smtp if "Uitnodiging" in m["Subject"]]
    (part,) = list(sent.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "gesprek.ics"
    assert Calendar.from_ical(part.get_content())["METHOD"] == "REQUEST"
    assert "Noorderlaan 100" in sent.get_body(("plain",)).get_content()


def test_a_user_sets_a_work_phone_on_the_account_page(client, login_as, users):
    login_as("coach_a")
    bad = client.post("/account", data={"work_phone": "<b>call me</b>"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "Dit is geen telefoonnummer." in html
    assert 'value="&lt;b&gt;call me&lt;/b&gt;"' in html
    assert client.post("/account", data={"work_phone": "+32 3 123 45 67"}).status_code == 302
    db.session.expire_all()
    assert users["coach_a"].work_phone == "+32 3 123 45 67"


def test_the_admin_sets_a_users_work_phone(client, login_as, users):
    login_as("admin")
    coach = users["coach_a"]
    data = {"name": coach.name, "organisation": coach.organisation_id, "role": coach.role,
            "version": coach.version}
    bad = client.post(f"/admin/users/{coach.id}", data={**data, "work_phone": "12"})
    assert bad.status_code == 200 and "Dit is geen telefoonnummer." in bad.get_data(as_text=True)
    ok = client.post(f"/admin/users/{coach.id}", data={**data, "work_phone": "03 222 33 44"})
    assert ok.status_code == 302
    db.session.expire_all()
    assert coach.work_phone == "03 222 33 44"
