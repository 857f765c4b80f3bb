"""The reason "the profile does not fit" in the words of the opportunity's kind: a job's
employer declines for "de job", a try-out's organiser for "de proefsessie", a volunteering
organisation for "het vrijwilligerswerk" (as its link back says), and where no kind is
known the reason speaks of "het aanbod", never of "het werk". An old try-out proposal's
stored reasons read as a try-out's when shown: it has no interview and is "volzet"."""

from __future__ import annotations

from flask_babel import force_locale

from marketplace.web.labels import choice_label, kind_label
from tests.factories import (
    make_candidate,
    make_opportunity,
    make_proposal,
    make_tryout,
    make_tryout_proposal,
)


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_jobs_employer_declines_because_the_profile_does_not_fit_the_job(
    client, login_as, users, opportunity
):
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    login_as("employer_a")
    form = html(client, f"/proposals/{proposal.id}/answer")
    assert '<option value="profile">Het profiel past niet bij de job</option>' in form
    assert "past niet bij het werk" not in form
    response = client.post(
        f"/proposals/{proposal.id}/answer",
        data={"answer": "decline", "decline_reason": "profile", "version": proposal.version},
    )
    assert response.status_code == 302
    client.post("/logout")
    login_as("coach_a")
    assert "Het profiel past niet bij de job" in html(client, f"/proposals/{proposal.id}")


def test_a_tryouts_organiser_declines_because_the_profile_does_not_fit_the_tryout(
    client, login_as, users, organisations
):
    tryout = make_tryout(organisations["employer_a"], commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    proposal = make_tryout_proposal(users["coach_a"], candidate, tryout, commit=True)
    login_as("employer_a")
    form = html(client, f"/proposals/{proposal.id}/answer")
    assert '<option value="profile">Het profiel past niet bij de proefsessie</option>' in form
    assert "past niet bij het werk" not in form and "bij de job" not in form


def test_without_a_kind_the_reason_speaks_of_the_opportunity(app):
    with app.test_request_context(), force_locale("nl"):
        assert str(choice_label("decline_reason", "profile")) == (
            "Het profiel past niet bij dit aanbod"
        )
        assert str(kind_label("decline_reason", "profile", None)) == (
            "Het profiel past niet bij dit aanbod"
        )


def test_an_old_tryout_proposal_declined_for_a_no_show_speaks_of_the_tryout(
    client, login_as, users, organisations
):
    tryout = make_tryout(organisations["employer_a"], commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    proposal = make_tryout_proposal(users["coach_a"], candidate, tryout, commit=True)
    login_as("employer_a")
    form = html(client, f"/proposals/{proposal.id}/answer")
    assert '<option value="no_show">Kwam niet naar de proefsessie</option>' in form
    assert '<option value="place_filled">De proefsessie is volzet</option>' in form
    assert "gesprek" not in form.split('name="decline_reason"')[1].split("</select>")[0]
    response = client.post(
        f"/proposals/{proposal.id}/answer",
        data={"answer": "decline", "decline_reason": "no_show", "version": proposal.version},
    )
    assert response.status_code == 302
    assert "Kwam niet naar de proefsessie" in html(client, f"/proposals/opportunities/{tryout.id}")
    client.post("/logout")
    login_as("coach_a")
    for url in (f"/proposals/{proposal.id}", "/proposals/"):
        page = html(client, url)
        assert "Kwam niet naar de proefsessie" in page, url
        assert "Kwam niet naar het gesprek" not in page, url
    client.post("/language", data={"locale": "en"})
    assert "Did not come to the try-out" in html(client, f"/proposals/{proposal.id}")


def test_a_volunteering_decline_and_its_link_back_both_say_vrijwilligerswerk(
    client, login_as, users, organisations
):
    place = make_opportunity(organisations["employer_a"], kind="volunteering", commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Bert", commit=True)
    proposal = make_proposal(users["coach_a"], candidate, place, commit=True)
    login_as("employer_a")
    response = client.post(
        f"/proposals/{proposal.id}/answer",
        data={"answer": "decline", "decline_reason": "profile", "version": proposal.version},
    )
    assert response.status_code == 302
    inbox = html(client, f"/proposals/opportunities/{place.id}")
    assert "Het profiel past niet bij het vrijwilligerswerk" in inbox
    assert "Terug naar het vrijwilligerswerk" in inbox
    assert "vrijwilligersplaats" not in inbox
