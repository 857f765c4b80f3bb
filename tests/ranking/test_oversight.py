"""The blind-trust figures on the ranking page, from hand-made suggestion logs (written
through the real operations) with exact counts; and the one menu entry "Ranking"."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import update

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.insights.queries import InsightFilters
from marketplace.proposals.models import Proposal
from marketplace.ranking.oversight import proposal_origins, top_dismissals
from marketplace.suggestions.models import SuggestionList
from marketplace.suggestions.operations import (
    dismiss_suggestion,
    log_suggestion_list,
    restore_suggestion,
)
from marketplace.suggestions.ranking import Entry, SuggestionResult
from tests.factories import make_candidate, make_opportunity, make_proposal

LONG_AGO = datetime(2020, 3, 1, 12, tzinfo=UTC)


def _shown(coach, opportunity, candidates, *, ranked: bool = True) -> SuggestionList:
    result = SuggestionResult(
        ranked=ranked, scorer_version="cold-start-1" if ranked else "unranked",
        entries=[Entry(c.id, opportunity.id, score=1.0 - k / 100 if ranked else None,
                       features=[0.5] * 10 if ranked else None)
                 for k, c in enumerate(candidates)],
    )
    shown = log_suggestion_list(coach, result, opportunity_id=opportunity.id)
    db.session.commit()
    return shown


def _propose(coach, candidate, opportunity, entry=None) -> Proposal:
    return make_proposal(coach, candidate, opportunity, motivation="Past goed.",
                         suggestion_entry_id=entry.id if entry else None, commit=True)


@pytest.fixture
def logs(users, organisations):
    """Proposals from ranks 1, 3, 5, 11 (list 1) and 1, 2 (list 2), from an unranked
    list, one not from a suggestion, and one from rank 4 long ago. Ranked lists in the
    period with a top entry: 1, 2, 4 (top dismissed, later restored), 5 (rank 2
    dismissed); besides an unranked list, an empty ranked list, and a list long ago
    with its top dismissed."""
    coach = users["coach_a"]
    employer = organisations["employer_a"]
    people = [make_candidate(coach, pseudonym=f"Kandidaat {k}", commit=True) for k in range(12)]
    first, second, third, fourth = (
        make_opportunity(employer, places=5, commit=True) for _ in range(4)
    )
    list_1 = _shown(coach, first, people)
    for rank in (1, 3, 5, 11):
        _propose(coach, people[rank - 1], first, list_1.entries[rank - 1])
    list_2 = _shown(coach, second, people)
    for rank in (1, 2):
        _propose(coach, people[rank - 1], second, list_2.entries[rank - 1])
    old = _propose(coach, people[3], second, list_2.entries[3])
    db.session.execute(update(Proposal).where(Proposal.id == old.id)
                       .values(created_at=LONG_AGO))
    unranked = _shown(coach, third, people[:3], ranked=False)
    _propose(coach, people[0], third, unranked.entries[0])
    _propose(coach, people[1], third)
    list_4 = _shown(coach, fourth, people[:5])
    dismissal = dismiss_suggestion(list_4.entries[0], coach, reason="other")
    restore_suggestion(dismissal, by=coach)
    list_5 = _shown(coach, fourth, people[:5])
    dismiss_suggestion(list_5.entries[1], coach, reason="other")
    _shown(coach, fourth, [])
    list_6 = _shown(coach, fourth, people[5:8])
    dismiss_suggestion(list_6.entries[0], coach, reason="other")
    db.session.execute(update(SuggestionList).where(SuggestionList.id == list_6.id)
                       .values(shown_at=LONG_AGO))
    db.session.commit()


def _period(start: date = date(2021, 1, 1)) -> InsightFilters:
    return InsightFilters(start=start, end=local_today())


def test_proposals_are_counted_by_the_rank_they_were_made_from(logs):
    origins = proposal_origins(_period())
    assert origins.total == 8
    assert origins.counts == {"rank_1": 2, "rank_2_3": 2, "rank_4_10": 1, "below_10": 1,
                              "unranked": 1, "not_suggested": 1}
    shares = {origin: share.share for origin, share in origins.shares()}
    assert shares == {"rank_1": 0.25, "rank_2_3": 0.25, "rank_4_10": 0.125,
                      "below_10": 0.125, "unranked": 0.125, "not_suggested": 0.125}


def test_a_longer_period_takes_in_the_old_proposal_and_list(logs):
    origins = proposal_origins(_period(date(2020, 1, 1)))
    assert origins.total == 9 and origins.counts["rank_4_10"] == 2
    dismissed = top_dismissals(_period(date(2020, 1, 1)))
    assert (dismissed.count, dismissed.total) == (2, 5)


def test_lists_whose_top_suggestion_was_set_aside(logs):
    dismissed = top_dismissals(_period())
    # Lists 1, 2, 4 and 5; only list 4's top was dismissed (restored later: still counted).
    assert (dismissed.count, dismissed.total) == (1, 4)
    assert dismissed.share == 0.25


def test_without_logs_the_shares_are_empty(app_ctx):
    origins = proposal_origins(_period())
    assert origins.total == 0
    assert all(share.share is None for _origin, share in origins.shares())
    assert top_dismissals(_period()).share is None


def _row(html: str, label: str) -> str:
    start = html.index(f'<th scope="row">{label}</th>')
    return html[start:html.index("</tr>", start)]


def test_the_ranking_page_shows_the_figures(login_as, logs):
    html = login_as("admin").get("/admin/ranking/").get_data(as_text=True)
    assert "Blind vertrouwen nagaan" in html
    row = _row(html, "De bovenste suggestie")
    assert '<td class="number">2</td>' in row and "25,0%" in row
    row = _row(html, "Niet vanuit een suggestie")
    assert '<td class="number">1</td>' in row and "12,5%" in row
    assert '<td class="number">8</td>' in _row(html, "Alle voorstellen")
    assert '<td class="number">4</td>' in html and "25,0%" in html


def test_the_ranking_page_in_english(login_as, logs):
    client = login_as("admin")
    client.post("/language", data={"locale": "en", "next": "/"})
    html = client.get("/admin/ranking/").get_data(as_text=True)
    assert "Blind trust check" in html
    assert "25.0%" in _row(html, "The top suggestion")
    assert "12.5%" in _row(html, "Below suggestion 10")


def test_a_bad_period_is_named_next_to_the_field_and_kept(login_as, logs):
    html = login_as("admin").get(
        "/admin/ranking/", query_string={"period_start": "<script>x</script>"}
    ).get_data(as_text=True)
    assert 'aria-invalid="true"' in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x</script>" not in html
    # The figures fall back to the default period (the last twelve months).
    assert '<td class="number">8</td>' in _row(html, "Alle voorstellen")


def test_one_menu_entry_leads_to_the_ranking_and_marks_its_pages(login_as):
    client = login_as("admin")
    html = client.get("/admin/ranking/").get_data(as_text=True)
    assert html.count(">Rangschikking</a>") == 1
    assert 'href="/admin/ranking/" aria-current="page">Rangschikking</a>' in html
    assert 'href="/suggestions/ranking"' in html  # the switch, from the one place
    switch = client.get("/suggestions/ranking").get_data(as_text=True)
    assert 'href="/admin/ranking/" aria-current="page">Rangschikking</a>' in switch


def test_switching_goes_back_to_the_ranking_page(login_as):
    response = login_as("admin").post("/suggestions/ranking",
                                      data={"enabled": "off", "confirm": "y"})
    assert response.headers["Location"].endswith("/admin/ranking/")
    html = login_as("admin").get("/admin/ranking/").get_data(as_text=True)
    assert "De rangschikking staat uit" in html
    assert "Rangschikking aanzetten" in html
