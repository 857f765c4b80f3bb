"""The fairness report on a small world with known rates: exact counts from the
database, the published (protected) figures, the four-fifths flag, skew@10, the hidden
small group, the partner filter with a bad value, and the CSV download."""

from __future__ import annotations

import math
import re
from datetime import date

import pytest

from marketplace.extensions import db
from marketplace.insights.protection import HIDDEN_TEXT
from marketplace.insights.queries import InsightFilters
from marketplace.proposals.operations import answer_proposal
from marketplace.ranking.fairness import fairness_report
from marketplace.ranking.queries import fairness_counts
from marketplace.suggestions.operations import log_suggestion_list
from marketplace.suggestions.ranking import Entry, SuggestionResult
from tests.factories import make_candidate, make_opportunity, make_proposal

PERIOD = InsightFilters(start=date(2000, 1, 1), end=date(2099, 12, 31))


def _show(coach, opportunity, people):
    result = SuggestionResult(
        ranked=True, scorer_version="cold-start-1",
        entries=[Entry(p.id, opportunity.id, score=1.0 - k / 100, features=[0.5] * 10)
                 for k, p in enumerate(people)],
    )
    return log_suggestion_list(coach, result, opportunity_id=opportunity.id)


@pytest.fixture
def world(users, organisations):
    """Partner A: 10 women (Arabic B2, born 1990), 10 men (no other language, born
    1980), 2 non-binary people. Men fill a top 10 and all are proposed; 5 women stand in
    a top 10 and are proposed; 5 of each are invited; nobody is hired. Partner B: 5
    women."""
    coach = users["coach_a"]
    women = [make_candidate(coach, pseudonym=f"Vrouw {k}", gender="woman", birth_year=1990,
                            languages={"ar": "B2", "en": "A1"}) for k in range(10)]
    men = [make_candidate(coach, pseudonym=f"Man {k}", gender="man", birth_year=1980)
           for k in range(10)]
    for k in range(2):
        make_candidate(coach, pseudonym=f"X {k}", gender="non_binary", birth_year=2000)
    for k in range(5):
        make_candidate(users["coach_b"], pseudonym=f"B {k}", gender="woman", birth_year=1990)
    opportunity = make_opportunity(organisations["employer_a"], places=30)
    _show(coach, opportunity, men)
    _show(coach, opportunity, women[:5])
    proposals = [make_proposal(coach, person, opportunity) for person in men + women[:5]]
    for proposal in proposals[:5] + proposals[10:]:
        answer_proposal(proposal, "invite", by=users["employer_a"],
                        expected_version=proposal.version)
    db.session.commit()
    return organisations["partner_a"]


def _by_key(report, dimension):
    table = next(table for table in report if table.dimension == dimension)
    return {group.key: group for group in table.rows}


def test_counts_come_exactly_from_the_database(app_ctx, world):
    rows = [r for r in fairness_counts(PERIOD, world.id) if r.gender == "woman"]
    assert sum(r.eligible for r in rows) == 10
    assert sum(r.top10 for r in rows) == 5
    assert sum(r.top10_places for r in rows) == 5
    assert sum(r.proposed for r in rows) == 5
    assert sum(r.invited for r in rows) == 5
    assert sum(r.hired for r in rows) == 0
    men = [r for r in fairness_counts(PERIOD, world.id) if r.gender == "man"]
    assert (sum(r.top10 for r in men), sum(r.proposed for r in men),
            sum(r.invited for r in men)) == (10, 10, 5)


def test_rates_ratios_and_the_four_fifths_flag(app_ctx, world):
    groups = _by_key(fairness_report(fairness_counts(PERIOD, world.id), PERIOD.end), "gender")
    women, men = groups["woman"], groups["man"]
    assert women.rates["top10"] == 0.5 and men.rates["top10"] == 1.0
    assert women.ratios["top10"] == 0.5 and women.flagged("top10")
    assert not men.flagged("top10")
    assert women.ratios["invited"] == 1.0 and not women.flagged("invited")
    assert women.ratios["hired"] is None  # nobody hired: no best group to compare with


