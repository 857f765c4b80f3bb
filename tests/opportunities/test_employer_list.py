"""The employer's list of opportunities (statuses, places, counts, pages, and the
columns it reads) and the summary on their home page."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.proposals import operations as proposals
from tests.factories import make_candidate, make_proposal
from tests.opportunities.conftest import text


def test_the_list_shows_status_places_and_counts(employer, make_opportunity):
    make_opportunity(title="Alpha", places=3)
    make_opportunity(title="Beta", status="published")
    make_opportunity("employer_b", title="Gamma van B")
    page = text(employer.get("/opportunities/"))
    assert "Alpha" in page and "Beta" in page and "Gamma van B" not in page
    assert "Ontwerp (1)" in page and "Gepubliceerd (1)" in page
    published = text(employer.get("/opportunities/?status=published"))
    assert "Beta" in published and "Alpha" not in published


def test_the_lists_length_and_pages_follow_the_status_counts(employer, make_opportunity):
    # The list takes its length from the counts per status, not from a count of its own.
    for number in range(26):
        make_opportunity(title=f"Vacature {number}")
    make_opportunity(title="Beta", status="published")
    make_opportunity("employer_b", title="Gamma van B")
    first = text(employer.get("/opportunities/"))
    assert "27 jobs" in first and "Ontwerp (26)" in first
    assert "pagina 2 van 2" in text(employer.get("/opportunities/?page=3"))
    drafts = text(employer.get("/opportunities/?status=draft&page=2"))
    assert "26 jobs" in drafts and "Dat paginanummer" not in drafts
    published = text(employer.get("/opportunities/?status=published&page=2"))
    assert "1 job" in published and "pagina 1 van 1" in published


def test_the_list_reads_only_the_columns_it_shows_and_counts_hires_as_taken(
    employer, make_opportunity, users
):
    taken = make_opportunity(title="Magazijnier", status="published", places=3,
                             closes_on=local_today() + timedelta(days=20))
    make_opportunity(title="Magazijnier", status="published", postcode="2060")
    candidate = make_candidate(users["coach_a"], pseudonym="Amal")
    proposal = make_proposal(users["coach_a"], candidate, taken)
    proposals.answer_proposal(proposal, "hire", by=users["employer_a"],
                              expected_version=proposal.version)
    db.session.commit()
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        page = text(employer.get("/opportunities/"))
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    (listed,) = [s for s in seen if "ORDER BY opportunity.updated_at DESC" in s]
    # No description or notes, and no organisation, occupation or place joined.
    assert "opportunity.description" not in listed and " JOIN " not in listed
    assert not [s for s in seen if "FROM occupation" in s or "FROM postcode" in s]
    row = page[page.index(f'/opportunities/{taken.id}"'):]
    row = row[:row.index("</tr>")]
    # three places, one taken by the hire; the repeated title tells them apart
    assert '<span class="cell-value">3</span>' in row and '<span class="cell-value">2</span>' in row
    assert '<span class="second-detail" translate="no">2030 · sluit' in row
    assert "Aangenomen: 1" in row


def test_the_home_page_summarises_the_opportunities(employer, make_opportunity):
    make_opportunity(title="Alpha", status="published", places=3)
    page = text(employer.get("/start"))
    assert "Nieuw aanbod" in page
    assert "Gepubliceerd: 1" in page
    assert "3 plaatsen zijn open" in page
    assert "Alpha" in page


def test_the_list_writes_titles_as_text_and_links_each_row(employer, make_opportunity, users):
    # The rows are written in Python (opportunities/employer_list.py): a title with
    # markup stays text, in the link and in the second detail of a repeated title.
    marked = make_opportunity(title="<b>Heftruck</b> & co", status="published",
                              postcode="2060")
    other = make_opportunity(title="<b>Heftruck</b> & co", postcode="2030")
    candidate = make_candidate(users["coach_a"], pseudonym="Amal")
    make_proposal(users["coach_a"], candidate, marked)
    db.session.commit()
    page = text(employer.get("/opportunities/"))
    assert "<b>Heftruck</b>" not in page
    row = page[page.index(f'<a href="/opportunities/{marked.id}" translate="no">'):]
    row = row[:row.index("</tr>")]
    assert '&lt;b&gt;Heftruck&lt;/b&gt; &amp; co</a> <span class="second-detail"' in row
    assert '<span class="status-tag status-tag--published">Gepubliceerd</span>' in row
    assert f'<a href="/proposals/opportunities/{marked.id}">Voorgesteld: 1</a>' in row
    other_row = page[page.index(f'<a href="/opportunities/{other.id}"'):]
    other_row = other_row[:other_row.index("</tr>")]
    assert "Nog geen" in other_row and "/proposals/opportunities/" not in other_row
