"""The hard requirement of the kind in the words of the opportunity's kind: a person who
looks only for jobs "is not looking for a training course" (not "does not want this kind
of work"), and the mark on every page that shows it says "Soort aanbod", true for a
course as for a job. The requirement itself stays as the ranking applies it: a person
who named no kind at all gets no mark."""

from __future__ import annotations

import re

import pytest

from marketplace.extensions import db
from marketplace.suggestions.operations import set_ranking_enabled
from tests.factories import FORKLIFT, make_candidate, make_course, make_opportunity, make_proposal


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return text_of(response.get_data(as_text=True))


def looking_for(users, pseudonym: str, *kinds: str):
    return make_candidate(
        users["coach_a"],
        pseudonym=pseudonym,
        wishes=[FORKLIFT],
        wished_kinds=frozenset(kinds),
        commit=True,
    )


@pytest.fixture
def course(app_ctx, organisations):
    return make_course(organisations["provider"], commit=True)


@pytest.fixture
def job(app_ctx, organisations):
    return make_opportunity(organisations["employer_a"], commit=True)


def test_a_course_near_miss_says_the_person_is_not_looking_for_a_course(
    client, login_as, users, course
):
    amal = looking_for(users, "Amal", "job")
    login_as("coach_a")
    for url in (
        f"/suggestions/candidates/{amal.id}?near=1",
        f"/suggestions/opportunities/{course.id}?near=1",
    ):
        text = page(client, url)
        assert "✗ Soort aanbod : niet voldaan" in text, url
        assert "Zoekt geen opleiding." in text, url
        assert "Soort werk" not in text and "soort werk" not in text, url
    client.post("/language", data={"locale": "en"})
    text = page(client, f"/suggestions/opportunities/{course.id}?near=1")
    assert "✗ Kind of opportunity : not met" in text
    assert "Is not looking for a training course." in text


def test_a_job_near_miss_names_the_job(client, login_as, users, job):
    looking_for(users, "Bert", "training")
    login_as("coach_a")
    text = page(client, f"/suggestions/opportunities/{job.id}?near=1")
    assert "Zoekt geen job." in text and "Wil dit soort werk niet" not in text


def test_an_unranked_near_miss_names_the_kind_too(client, login_as, users, course):
    looking_for(users, "Amal", "job")
    set_ranking_enabled(False, by=users["admin"])
    db.session.commit()
    login_as("coach_a")
    text = page(client, f"/suggestions/opportunities/{course.id}?near=1")
    assert "Zoekt geen opleiding." in text
    assert "Wil dit soort werk niet" not in text


def test_the_explanation_of_a_course_proposal_marks_the_kind_of_opportunity(
    client, login_as, users, course
):
    amal = looking_for(users, "Amal", "job")
    proposal = make_proposal(users["coach_a"], amal, course, commit=True)
    login_as("coach_a")
    text = page(client, f"/proposals/{proposal.id}/explanation")
    assert "✗ Soort aanbod: niet voldaan" in text
    assert "Soort werk" not in text
    client.post("/logout")
    login_as("provider")
    text = page(client, f"/proposals/{proposal.id}/answer")
    assert "✗ Soort aanbod : niet voldaan" in text and "Soort werk" not in text


def test_a_person_who_named_no_kind_gets_no_kind_mark(client, login_as, users, course):
    chloe = looking_for(users, "Chloe")
    proposal = make_proposal(users["coach_a"], chloe, course, commit=True)
    login_as("coach_a")
    text = page(client, f"/proposals/{proposal.id}/explanation")
    assert "Werkbrug keek naar deze dingen:" in text
    assert "Soort aanbod" not in text and "Soort werk" not in text
