"""The explanation a coach prints for a candidate about one proposal: in plain Dutch and
in English, how Werkbrug suggested them, that a person decided, the main reasons and how
to object; open to the proposing coach and the candidate's coach only."""

from __future__ import annotations

import re

import pytest

from marketplace.candidates.operations import hand_over_candidate
from marketplace.extensions import db
from marketplace.suggestions.operations import log_suggestion_list
from marketplace.suggestions.ranking import Entry, SuggestionResult
from tests.conftest import login
from tests.factories import (
    FORKLIFT,
    make_candidate,
    make_course,
    make_opportunity,
    make_proposal,
    make_user,
)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def explanation(client, proposal) -> str:
    response = client.get(f"/proposals/{proposal.id}/explanation")
    assert response.status_code == 200
    return text_of(response.get_data(as_text=True))


def test_the_explanation_says_in_plain_dutch_that_a_person_decided(app, client, login_as,
                                                                    users, opportunity):
    coach = users["coach_a"]
    candidate = make_candidate(coach, wishes=[FORKLIFT])
    shown = log_suggestion_list(coach, SuggestionResult(True, "cold-start-1", [
        Entry(candidate.id, opportunity.id, score=0.8, features=[0.5] * 10)]),
        opportunity_id=opportunity.id)
    proposal = make_proposal(coach, candidate, opportunity,
                             suggestion_entry_id=shown.entries[0].id, commit=True)
    text = explanation(login_as("coach_a"), proposal)
    assert "Waarom je coach jou voorstelde voor deze job" in text
    assert "Werkbrug zette jou op een lijst van mensen voor deze job." in text
    assert "Een mens besliste, niet de computer." in text
    assert "Werkbrug keek naar deze dingen:" in text
    assert "Nederlands" in text  # a requirement mark of the answer page
    assert "nooit naar je gender, je leeftijd" in text
    assert "Praat eerst met je coach." in text
    assert app.config["DPO_EMAIL"] in text
    assert opportunity.title in text and coach.name in text


def test_a_proposal_from_the_profile_says_werkbrug_made_no_list(client, login_as, users,
                                                                opportunity):
    candidate = make_candidate(users["coach_a"], wishes=[FORKLIFT])
    proposal = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    text = explanation(login_as("coach_a"), proposal)
    assert "Je coach vond deze job voor jou. Werkbrug zette jou niet op een lijst" in text


KIND_WORDS = {  # kind: (Dutch, English) words the page uses for it and for who offers it
    "internship": ("Waarom je coach jou voorstelde voor deze stage", "De stage",
                   "De werkgever beslist of hij jou uitnodigt.",
                   "Why your coach proposed you for this internship",
                   "The employer decides if they invite you."),
    "volunteering": ("Waarom je coach jou voorstelde voor deze vrijwilligersplaats",
                     "De vrijwilligersplaats", "De organisatie beslist of ze jou uitnodigt.",
                     "Why your coach proposed you for this volunteering place",
                     "The organisation decides if they invite you."),
    "training": ("Waarom je coach jou voorstelde voor deze opleiding", "De opleiding",
                 "De opleidingsverstrekker beslist of hij jou aanvaardt.",
                 "Why your coach proposed you for this course",
                 "The training provider decides if they accept you."),
}


@pytest.mark.parametrize("kind", sorted(KIND_WORDS))
def test_the_explanation_names_the_kind_it_is_about(client, login_as, users, organisations,
                                                    kind):
    """A newcomer proposed for a course reads of a course and of the one who accepts them,
    never of "this job" or "the employer"."""
    if kind == "training":
        place = make_course(organisations["provider"], commit=True)
    else:
        place = make_opportunity(organisations["employer_a"], kind=kind, commit=True,
                                 **({"internship_weeks": 8} if kind == "internship" else {}))
    candidate = make_candidate(users["coach_a"], wishes=[FORKLIFT])
    proposal = make_proposal(users["coach_a"], candidate, place, commit=True)
    dutch_title, dutch_term, dutch_decides, english_title, english_decides = KIND_WORDS[kind]
    login_as("coach_a")
    html = client.get(f"/proposals/{proposal.id}/explanation").get_data(as_text=True)
    text = text_of(html)
    assert f"<title>{dutch_title} · Werkbrug</title>" in html
    assert f"<h1>{dutch_title}</h1>" in html
    assert f"<dt>{dutch_term}</dt>" in html
    assert dutch_decides in text
    assert " job" not in text.replace("Jobcoach", "")
    if kind == "training":
        assert "<dt>De opleidingsverstrekker</dt>" in html
        assert "De werkgever" not in text
    client.post("/language", data={"locale": "en", "next": "/"})
    text = explanation(client, proposal)
    assert english_title in text and english_decides in text
    assert "this job" not in text


def test_the_explanation_speaks_english_too(client, login_as, users, opportunity):
    candidate = make_candidate(users["coach_a"], wishes=[FORKLIFT])
    proposal = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    login_as("coach_a")
    client.post("/language", data={"locale": "en", "next": "/"})
    text = explanation(client, proposal)
    assert "Why your coach proposed you for this job" in text
    assert "A person decided, not the computer." in text
    assert "Do you not agree?" in text


def test_the_proposal_page_links_to_the_explanation(client, login_as, users, opportunity):
    candidate = make_candidate(users["coach_a"])
    proposal = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    page = login_as("coach_a").get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f'href="/proposals/{proposal.id}/explanation"' in page


def test_the_proposing_coach_and_the_candidates_coach_see_it_other_coaches_do_not(
        client, users, organisations, opportunity):
    candidate = make_candidate(users["coach_a"])
    proposal = make_proposal(users["coach_a"], candidate, opportunity)
    new_coach = make_user(organisations["partner_a"], role="coach")
    other_coach = make_user(organisations["partner_a"], role="coach")
    hand_over_candidate(candidate, to_coach=new_coach, note=None)
    db.session.commit()
    url = f"/proposals/{proposal.id}/explanation"
    for user, status in ((users["coach_a"], 200), (new_coach, 200), (other_coach, 404),
                         (users["coach_b"], 404)):
        client.post("/logout")
        assert login(client, user.email).status_code == 302
        assert client.get(url).status_code == status, user.email


def test_an_unknown_proposal_has_no_explanation(login_as):
    assert login_as("coach_a").get("/proposals/999999/explanation").status_code == 404
