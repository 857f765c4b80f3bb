"""What waits for the employer: every proposal without an answer across the
organisation's opportunities, the longest waiting first, with a count in the menu and
the oldest ones on the home page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.proposals import operations
from tests.factories import make_candidate, make_opportunity, make_proposal
from tests.proposals.conftest import statements_of, waiting_counts


def _proposals_one_answered(users, opportunities, answered):
    """Coach A proposes Amal, Bilal, Chadia and Dawit, in that order, to
    ``opportunities``; employer A declines the proposal at index ``answered``."""
    coach = users["coach_a"]
    proposals = [
        make_proposal(coach, make_candidate(coach, pseudonym=name), opportunity)
        for name, opportunity in zip(("Amal", "Bilal", "Chadia", "Dawit"), opportunities,
                                     strict=True)
    ]
    db.session.flush()
    declined = proposals[answered]
    operations.answer_proposal(declined, "decline", by=users["employer_a"],
                               expected_version=declined.version, decline_reason="profile")
    db.session.commit()
    return proposals


def test_the_employer_sees_what_waits_oldest_first_with_a_count(client, login_as, users,
                                                                 organisations, opportunity):
    second_job = make_opportunity(organisations["employer_a"], title="Magazijnier")
    elsewhere = make_opportunity(organisations["employer_b"], title="Kok")
    first, _second, _answered, _elsewhere = _proposals_one_answered(
        users, [opportunity, second_job, opportunity, elsewhere], answered=2)

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
    # The waiting list and the menu's count of it: one statement of the columns shown,
    # not the proposals and then their candidates, opportunities and coaches each in a
    # statement of their own, nor a count of its own.
    (waiting,) = [s for s in statements if "candidate" in s]
    assert "candidate.pseudonym, candidate.status, opportunity.title" in waiting
    assert "count(*) OVER ()" in waiting
    assert not waiting_counts(statements)
    # The counts per status and the open places in one statement; the recent ones
    # as three columns.
    assert len([s for s in statements if "GROUP BY opportunity.status" in s]) == 1
    assert "SELECT opportunity.id, opportunity.title, opportunity.status FROM" in " ".join(
        statements)
    page = client.get("/start").get_data(as_text=True)
    assert page.index("Amal") < page.index("Bilal") < page.index("Chadia")
    assert '<span class="menu-count">3</span>' in page


def test_the_menu_counts_what_waits_across_opportunities_on_the_inbox_and_home(
    client, login_as, users, organisations, opportunity
):
    """The inbox, the home and the list of opportunities read the menu's count in a
    statement they send anyway; it counts every opportunity of the organisation, not
    only the one shown, and an inbox without proposals (no rows to carry it) counts on
    its own."""
    second_job = make_opportunity(organisations["employer_a"], title="Magazijnier")
    empty_job = make_opportunity(organisations["employer_a"], title="Chauffeur")
    elsewhere = make_opportunity(organisations["employer_b"], title="Kok")
    _proposals_one_answered(users, [opportunity, opportunity, second_job, elsewhere],
                            answered=0)
    login_as("employer_a")
    for url in (f"/proposals/opportunities/{opportunity.id}", "/start", "/opportunities/"):
        statements = statements_of(client, url)
        assert not waiting_counts(statements), url
        assert '<span class="menu-count">2</span>' in client.get(url).get_data(as_text=True)
    statements = statements_of(client, f"/proposals/opportunities/{empty_job.id}")
    assert len(waiting_counts(statements)) == 1
    page = client.get(f"/proposals/opportunities/{empty_job.id}").get_data(as_text=True)
    assert '<span class="menu-count">2</span>' in page
    client.post("/logout")
    login_as("employer_b")
    page = client.get(f"/proposals/opportunities/{elsewhere.id}").get_data(as_text=True)
    assert '<span class="menu-count">1</span>' in page


def test_days_are_belgian_days(client, login_as, users, opportunity):
    """Proposed at 22:30 UTC on 1 July: in Antwerp it is already 2 July, and the waiting
    list shows that day and counts the days from it."""
    coach = users["coach_a"]
    proposal = make_proposal(coach, make_candidate(coach, pseudonym="Amal"), opportunity)
    proposal.created_at = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)
    db.session.commit()
    login_as("employer_a")
    waiting = client.get("/proposals/waiting").get_data(as_text=True)
    assert "2 jul. 2026" in waiting
    assert f"{(local_today() - date(2026, 7, 2)).days} dagen" in waiting


def test_the_waiting_column_says_how_long_a_proposal_has_waited(client, login_as, users,
                                                                 opportunity):
    """"Wacht al" (how long it has waited), never "Wacht nog" (how long it will wait);
    a proposal of today waits less than a day, not "0 dagen"."""
    coach = users["coach_a"]
    make_proposal(coach, make_candidate(coach, pseudonym="Amal"), opportunity)
    older = make_proposal(coach, make_candidate(coach, pseudonym="Bilal"), opportunity)
    older.created_at = older.created_at - timedelta(days=3)
    db.session.commit()
    login_as("employer_a")
    page = client.get("/proposals/waiting").get_data(as_text=True)
    assert "Wacht al" in page and "Wacht nog" not in page
    assert "minder dan een dag" in page and "0 dagen" not in page
    assert "3 dagen" in page
    client.post("/language", data={"locale": "en", "next": "/"})
    page = client.get("/proposals/waiting").get_data(as_text=True)
    assert "Waiting for" in page and "less than a day" in page and "0 days" not in page
    assert "3 days" in page
