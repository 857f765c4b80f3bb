"""Rows that Python writes instead of a macro (the inbox's candidate cards, the browse
results, the suggestion rows; see docs/architecture.md, "Request life" 7) show markup
that people typed as text, never as markup."""

from __future__ import annotations

from tests.factories import FORKLIFT, make_candidate, make_opportunity, make_proposal

MARKUP = '<b onmouseover="x">Vet</b> & co'
ESCAPED = "&lt;b onmouseover=&#34;x&#34;&gt;Vet&lt;/b&gt; &amp; co"


def _assert_written_as_text(page: str) -> None:
    assert ESCAPED in page
    assert "<b onmouseover" not in page


def test_the_inbox_card_writes_a_typed_pseudonym_and_motivation_as_text(
        client, login_as, users, organisations):
    opportunity = make_opportunity(organisations["employer_a"], title="Heftruckchauffeur",
                                   commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym=MARKUP, commit=True)
    make_proposal(users["coach_a"], candidate, opportunity, motivation=MARKUP, commit=True)
    login_as("employer_a")
    page = client.get(f"/proposals/opportunities/{opportunity.id}").get_data(as_text=True)
    _assert_written_as_text(page)
    assert page.count(ESCAPED) >= 2  # the name and the motivation


def test_a_browse_result_writes_a_typed_title_as_text(client, login_as, organisations):
    make_opportunity(organisations["employer_a"], title=MARKUP, commit=True)
    login_as("coach_a")
    _assert_written_as_text(client.get("/opportunities/browse").get_data(as_text=True))


def test_a_suggestion_row_writes_a_typed_pseudonym_as_text(client, login_as, users,
                                                           organisations):
    opportunity = make_opportunity(organisations["employer_a"], commit=True)
    make_candidate(users["coach_a"], pseudonym=MARKUP, wishes=[FORKLIFT], commit=True)
    login_as("coach_a")
    page = client.get(f"/suggestions/opportunities/{opportunity.id}").get_data(as_text=True)
    _assert_written_as_text(page)


def test_a_suggestion_row_for_a_candidate_writes_a_typed_title_as_text(
        client, login_as, users, organisations):
    make_opportunity(organisations["employer_a"], title=MARKUP, commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", wishes=[FORKLIFT],
                               commit=True)
    login_as("coach_a")
    page = client.get(f"/suggestions/candidates/{candidate.id}").get_data(as_text=True)
    _assert_written_as_text(page)
