"""Suggestions for a training course follow the same rules as for a job: the kind the
candidate wishes, Dutch level, distance and working time."""

from __future__ import annotations

import pytest

from tests.factories import FORKLIFT, make_candidate, make_course
from tests.suggestions.conftest import last_list


@pytest.fixture
def course(app_ctx, organisations):
    """A daytime forklift course in 2030 asking Dutch A2."""
    return make_course(organisations["provider"], commit=True)


def learner(coach, pseudonym: str, **values):
    values.setdefault("wished_kinds", frozenset({"training"}))
    return make_candidate(coach, pseudonym=pseudonym, wishes=[FORKLIFT], commit=True,
                          **values)


def suggested(client, course, near: bool = False) -> str:
    response = client.get(f"/suggestions/opportunities/{course.id}",
                          query_string={"near": "1"} if near else {})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def ranked_ids() -> set[int]:
    return {entry.candidate_id for entry in last_list().entries}


def test_someone_who_wishes_training_is_suggested_and_someone_who_wishes_only_jobs_not(
        client, login_as, users, course):
    wants_course = learner(users["coach_a"], "Amal")
    wants_job = learner(users["coach_a"], "Bert", wished_kinds=frozenset({"job"}))
    anything = learner(users["coach_a"], "Chris", wished_kinds=frozenset())
    login_as("coach_a")
    suggested(client, course)
    assert ranked_ids() == {wants_course.id, anything.id}
    near = suggested(client, course, near=True)
    assert "Bert" in near[near.index('id="near-heading"'):]
    assert wants_job.id not in ranked_ids()


@pytest.mark.parametrize(
    ("profile", "reason"),
    [
        ({"dutch_level": "none"}, "Nederlands"),
        ({"postcode": "2660", "max_commute_km": 2}, "verder"),
        ({"day_parts": frozenset({"evenings"})}, "werktijd"),
    ],
)
def test_a_learner_is_held_to_dutch_level_distance_and_working_time(
        client, login_as, users, course, profile, reason):
    fits = learner(users["coach_a"], "Amal")
    misses = learner(users["coach_a"], "Nour", **profile)
    login_as("coach_a")
    suggested(client, course)
    assert fits.id in ranked_ids() and misses.id not in ranked_ids()
    near = suggested(client, course, near=True)
    assert "Nour" in near[near.index('id="near-heading"'):]
    assert reason in near


def test_a_learner_sees_the_course_among_their_suggestions(client, login_as, users, course):
    amal = learner(users["coach_a"], "Amal")
    login_as("coach_a")
    response = client.get(f"/suggestions/candidates/{amal.id}")
    assert response.status_code == 200
    assert course.id in {entry.opportunity_id for entry in last_list().entries}
    assert "Opleiding heftruckchauffeur" in response.get_data(as_text=True)
