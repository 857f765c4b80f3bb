"""The notice after "Undo placed" follows the status the undo restores: only an active
person is back in the suggestions; a paused one stays out of them until their coach
sets them to active, and one who had left the trajectory stays out too."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from tests.factories import change_candidate, make_candidate

NOTICES = {
    "nl": {
        "active": "Sami is niet meer geplaatst. De persoon komt weer in de suggesties en je "
                  "kunt hem of haar weer voorstellen.",
        "paused": "Sami is niet meer geplaatst en staat weer op gepauzeerd. De persoon komt "
                  "dus niet in de suggesties en je kunt hem of haar niet voorstellen. Zet de "
                  "status op actief als dat weer mag.",
        "left": "Sami is niet meer geplaatst en het traject staat weer op gestopt. De persoon "
                "komt dus niet in de suggesties en je kunt hem of haar niet voorstellen.",
    },
    "en": {
        "active": "Sami is no longer placed and can be suggested and proposed again.",
        "paused": "Sami is no longer placed and is paused again, so they are not suggested "
                  "or proposed. Set their status to active when they may be.",
        "left": "Sami is no longer placed and has left the trajectory again, so they are not "
                "suggested or proposed.",
    },
}


def undo_as_coach(client, candidate, lang: str) -> str:
    """The page after the coach's "Undo placed", in ``lang``."""
    if lang == "en":
        client.post("/language", data={"locale": "en", "next": "/"})
    response = client.post(f"/candidates/{candidate.id}/undo-placement",
                           data={"version": candidate.version}, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("before", ["active", "paused", "left"])
def test_the_undo_notice_says_what_the_restored_status_means(before, lang, users, login_as):
    candidate = make_candidate(users["coach_a"], pseudonym="Sami", consent=True, status=before)
    change_candidate(candidate, status="placed", commit=True)
    assert candidate.status_before_placed == before
    page = undo_as_coach(login_as("coach_a"), candidate, lang)
    db.session.refresh(candidate)
    assert candidate.status == before
    assert NOTICES[lang][before] in page
    others = [notice for status, notice in NOTICES[lang].items() if status != before]
    assert not any(notice in page for notice in others)


@pytest.mark.parametrize(("lang", "notice"), [
    ("nl", "Sami is niet meer geplaatst. De persoon komt pas weer in de suggesties en je kunt "
           "hem of haar pas weer voorstellen als de toestemming is vastgelegd."),
    ("en", "Sami is no longer placed. They are suggested and proposed again once their "
           "consent is recorded."),
])
def test_an_active_person_without_consent_is_not_promised_the_suggestions(lang, notice, users,
                                                                            login_as):
    candidate = make_candidate(users["coach_a"], pseudonym="Sami", consent=False)
    change_candidate(candidate, status="placed", commit=True)
    page = undo_as_coach(login_as("coach_a"), candidate, lang)
    db.session.refresh(candidate)
    assert candidate.status == "active"
    assert notice in page
    assert NOTICES[lang]["active"] not in page
