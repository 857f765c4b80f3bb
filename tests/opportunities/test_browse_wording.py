"""The browse list's hours filter never hides a try-out, whose weekly hours nobody
sees."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_course, make_opportunity, make_tryout
from tests.opportunities.conftest import text


def titles(response) -> set[str]:
    return set(re.findall(r'<h3><a href="/opportunities/\d+" translate="no">(.*?)</a></h3>',
                          text(response)))



@pytest.fixture
def mixed(app_ctx, organisations):
    """Two jobs (38 and 16 hours a week), a course of 30 hours a week and a try-out
    stored with 38 hours a week (as every try-out made through the form has some)."""
    make_opportunity(organisations["employer_a"], title="Job van 38 uur", hours_per_week=38)
    make_opportunity(organisations["employer_a"], title="Job van 16 uur", hours_per_week=16)
    make_course(organisations["provider"], title="Opleiding van 30 uur", hours_per_week=30)
    make_tryout(organisations["employer_b"], title="Proefsessie", hours_per_week=38,
                commit=True)


@pytest.fixture
def coach(client, login_as, mixed):
    return login_as("coach_a")


def english(client):
    client.post("/language", data={"locale": "en"})
    return client


# --- the hours filter -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a try-out is one session: it fits any number of hours a week
        ({"hours_max": "20"}, {"Job van 16 uur", "Proefsessie"}),
        ({"hours_min": "40"}, {"Proefsessie"}),
        ({"hours_min": "20", "hours_max": "30"}, {"Opleiding van 30 uur", "Proefsessie"}),
        # a course shows its hours a week: they count
        ({"hours_max": "29"}, {"Job van 16 uur", "Proefsessie"}),
        ({"kind": "tryout", "hours_max": "1"}, {"Proefsessie"}),
        ({"kind": "job", "hours_max": "20"}, {"Job van 16 uur"}),
    ],
)
def test_the_hours_filter_never_hides_a_tryout(coach, query, expected):
    assert titles(coach.get("/opportunities/browse", query_string=query)) == expected


def test_the_hours_filter_says_try_outs_stay(coach):
    page = text(coach.get("/opportunities/browse"))
    assert "Proefsessies blijven altijd in de lijst" in page
    english(coach)
    assert "Try-outs always stay in the list" in text(coach.get("/opportunities/browse"))
