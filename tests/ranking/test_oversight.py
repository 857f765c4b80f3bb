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
from marketplace.ranking.oversight import enrolment_origins, proposal_origins, top_dismissals
from marketplace.suggestions.models import SuggestionList
from marketplace.suggestions.operations import (
    dismiss_suggestion,
    log_suggestion_list,
    restore_suggestion,
)
from marketplace.suggestions.ranking import Entry, SuggestionResult
from marketplace.tryouts.models import TryoutEnrolment
from marketplace.tryouts.operations import cancel_enrolment
from tests.factories import (
    make_candidate,
    make_enrolment,
    make_opportunity,
    make_proposal,
    make_tryout,
)

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


@pytest.fixture
def enrolments(users, organisations):
    """Try-out enrolments of coach A from ranks 1, 3 (cancelled since) and 12 of a
    ranked list, from an unranked list, one not from a suggestion and one from rank 2
    long ago; coach B (partner B) one from the top of their own list."""
    coach_a, coach_b = users["coach_a"], users["coach_b"]
    tryout = make_tryout(organisations["employer_a"], places=20, commit=True)
    other = make_tryout(organisations["employer_a"], places=20, commit=True)
    people = [make_candidate(coach_a, pseudonym=f"Kandidaat {k}", commit=True)
              for k in range(12)]
    ranked = _shown(coach_a, tryout, people)
    for rank in (1, 3, 12):
        make_enrolment(coach_a, people[rank - 1], tryout,
                       suggestion_entry_id=ranked.entries[rank - 1].id, commit=True)
    third = db.session.scalars(db.select(TryoutEnrolment).where(
        TryoutEnrolment.candidate_id == people[2].id)).one()
    cancel_enrolment(third, by=coach_a, expected_version=third.version)
    unranked = _shown(coach_a, other, people[:2], ranked=False)
    make_enrolment(coach_a, people[0], other, suggestion_entry_id=unranked.entries[0].id)
    make_enrolment(coach_a, people[3], tryout)
    old = make_enrolment(coach_a, people[1], tryout,
                         suggestion_entry_id=ranked.entries[1].id)
    db.session.execute(update(TryoutEnrolment).where(TryoutEnrolment.id == old.id)
                       .values(created_at=LONG_AGO))
    theirs = make_candidate(coach_b, pseudonym="Kandidaat B", commit=True)
    shown_b = _shown(coach_b, tryout, [theirs])
    make_enrolment(coach_b, theirs, tryout, suggestion_entry_id=shown_b.entries[0].id)
    db.session.commit()
    return organisations


def test_enrolments_are_counted_by_the_rank_they_were_made_from(enrolments):
    origins = enrolment_origins(_period())
    assert origins.total == 6
    assert origins.counts == {"rank_1": 2, "rank_2_3": 1, "below_10": 1, "unranked": 1,
                              "not_suggested": 1}
    # Counted apart: the proposals' figures keep their meaning.
    assert proposal_origins(_period()).total == 0
    assert enrolment_origins(_period(date(2020, 1, 1))).counts["rank_2_3"] == 2


def test_enrolments_are_counted_for_the_coaches_of_one_partner(enrolments):
    mine = enrolment_origins(_period(), enrolments["partner_a"].id)
    assert mine.total == 5 and mine.counts["rank_1"] == 1
    theirs = enrolment_origins(_period(), enrolments["partner_b"].id)
    assert (theirs.total, theirs.counts) == (1, {"rank_1": 1})


def test_the_ranking_page_shows_where_enrolments_come_from(login_as, enrolments):
    client = login_as("admin")
    html = client.get("/admin/ranking/").get_data(as_text=True)
    assert "Waar de inschrijvingen voor proefsessies van de periode vandaan komen" in html
    assert "Ingeschreven vanuit" in html
    assert '<td class="number">6</td>' in _row(html, "Alle inschrijvingen voor proefsessies")
    assert '<td class="number">0</td>' in _row(html, "Alle voorstellen")
    assert "Een geannuleerde inschrijving telt ook mee" in html
    fairness = client.get("/admin/ranking/fairness").get_data(as_text=True)
    row = _row(fairness, "Inschrijvingen voor proefsessies van onder suggestie 10")
    assert '<td class="number">1</td>' in row
    client.post("/language", data={"locale": "en", "next": "/"})
    html = client.get("/admin/ranking/").get_data(as_text=True)
    assert "Where the try-out enrolments of the period come from" in html
    assert '<td class="number">6</td>' in _row(html, "All try-out enrolments")
