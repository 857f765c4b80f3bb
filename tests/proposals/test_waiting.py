"""What waits for the employer: every proposal without an answer across the
organisation's opportunities, the longest waiting first, with a count in the menu and
the oldest ones on the home page."""

from __future__ import annotations

import re

from marketplace.extensions import db
from marketplace.proposals import operations
from tests.factories import make_candidate, make_opportunity, make_proposal
from tests.proposals.conftest import statements_of


def test_the_employer_sees_what_waits_oldest_first_with_a_count(client, login_as, users,
                                                                 organisations, opportunity):
    second_job = make_opportunity(organisations["employer_a"], title="Magazijnier")
    elsewhere = make_opportunity(organisations["employer_b"], title="Kok")
    coach = users["coach_a"]
    first = make_proposal(coach, make_candidate(coach, pseudonym="Amal"), opportunity)
    make_proposal(coach, make_candidate(coach, pseudonym="Bilal"), second_job)
    answered = make_proposal(coach, make_candidate(coach, pseudonym="Chadia"), opportunity)
    make_proposal(coach, make_candidate(coach, pseudonym="Dawit"), elsewhere)
    db.session.flush()
    operations.answer_proposal(answered, "decline", by=users["employer_a"],
                               expected_version=answered.version, decline_reason="profile")
    db.session.commit()

    login_as("employer_a")
    page = client.get("/proposals/waiting").get_data(as_text=True)
    assert page.index("Amal") < page.index("Bilal")  # the longest waiting first
    assert "Chadia" not in page and "Dawit" not in page  # answered; another employer's
    assert f"/proposals/{first.id}/answer" in page
    menu = page[page.index('<nav class="site-nav"'):page.index("</nav>")]
    assert re.search(r'Wacht op je antwoord <span class="menu-count">2</span>', menu)
    home = client.get("/start").get_data(as_text=True)
    assert "Wacht op je antwoord" in home and "Amal" in home and "Bilal" in home


def test_nothing_waiting_says_so_and_shows_no_count(client, login_as):
    login_as("employer_b")
    page = client.get("/proposals/waiting").get_data(as_text=True)
    assert "Niets wacht op je antwoord." in page
    assert "menu-count" not in page



def test_the_employer_home_reads_the_waiting_list_and_the_opportunities_in_a_few_columns(
    client, login_as, users, organisations, opportunity
):
    second_job = make_opportunity(organisations["employer_a"], title="Magazijnier")
    for name, coach, job in (("Amal", users["coach_a"], opportunity),
                             ("Bilal", users["coach_b"], second_job),
                             ("Chadia", users["coach_a"], second_job)):
        make_proposal(coach, make_candidate(coach, pseudonym=name), job)
    db.session.commit()
    login_as("employer_a")
    statements = statements_of(client, "/start")
    # The waiting list: one statement of five columns, not the proposals and then
    # their candidates, opportunities and coaches each in a statement of their own.
    (waiting,) = [s for s in statements if "candidate" in s]
    assert waiting.startswith("SELECT proposal.id, proposal.created_at, candidate.pseudonym")
    # The counts per status and the open places in one statement; the recent ones
    # as three columns.
    assert len([s for s in statements if "count(*)" in s]) == 1
    assert "SELECT opportunity.id, opportunity.title, opportunity.status FROM" in " ".join(
        statements)
    page = client.get("/start").get_data(as_text=True)
    assert page.index("Amal") < page.index("Bilal") < page.index("Chadia")
