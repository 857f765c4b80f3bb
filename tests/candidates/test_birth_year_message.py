"""A birth year too long ago says which years count, in English as in Dutch (the Dutch
message is in test_profile_form.py's bad-input table): "use four digits" misled when
1850 had four."""

from __future__ import annotations

from marketplace.db_types import local_today
from tests.candidates.conftest import text, valid_form


def test_a_year_too_long_ago_names_the_years_that_count_in_english(client, app_ctx, login_as):
    login_as("coach_a")
    client.post("/language", data={"locale": "en", "next": "/"})
    page = text(client.post("/candidates/new", data=valid_form(birth_year="1850")))
    assert (f"Check the year: fill in a year from 1900 to {local_today().year - 15}."
            in page)
    assert "four digits" not in page
