"""What the caseload page and the coach's home page read: the same figures in fewer
statements (the filter's options and the list's count in one, the handed-over list in
one, the home page's caseload counts in one)."""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event

from marketplace.candidates import operations
from marketplace.candidates.caseload_queries import (
    MINE,
    SHARED,
    caseload_filter_options,
    caseload_summary,
)
from marketplace.extensions import db
from marketplace.taxonomy.queries import get_occupation_by_uri
from tests.candidates.conftest import text
from tests.factories import FORKLIFT, KITCHEN_ASSISTANT


@contextmanager
def statements():
    """The statements sent inside the block, as a list filled when it ends."""
    seen: list[str] = []

    def note(_connection, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def test_the_filter_options_and_the_count_come_from_one_statement(app_ctx, users,
                                                                   make_candidate):
    forklift = get_occupation_by_uri(FORKLIFT)
    kitchen = get_occupation_by_uri(KITCHEN_ASSISTANT)
    make_candidate(pseudonym="Amina", postcode="2140",
                   wished_occupations=frozenset({forklift.id}))
    make_candidate(pseudonym="Bilal", postcode="2100",
                   wished_occupations=frozenset({forklift.id, kitchen.id}))
    make_candidate(pseudonym="Chioma", postcode="2060")
    make_candidate("coach_b", pseudonym="Dawit", postcode="2600",
                   wished_occupations=frozenset({kitchen.id}), shared=True)
    coach = users["coach_a"]
    db.session.refresh(coach)  # the commits expired it
    with statements() as seen:
        mine = caseload_filter_options(coach, MINE, "en")
    assert len(seen) == 1
    assert sorted(mine.occupations) == sorted([(forklift.id, forklift.label_en),
                                               (kitchen.id, kitchen.label_en)])
    assert mine.municipalities == ["Antwerpen", "Borgerhout", "Deurne"]
    assert mine.total == 3
    shared = caseload_filter_options(users["coach_a"], SHARED, "nl")
    assert (shared.occupations, shared.municipalities, shared.total) == (
        [(kitchen.id, kitchen.label_nl)], ["Berchem"], 1)
    nobody = caseload_filter_options(users["coach_b"], SHARED)
    assert (nobody.occupations, nobody.municipalities, nobody.total) == ([], [], 0)


def test_an_unfiltered_full_caseload_page_is_not_counted_apart(client, login_as,
                                                               make_candidate):
    """The filter's statement counted the list already; a filtered list is counted
    on its own (the filter's count is of the whole list)."""
    for number in range(30):
        make_candidate(pseudonym=f"Kandidaat {number:02d}",
                       status="paused" if number % 10 == 0 else "active")
    login_as("coach_a")
    client.get("/candidates/")  # reads the coach once
    with statements() as unfiltered:
        page = text(client.get("/candidates/"))
    assert "30 kandidaten" in page
    assert not [s for s in unfiltered if "count(*)" in s and "candidate_wished" not in s]
    with statements() as filtered:
        page = text(client.get("/candidates/", query_string={"status": "active"}))
    assert "27 kandidaten" in page
    assert len(filtered) == len(unfiltered) + 1
    last = text(client.get("/candidates/", query_string={"page": 2}))
    assert re.findall(r'translate="no">(Kandidaat \d+)</a>', last) == [
        "Kandidaat 25", "Kandidaat 26", "Kandidaat 27", "Kandidaat 28", "Kandidaat 29"]


def test_the_handed_over_list_is_one_statement(app, client, login_as, make_candidate, users):
    login_as("coach_a")
    client.get("/candidates/")
    with statements() as before:
        client.get("/candidates/")
    for name in ("Filmon", "Goitom"):
        candidate = make_candidate(pseudonym=name)
        with app.test_request_context():
            operations.hand_over_candidate(db.session.get(type(candidate), candidate.id),
                                           to_coach=users["coach_b"], note=None)
            db.session.commit()
    with statements() as after:
        page = text(client.get("/candidates/"))
    handed_over = page.split('id="handed-over-heading"', 1)[1]
    assert "Filmon" in handed_over and "Goitom" in handed_over
    assert "Coach B (Partner B Integration)" in handed_over
    assert len(after) == len(before)


def test_the_home_page_counts_the_caseload_in_one_statement(app_ctx, users, make_candidate):
    make_candidate(pseudonym="Amina")  # active, no consent
    make_candidate(pseudonym="Bilal", consent=True)
    make_candidate(pseudonym="Chioma", shared=True)
    make_candidate(pseudonym="Dawit", status="paused")  # no consent, but not active
    make_candidate(pseudonym="Eden", status="paused", shared=True)
    make_candidate("coach_b", pseudonym="Filmon")
    coach = users["coach_a"]
    db.session.refresh(coach)
    with statements() as seen:
        summary = caseload_summary(coach)
    assert len(seen) == 1
    assert summary.by_status["active"] == 3
    assert summary.by_status["paused"] == 2
    assert summary.total == 5
    assert (summary.without_consent, summary.shared) == (1, 2)


def test_a_page_s_details_are_one_statement_and_the_shared_list_reads_no_birth_year(
        client, login_as, make_candidate):
    """Wished occupations, consent and (own candidates only) the birth year of every
    row in one statement, as many as the rows are; another coach's sensitive row is
    not read at all."""
    forklift = get_occupation_by_uri(FORKLIFT)
    kitchen = get_occupation_by_uri(KITCHEN_ASSISTANT)
    make_candidate(pseudonym="Amina", wished_occupations=frozenset({kitchen.id, forklift.id}))
    make_candidate(pseudonym="Amina", consent=True, birth_year="1990")
    login_as("coach_a")
    client.get("/candidates/")
    with statements() as few:
        page = text(client.get("/candidates/"))
    row = re.search(r"<tr>\s*<th scope=\"row\">.*?</tr>", page, re.S).group(0)
    labels = sorted([(forklift.id, forklift.label_nl), (kitchen.id, kitchen.label_nl)])
    assert ", ".join(f'<span translate="no">{label}</span>' for _id, label in labels) in row
    assert page.count("Toestemming gegeven") == 1 and "jaar" in page
    for number in range(5):
        make_candidate(pseudonym=f"Kandidaat {number}", consent=number % 2 == 0,
                       wished_occupations=frozenset({forklift.id}))
    with statements() as many:
        client.get("/candidates/")
    assert len(many) == len(few)
    make_candidate("coach_b", pseudonym="Dawit", shared=True, birth_year="1990")
    with statements() as shared:
        page = text(client.get("/candidates/", query_string={"scope": "shared"}))
    assert "Dawit" in page
    assert not [statement for statement in shared if "candidate_sensitive" in statement]
