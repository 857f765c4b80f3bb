"""A try-out goes by enrolment: where a suggestion row offers "Propose" for other kinds,
a try-out's row offers "Enrol" (its enrol form with the person chosen), in both
directions, with the same screen-reader labels, and a person enrolled already is
marked so; the try-out's own page offers enrolment and no proposal."""

from __future__ import annotations

from marketplace.extensions import db
from marketplace.tryouts.operations import cancel_enrolment
from tests.factories import make_course, make_enrolment, make_opportunity, make_tryout
from tests.suggestions.conftest import driver, last_list
from tests.suggestions.test_pages import for_opportunity, page

ENROL_LABEL = ('Inschrijven<span class="visually-hidden">: <span translate="no">{name}</span>'
               '</span>')


def test_the_suggestions_for_a_tryout_offer_enrolment_not_a_proposal(
    client, login_as, users, organisations
):
    tryout = make_tryout(organisations["federation"], commit=True)
    amal = driver(users["coach_a"], "Amal")
    chloe = driver(users["coach_b"], "Chloe", shared=True)
    login_as("coach_a")
    html = for_opportunity(client, tryout)
    entry = next(e for e in last_list().entries if e.candidate_id == amal.id)

    # The link carries the suggestion, so the enrolment records it (and its rank).
    assert f'href="/tryouts/{tryout.id}/enrol?candidate={amal.id}&amp;entry={entry.id}"' in html
    assert ENROL_LABEL.format(name="Amal") in html
    assert "/proposals/candidates/" not in html
    assert "Voor een proefsessie schrijf je mensen in, voorstellen kan niet." in html
    assert "Terug naar de proefsessie" in html and "Terug naar de vacature" not in html
    # Setting aside stays as for other kinds; a shared person is their coach's to enrol.
    assert f"/suggestions/entries/{entry.id}/dismiss" in html
    assert f"/tryouts/{tryout.id}/enrol?candidate={chloe.id}" not in html
    assert 'Alleen hun coach kan deze persoon inschrijven: <span translate="no">' in html


def test_the_enrol_link_of_a_suggestion_opens_the_form_with_the_person_chosen(
    client, login_as, users, organisations
):
    tryout = make_tryout(organisations["employer_a"], commit=True)
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    for_opportunity(client, tryout)
    form = page(client, f"/tryouts/{tryout.id}/enrol", candidate=amal.id)
    assert f'<option selected value="{amal.id}">' in form


def test_the_suggestions_for_a_person_offer_enrolment_for_a_tryout_and_proposal_for_a_job(
    client, login_as, users, organisations
):
    job = make_opportunity(organisations["employer_a"], commit=True)
    tryout = make_tryout(organisations["federation"], commit=True)
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    html = page(client, f"/suggestions/candidates/{amal.id}")
    entry = next(e for e in last_list().entries if e.opportunity_id == tryout.id)

    assert f'href="/tryouts/{tryout.id}/enrol?candidate={amal.id}&amp;entry={entry.id}"' in html
    assert ENROL_LABEL.format(name="Proeven van jobs: magazijn") in html
    assert f"opportunity_id={tryout.id}" not in html
    assert f"/proposals/candidates/{amal.id}/propose?opportunity_id={job.id}" in html
    # No notice about try-outs on this page: each row says what it offers.
    assert "Voor een proefsessie schrijf je mensen in" not in html


def test_the_suggestions_for_a_job_still_offer_a_proposal(client, login_as, users,
                                                           organisations):
    job = make_opportunity(organisations["employer_a"], commit=True)
    amal = driver(users["coach_a"], "Amal")
    login_as("coach_a")
    html = for_opportunity(client, job)
    assert f"/proposals/candidates/{amal.id}/propose?opportunity_id={job.id}" in html
    assert "/enrol?candidate=" not in html
    assert "Voor een proefsessie schrijf je mensen in" not in html


def test_the_tryouts_page_offers_enrolment_and_no_proposal(client, login_as, users,
                                                          organisations):
    tryout = make_tryout(organisations["federation"], commit=True)
    driver(users["coach_a"], "Amal")
    login_as("coach_a")
    html = page(client, f"/opportunities/{tryout.id}")
    assert f'href="/tryouts/{tryout.id}/enrol"' in html
    assert f"/suggestions/opportunities/{tryout.id}" in html
    assert "/propose" not in html


def test_a_person_enrolled_already_is_marked_so_instead_of_offered_enrolment_again(
    client, login_as, users, organisations
):
    tryout = make_tryout(organisations["federation"], places=1, commit=True)
    amal = driver(users["coach_a"], "Amal")
    bert = driver(users["coach_a"], "Bert")
    cora = driver(users["coach_a"], "Cora")
    make_enrolment(users["coach_a"], amal, tryout, commit=True)
    make_enrolment(users["coach_a"], bert, tryout, waiting_list=True, commit=True)
    login_as("coach_a")
    html = for_opportunity(client, tryout)
    assert "In deze proefsessie: ingeschreven" in html
    assert "In deze proefsessie: op de wachtlijst" in html
    assert f"/enrol?candidate={amal.id}" not in html
    assert f"/enrol?candidate={bert.id}" not in html
    assert f"/enrol?candidate={cora.id}" in html
    html = page(client, f"/suggestions/candidates/{amal.id}")
    assert "In deze proefsessie: ingeschreven" in html
    assert f"/tryouts/{tryout.id}/enrol" not in html


def test_a_cancelled_enrolment_offers_enrolment_again(client, login_as, users, organisations):
    tryout = make_tryout(organisations["employer_a"], commit=True)
    amal = driver(users["coach_a"], "Amal")
    enrolment = make_enrolment(users["coach_a"], amal, tryout)
    cancel_enrolment(enrolment, by=users["coach_a"], expected_version=enrolment.version)
    db.session.commit()
    login_as("coach_a")
    html = for_opportunity(client, tryout)
    assert f"/tryouts/{tryout.id}/enrol?candidate={amal.id}" in html
    assert "In deze proefsessie:" not in html


def test_the_link_back_names_the_kind_of_opportunity(client, login_as, organisations):
    login_as("employer_a")
    for kind, words, extra in (
            ("job", "Terug naar de job", {}),
            ("internship", "Terug naar de stage", {"internship_weeks": 8}),
            ("volunteering", "Terug naar het vrijwilligerswerk", {})):
        opportunity = make_opportunity(organisations["employer_a"], kind=kind, commit=True,
                                       **extra)
        html = page(client, f"/opportunities/{opportunity.id}/history")
        assert words in html and "vacature" not in html.lower()
    tryout = make_tryout(organisations["employer_a"], commit=True)
    assert "Terug naar de proefsessie" in page(client, f"/opportunities/{tryout.id}/history")
    client.post("/logout")
    course = make_course(organisations["provider"], commit=True)
    login_as("provider")
    assert "Terug naar de opleiding" in page(client, f"/opportunities/{course.id}/history")