def test_skew_at_ten_compares_top_places_with_the_group_size(app_ctx, world):
    groups = _by_key(fairness_report(fairness_counts(PERIOD, world.id), PERIOD.end), "gender")
    assert groups["woman"].skew == pytest.approx(math.log((5 / 15) / (10 / 20)))
    assert groups["man"].skew == pytest.approx(math.log((10 / 15) / (10 / 20)))


def test_a_group_under_five_people_is_hidden_with_no_rates(app_ctx, world):
    groups = _by_key(fairness_report(fairness_counts(PERIOD, world.id), PERIOD.end), "gender")
    small = groups["non_binary"]
    assert small.eligible.hidden and all(f.hidden for f in small.counts.values())
    assert all(small.ratios[stage] is None for stage in small.ratios)
    assert small.skew is None
    # Zeros beside a hidden count are hidden too (nobody of the column was hired).
    assert groups["woman"].counts["hired"].hidden


def test_age_band_and_first_language_groups(app_ctx, world):
    filters = InsightFilters(start=date(2000, 1, 1), end=date(2026, 12, 31))
    report = fairness_report(fairness_counts(filters, world.id), filters.end)
    ages = _by_key(report, "age_band")
    assert ages["35-44"].eligible.value == 10 and ages["45-54"].eligible.value == 10
    languages = _by_key(report, "first_language")
    assert languages["ar"].eligible.value == 10  # Arabic B2 beats English A1
    assert languages[""].eligible.value == 10


def test_the_partner_filter_leaves_other_partners_out(app_ctx, world):
    everyone = _by_key(fairness_report(fairness_counts(PERIOD, None), PERIOD.end), "gender")
    assert everyone["woman"].eligible.value == 15


def test_admin_sees_the_report_with_the_flag_in_dutch(client, login_as, world):
    login_as("admin")
    page = client.get(f"/admin/ranking/fairness?organisation={world.id}"
                      ).get_data(as_text=True)
    assert "Eerlijkheidsrapport" in page
    assert "onder 4/5" in page
    assert HIDDEN_TEXT.replace("<", "&lt;") in page


def test_a_bad_partner_gets_a_message_by_its_field(client, login_as, world):
    login_as("admin")
    response = client.get("/admin/ranking/fairness?organisation=%3Cscript%3E")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kies een partnerorganisatie uit de lijst." in page
    assert "<script>" not in page


def test_the_csv_has_the_page_figures_with_dutch_separators(client, login_as, world):
    login_as("admin")
    response = client.get(f"/admin/ranking/fairness.csv?organisation={world.id}"
                          )
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Kenmerk;Groep;")
    woman = next(line for line in lines if line.split(";")[1] == "Vrouw")
    assert "onder 4/5" in woman and "0,50" in woman
    assert any(line.split(";")[1] == "Non-binair (X)" and line.split(";")[2] == HIDDEN_TEXT
               for line in lines)


def test_the_tables_name_their_characteristic_as_written_and_skew_in_words(client, login_as,
                                                                           world):
    """A caption keeps "Nederlands" capitalised; the skew column says in words what it
    counts, with the technical name in brackets (the page and the CSV)."""
    login_as("admin")
    page = client.get(f"/admin/ranking/fairness?organisation={world.id}").get_data(as_text=True)
    assert re.search(r'<caption id="[\w-]+">Niveau Nederlands: selectie per groep<', page)
    assert "niveau nederlands" not in page
    assert '<th scope="col" class="number">Top 10 tegenover grootte (skew@10)</th>' in page
    assert ">skew@10<" not in page
    csv_text = client.get(f"/admin/ranking/fairness.csv?organisation={world.id}").get_data(
        as_text=True)
    assert csv_text.splitlines()[0].endswith(";Top 10 tegenover grootte (skew@10)")
    client.post("/language", data={"locale": "en", "next": "/"})
    page = client.get(f"/admin/ranking/fairness?organisation={world.id}").get_data(as_text=True)
    assert re.search(r'<caption id="[\w-]+">Dutch level: selection by group<', page)
    assert ">Top 10 compared with size (skew@10)</th>" in page
