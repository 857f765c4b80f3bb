"""Where names repeat on a list, each gets a second detail that tells them apart:
candidates by postcode, age band (their own coach only) and the day they were added;
opportunities by employer, postcode and closing date."""

from __future__ import annotations

from datetime import date

from marketplace.candidates.identity import age_band, repeated
from marketplace.extensions import db
from tests.factories import FORKLIFT, make_candidate, make_opportunity, make_proposal


def test_repeated_finds_names_that_occur_more_than_once():
    assert repeated(["Fatoumata", "Samir", "Fatoumata", None, ""]) == {"Fatoumata"}
    assert repeated([]) == set()


def test_age_bands_are_ten_years_wide():
    today = date(2026, 12, 4)
    assert age_band(2000, today) == "25-34"
    assert age_band(1991, today) == "35-44"
    assert age_band(2010, today) == "15-24"
    assert age_band(None, today) is None
    assert age_band(2030, today) is None


def _caseload_row(html: str, marker: str) -> str:
    return html.split(marker, 1)[1].split("</th>", 1)[0]


def test_three_fatoumatas_on_the_caseload_get_a_second_detail(login_as, users):
    make_candidate(users["coach_a"], pseudonym="Fatoumata", postcode="2060", birth_year=1998)
    make_candidate(users["coach_a"], pseudonym="Fatoumata", postcode="2100", birth_year=1980)
    make_candidate(users["coach_a"], pseudonym="Samir", postcode="2000", commit=True)
    html = login_as("coach_a").get("/candidates/").get_data(as_text=True)
    details = html.count('class="second-detail"')
    assert details == 2  # the two Fatoumatas, not Samir
    assert "2060 · 25-34 jaar · toegevoegd" in html
    assert "2100 · 45-54 jaar · toegevoegd" in html


def test_another_coach_never_sees_the_age_band(login_as, users):
    for postcode in ("2060", "2100"):
        make_candidate(users["coach_b"], pseudonym="Fatoumata", postcode=postcode,
                       birth_year=1998, shared=True)
    db.session.commit()
    html = login_as("coach_a").get("/candidates/?scope=shared").get_data(as_text=True)
    assert "2060 · toegevoegd" in html and "jaar" not in html.split("<tbody>", 1)[1]


def test_same_titles_on_the_employers_list_show_place_and_closing_date(login_as, organisations):
    employer = organisations["employer_a"]
    make_opportunity(employer, title="Magazijnier", postcode="2030", closes_on=date(2027, 3, 1))
    make_opportunity(employer, title="Magazijnier", postcode="2100")
    make_opportunity(employer, title="Kok")
    db.session.commit()
    html = login_as("employer_a").get("/opportunities/").get_data(as_text=True)
    assert "2030 · sluit 1 mrt. 2027" in html
    assert html.count('class="second-detail"') == 2


def test_the_coaches_proposals_tell_same_titles_apart(login_as, users, organisations):
    employer = organisations["employer_a"]
    first = make_opportunity(employer, title="Magazijnier", postcode="2030")
    second = make_opportunity(employer, title="Magazijnier", postcode="2100")
    person = make_candidate(users["coach_a"], pseudonym="Amal")
    make_proposal(users["coach_a"], person, first)
    make_proposal(users["coach_a"], person, second)
    db.session.commit()
    html = login_as("coach_a").get("/proposals/").get_data(as_text=True)
    assert '<span class="second-detail" translate="no">2030 · sluit ' in html
    assert '<span class="second-detail" translate="no">2100 · sluit ' in html


def test_suggested_and_near_miss_namesakes_get_a_second_detail(login_as, users, organisations):
    opportunity = make_opportunity(organisations["employer_a"], occupation_uri=FORKLIFT)
    for postcode, year in (("2060", 1998), ("2100", 1980)):
        make_candidate(users["coach_a"], pseudonym="Fatoumata", postcode=postcode,
                       birth_year=year, wishes=[FORKLIFT])
    for postcode in ("2000", "2018"):  # no Dutch at all: each misses one requirement
        make_candidate(users["coach_a"], pseudonym="Yonas", postcode=postcode,
                       dutch_level="none", wishes=[FORKLIFT])
    db.session.commit()
    client = login_as("coach_a")
    html = client.get(f"/suggestions/opportunities/{opportunity.id}").get_data(as_text=True)
    assert "2060 · 25-34 jaar · toegevoegd" in html
    near = client.get(f"/suggestions/opportunities/{opportunity.id}?near=1").get_data(
        as_text=True)
    assert "2018 · toegevoegd" in near and "2000 · toegevoegd" in near


def test_the_employers_waiting_list_tells_namesakes_apart_by_who_proposed_them(
        login_as, users, organisations):
    employer = organisations["employer_a"]
    first = make_opportunity(employer, title="Magazijnier", postcode="2030",
                             closes_on=date(2027, 3, 1))
    second = make_opportunity(employer, title="Magazijnier", postcode="2100")
    for coach, opportunity, postcode in (("coach_a", first, "2660"), ("coach_b", second, "2170")):
        person = make_candidate(users[coach], pseudonym="Fatoumata", postcode=postcode,
                                birth_year=1990)
        make_proposal(users[coach], person, opportunity)
    db.session.commit()
    html = login_as("employer_a").get("/proposals/waiting").get_data(as_text=True)
    rows = html.split("<tbody", 1)[1]
    for coach, partner in (("coach_a", "partner_a"), ("coach_b", "partner_b")):
        assert (f'voorgesteld door <span translate="no">{users[coach].name}</span> '
                f'(<span translate="no">{organisations[partner].name}</span>)') in rows
    assert "2030 · sluit 1 mrt. 2027" in rows
    # The employer never sees where the candidates live nor their age.
    assert "2660" not in rows and "2170" not in rows and "jaar" not in rows
