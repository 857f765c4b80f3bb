"""A candidate's history: the profile shows the newest lines only, with how many there
are in all and a link to the history page, which has them all, newest first, a page at
a time. Only the candidate's own coach reads either."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.candidates.routes import HISTORY_ON_PROFILE, HISTORY_PER_PAGE
from marketplace.extensions import db
from tests import factories
from tests.candidates.conftest import text
from tests.candidates.test_edit_flow_statements import statements

#: A candidate made with consent starts with two lines: created, consent recorded.
FIRST_LINES = 2
CHANGED_HOURS = "Profiel gewijzigd: Uren per week"
CHANGED_NOTE = "Profiel gewijzigd: Notitie voor jezelf"


@pytest.fixture
def candidate_with_lines(app, app_ctx, users):
    """``candidate_with_lines(n)``: a committed candidate of coach A whose history has
    ``n`` lines (at least two): created, consent, then changes of the hours per week,
    the last one a change of the note (so the newest line is told apart)."""

    def make(lines: int, **values):
        assert lines >= FIRST_LINES + 1
        with app.test_request_context():
            candidate = factories.make_candidate(users["coach_a"], consent=True, **values)
            for number in range(lines - FIRST_LINES - 1):
                factories.change_candidate(candidate, hours_per_week=20 + number % 2)
            factories.change_candidate(candidate, coach_note="Belt liever 's avonds.",
                                       commit=True)
        return candidate

    return make


def history_lines(page: str) -> list[str]:
    """What each line of the (first) history table says, in its order."""
    table = re.search(r"<caption[^>]*>[^<]*(?:wijziging|change)[^<]*<.*?</caption>(.*?)</table>",
                      page, re.S | re.I)
    assert table, "no history table on the page"
    body = table.group(1).split("<tbody", 1)[1]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    # The last cell says what changed; its label for phones ("Wat") is not part of it.
    return [re.sub(r"<[^>]+>", "", re.findall(
        r'<span class="cell-value">(.*?)</span></td>', row, re.S)[-1]).strip()
        for row in rows]


def _views(candidate_id: int) -> list[str]:
    return [details["page"] for details in db.session.scalars(
        select(AuditEvent.details).where(AuditEvent.action == "candidate_viewed",
                                         AuditEvent.subject_id == candidate_id)
        .order_by(AuditEvent.id))]


def test_the_profile_shows_every_line_newest_first_when_they_fit(
        client, login_as, candidate_with_lines):
    candidate = candidate_with_lines(HISTORY_ON_PROFILE)
    login_as("coach_a")
    page = text(client.get(f"/candidates/{candidate.id}"))
    lines = history_lines(page)
    assert len(lines) == HISTORY_ON_PROFILE
    assert lines[0] == CHANGED_NOTE
    assert lines[-2:] == ["Toestemming genoteerd", "Profiel gemaakt"]
    assert '<caption id="history-caption">Wijzigingen, nieuwste eerst<' in page
    assert "Je ziet de" not in page
    assert "Toon de hele geschiedenis" not in page
    assert f"/candidates/{candidate.id}/history" not in page


def test_the_profile_shows_the_newest_lines_with_their_number_and_a_link_to_all(
        client, login_as, candidate_with_lines):
    candidate = candidate_with_lines(HISTORY_ON_PROFILE + 25)
    login_as("coach_a")
    page = text(client.get(f"/candidates/{candidate.id}"))
    lines = history_lines(page)
    assert lines == [CHANGED_NOTE] + [CHANGED_HOURS] * (HISTORY_ON_PROFILE - 1)
    assert "Profiel gemaakt" not in page
    assert (f"Je ziet de {HISTORY_ON_PROFILE} recentste van de "
            f"{HISTORY_ON_PROFILE + 25} wijzigingen.") in page
    assert (f'<a href="/candidates/{candidate.id}/history">Toon de hele geschiedenis</a>'
            in page)


@pytest.mark.parametrize("path", ["", "/history"])
def test_each_history_line_is_a_labelled_block_on_a_phone(
        path, client, login_as, candidate_with_lines):
    """The history is a table of rows (table_box rows=True): each line headed by its
    time, its "Wie" and "Wat" labelled for a phone, with the ARIA roles that keep it a
    table for screen readers once it is no longer displayed as one."""
    candidate = candidate_with_lines(FIRST_LINES + 1)
    login_as("coach_a")
    page = text(client.get(f"/candidates/{candidate.id}{path}"))
    table = re.search(r'<table class="table--rows" role="table">\s*'
                      r'<caption id="history-caption">(.*?)</table>', page, re.S)
    assert table, "the history is no table of rows"
    body = table.group(1)
    assert body.count('<th scope="col" role="columnheader">') == 3
    rows = re.findall(r'<tr role="row">\s*<th scope="row" role="rowheader">[^<]+</th>'
                      r'(.*?)</tr>', body.split("<tbody", 1)[1], re.S)
    assert len(rows) == FIRST_LINES + 1
    for row in rows:
        labels = re.findall(r'<td role="cell"><span class="cell-label" aria-hidden="true">'
                            r'([^<]+)</span>', row)
        assert labels == ["Wie", "Wat"]


def test_the_profile_shows_the_link_in_english_too(client, login_as, candidate_with_lines):
    candidate = candidate_with_lines(HISTORY_ON_PROFILE + 1)
    login_as("coach_a")
    client.post("/language", data={"locale": "en", "next": "/"})
    page = text(client.get(f"/candidates/{candidate.id}"))
    assert (f"You see the {HISTORY_ON_PROFILE} most recent of the "
            f"{HISTORY_ON_PROFILE + 1} changes.") in page
    assert "Show the whole history</a>" in page
    assert '<caption id="history-caption">Changes, newest first<' in page


def _profile_statements(client, candidate_id: int) -> tuple[str, list[str]]:
    client.get(f"/candidates/{candidate_id}")  # the first one warms the caches
    with statements() as seen:
        page = text(client.get(f"/candidates/{candidate_id}"))
    return page, seen


def test_the_profile_reads_the_lines_it_shows_and_their_number_in_one_statement(
        client, login_as, candidate_with_lines):
    many = candidate_with_lines(HISTORY_ON_PROFILE + 40)
    few = candidate_with_lines(FIRST_LINES + 1)
    login_as("coach_a")
    page, many_seen = _profile_statements(client, many.id)
    assert len(history_lines(page)) == HISTORY_ON_PROFILE
    _page, few_seen = _profile_statements(client, few.id)
    assert len(many_seen) == len(few_seen)
    for seen in (many_seen, few_seen):
        reads = [s for s in seen if "FROM audit_event" in s and not s.startswith("INSERT")]
        assert len(reads) == 1, reads
        assert "count(*) OVER ()" in reads[0]
        assert "ORDER BY audit_event.id DESC LIMIT" in reads[0]


def test_the_history_page_has_every_line_newest_first_a_page_at_a_time(
        client, login_as, candidate_with_lines):
    total = HISTORY_PER_PAGE + 7
    candidate = candidate_with_lines(total, pseudonym="Yonas")
    login_as("coach_a")
    first = text(client.get(f"/candidates/{candidate.id}/history"))
    assert first.count("<h1") == 1
    assert '<h1>Geschiedenis van <span translate="no">Yonas</span></h1>' in first
    assert "<title>Geschiedenis van Yonas · Werkbrug</title>" in first
    assert (f'<a href="/candidates/{candidate.id}">Terug naar het profiel</a>') in first
    assert f'<caption id="history-caption">{total} wijzigingen, nieuwste eerst<' in first
    assert first.count('<th scope="col" role="columnheader">') == 3
    lines = history_lines(first)
    assert lines == [CHANGED_NOTE] + [CHANGED_HOURS] * (HISTORY_PER_PAGE - 1)
    assert "Pagina 1 van 2" in first
    assert f'href="/candidates/{candidate.id}/history?page=2" rel="next"' in first

    second = text(client.get(f"/candidates/{candidate.id}/history?page=2"))
    lines = history_lines(second)
    assert len(lines) == total - HISTORY_PER_PAGE
    assert lines[-2:] == ["Toestemming genoteerd", "Profiel gemaakt"]
    assert "Pagina 2 van 2" in second
    assert "Dat paginanummer bestaat niet." not in second


@pytest.mark.parametrize("asked", ["0", "twee", "<script>", "99999999999999999999999"])
def test_the_history_page_answers_a_page_that_is_not_there_with_a_notice(
        asked, client, login_as, candidate_with_lines):
    candidate = candidate_with_lines(FIRST_LINES + 1)
    login_as("coach_a")
    response = client.get(f"/candidates/{candidate.id}/history", query_string={"page": asked})
    assert response.status_code == 200
    page = text(response)
    assert len(history_lines(page)) == FIRST_LINES + 1
    assert "<script>" not in page.split("<main", 1)[1]
    assert "Dat paginanummer bestaat niet." in page


def test_viewing_the_history_is_audited_and_views_are_not_in_it(
        client, login_as, candidate_with_lines):
    candidate = candidate_with_lines(FIRST_LINES + 1)
    login_as("coach_a")
    client.get(f"/candidates/{candidate.id}")
    page = text(client.get(f"/candidates/{candidate.id}/history"))
    assert _views(candidate.id) == ["profile", "history"]
    assert "Profiel bekeken" not in page
    assert len(history_lines(page)) == FIRST_LINES + 1


def test_a_coach_the_profile_is_shared_with_sees_no_history(
        app, client, login_as, candidate_with_lines):
    candidate = candidate_with_lines(HISTORY_ON_PROFILE + 1, shared=True)
    login_as("coach_b")
    profile = client.get(f"/candidates/{candidate.id}")
    assert profile.status_code == 200  # shared: the profile, read-only
    assert "Toon de hele geschiedenis" not in text(profile)
    assert 'id="history-heading"' not in text(profile)
    assert client.get(f"/candidates/{candidate.id}/history").status_code == 404
    assert _views(candidate.id) == ["shared_profile"]


def test_the_history_of_an_unknown_or_erased_candidate_is_not_found(
        app, client, login_as, candidate_with_lines):
    from marketplace.candidates import erasure

    candidate = candidate_with_lines(FIRST_LINES + 1)
    login_as("coach_a")
    assert client.get("/candidates/999999/history").status_code == 404
    with app.test_request_context():
        erasure.erase_candidate(db.session.merge(candidate), reason="request")
        db.session.commit()
    assert client.get(f"/candidates/{candidate.id}/history").status_code == 404


def test_the_export_still_has_the_whole_trail_oldest_first(
        client, login_as, candidate_with_lines):
    candidate = candidate_with_lines(HISTORY_ON_PROFILE + 5)
    login_as("coach_a")
    client.get(f"/candidates/{candidate.id}")
    trail = client.get(f"/candidates/{candidate.id}/export.json").get_json()["audit_trail"]
    actions = [row["action"] for row in trail]
    assert actions[:2] == ["candidate_created", "consent_given"]
    assert actions.count("candidate_changed") == HISTORY_ON_PROFILE + 5 - FIRST_LINES
    assert actions[-2:] == ["candidate_viewed", "candidate_exported"]
