"""The coach's proposal pages and the employer's inbox and answer form."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from marketplace.candidates.operations import ExperienceEntry, withdraw_consent
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.proposals import operations
from marketplace.proposals.models import Proposal
from tests.factories import FORKLIFT, make_candidate, make_proposal, make_user, occupation_id
from tests.proposals.conftest import counts, statements_of


def _propose_form(opportunity, **overrides):
    data = {"opportunity": str(opportunity.id), "motivation": "Sterk in logistiek.",
            "candidate_agreed": "y", "candidate_agreed_on": "2026-01-06"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_coach_proposes_from_the_candidate_page_and_follows_it(client, login_as, users,
                                                                opportunity):
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    login_as("coach_a")
    profile = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert f"/proposals/candidates/{candidate.id}/propose" in profile
    form = client.get(f"/proposals/candidates/{candidate.id}/propose",
                      query_string={"opportunity_id": opportunity.id})
    assert f'<option selected value="{opportunity.id}">' in form.get_data(as_text=True)
    assert f'value="{local_today().isoformat()}"' in form.get_data(as_text=True)  # agreed today
    # Jobs with the same title are told apart by employer, place and closing date.
    assert f"Heftruckchauffeur · {opportunity.organisation.name} · {opportunity.postcode} · sluit" \
        in form.get_data(as_text=True)
    response = client.post(f"/proposals/candidates/{candidate.id}/propose",
                           data=_propose_form(opportunity))
    assert response.status_code == 302
    page = client.get("/proposals/").get_data(as_text=True)
    assert "Amal" in page and "Heftruckchauffeur" in page and "Voorgesteld" in page


def test_the_propose_form_shows_errors_and_keeps_what_was_typed(client, login_as, users,
                                                               opportunity):
    candidate = make_candidate(users["coach_a"], commit=True)
    login_as("coach_a")
    before = counts()
    response = client.post(f"/proposals/candidates/{candidate.id}/propose",
                           data=_propose_form(opportunity, candidate_agreed=None,
                                              motivation="<script>alert(1)</script>",
                                              candidate_agreed_on="morgen"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bevestig dat de kandidaat eerst akkoord ging." in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert counts() == before


def test_a_refused_proposal_says_why_and_writes_nothing(client, login_as, users, opportunity):
    candidate = make_candidate(users["coach_a"], consent=False, commit=True)
    login_as("coach_a")
    before = counts()
    response = client.post(f"/proposals/candidates/{candidate.id}/propose",
                           data=_propose_form(opportunity))
    assert response.status_code == 409
    assert "geen actieve toestemming" in response.get_data(as_text=True)
    assert counts() == before


def test_proposing_twice_gets_a_clear_message(client, login_as, users, opportunity):
    candidate = make_candidate(users["coach_a"], commit=True)
    login_as("coach_a")
    client.post(f"/proposals/candidates/{candidate.id}/propose", data=_propose_form(opportunity))
    response = client.post(f"/proposals/candidates/{candidate.id}/propose",
                           data=_propose_form(opportunity))
    assert response.status_code == 409
    assert "al voorgesteld" in response.get_data(as_text=True)
    assert counts()[0] == 1


CANARIES = {
    "email": "canary-mail@example.org", "phone": "+32 499 99 88 77", "postcode": "2180",
    "coach_note": "CANARY-NOTE-7731", "gender": "non_binary", "birth_year": 1977,
}


def test_the_employer_never_sees_contact_details_address_gender_birth_year_or_notes(
    client, login_as, users, opportunity
):
    candidate = make_candidate(users["coach_a"], pseudonym="Kidane", **CANARIES, commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity,
                             motivation="Rijdt al jaren heftruck.")
    db.session.commit()
    login_as("employer_a")
    pages = [client.get(f"/proposals/opportunities/{opportunity.id}"),
             client.get(f"/proposals/{proposal.id}/answer"),
             client.get("/opportunities/"),
             client.get(f"/opportunities/{opportunity.id}")]
    seen = "".join(page.get_data(as_text=True) for page in pages)
    assert all(page.status_code == 200 for page in pages)
    assert "Kidane" in seen and "Rijdt al jaren heftruck." in seen
    assert users["coach_a"].name in seen
    for value in ("canary-mail@example.org", "+32 499 99 88 77", "2180", "Ekeren",
                  "CANARY-NOTE-7731", "1977", "Non-binair", "Non-binary"):
        assert value not in seen, value


def test_the_employer_answers_and_is_asked_to_mark_a_full_opportunity_filled(
    client, login_as, users, opportunity
):
    candidate = make_candidate(users["coach_a"], commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity, motivation="Goed.")
    db.session.commit()
    login_as("employer_a")
    listing = client.get("/opportunities/").get_data(as_text=True)
    assert "Voorgesteld: 1" in listing
    response = client.post(f"/proposals/{proposal.id}/answer",
                           data={"answer": "hire", "version": proposal.version})
    assert response.status_code == 302
    inbox = client.get(f"/proposals/opportunities/{opportunity.id}").get_data(as_text=True)
    assert "Alle plaatsen zijn ingevuld" in inbox
    assert 'name="action" value="fill"' in inbox
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).state == "hired"


def test_the_answer_form_needs_a_reason_to_decline_and_keeps_the_note(client, login_as, users,
                                                                     opportunity):
    candidate = make_candidate(users["coach_a"], commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity, motivation="Goed.")
    db.session.commit()
    login_as("employer_a")
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    response = client.post(f"/proposals/{proposal.id}/answer", data={
        "answer": "decline", "version": proposal.version, "interview_date": yesterday,
        "decline_note": "<b>nee</b>"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kies waarom je afwijst." in html
    # The interview's fields count only for an invitation.
    assert "Deze datum ligt in het verleden." not in html
    assert "&lt;b&gt;nee&lt;/b&gt;" in html
    assert db.session.get(Proposal, proposal.id).state == "proposed"


def test_answering_a_withdrawn_proposal_gets_a_clear_message(client, login_as, users,
                                                             opportunity):
    candidate = make_candidate(users["coach_a"], commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity, motivation="Goed.")
    db.session.commit()
    withdraw_consent(candidate, withdrawn_on=date(2026, 2, 1), recorded_by=users["coach_a"])
    db.session.commit()
    login_as("employer_a")
    response = client.post(f"/proposals/{proposal.id}/answer",
                           data={"answer": "hire", "version": proposal.version},
                           follow_redirects=True)
    assert "Dit voorstel werd ingetrokken" in response.get_data(as_text=True)
    assert db.session.scalar(select(Proposal.state)) == "withdrawn"


def test_the_employer_reads_years_of_experience_as_their_language_writes_numbers(
    client, login_as, users, opportunity
):
    forklift = occupation_id(FORKLIFT)
    candidate = make_candidate(users["coach_a"], experiences=[
        ExperienceEntry(forklift, "heftruck", 1.5, "BE"),
        ExperienceEntry(forklift, "magazijn", 4.0, "SY"),
    ], commit=True)
    make_proposal(users["coach_a"], candidate, opportunity, motivation="Goed.")
    db.session.commit()
    login_as("employer_a")
    inbox = f"/proposals/opportunities/{opportunity.id}"
    dutch = client.get(inbox).get_data(as_text=True)
    assert "(4 jaar)" in dutch and "(1,5 jaar)" in dutch
    assert "4.0" not in dutch and "1.5" not in dutch
    client.post("/language", data={"locale": "en"})
    english = client.get(inbox).get_data(as_text=True)
    assert "(4 years)" in english and "(1.5 years)" in english


def test_the_coachs_proposals_link_to_the_candidates_they_still_keep(
    client, login_as, users, opportunity
):
    from marketplace.candidates.operations import hand_over_candidate

    kept = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    handed_over = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    for candidate in (kept, handed_over):
        make_proposal(users["coach_a"], candidate, opportunity, motivation="Goed.")
    hand_over_candidate(handed_over, to_coach=users["coach_b"], note=None)
    db.session.commit()
    login_as("coach_a")
    page = client.get("/proposals/").get_data(as_text=True)
    assert (f'<a href="/candidates/{kept.id}" translate="no">Amal</a>') in page
    assert f'href="/candidates/{handed_over.id}"' not in page  # no longer theirs: a 404
    assert '<span translate="no">Yonas</span>' in page


def test_hiring_on_a_full_opportunity_gets_a_clear_message(client, login_as, users,
                                                           opportunity):
    first, second = (
        make_proposal(users["coach_a"], make_candidate(users["coach_a"], commit=True), opportunity,
                      motivation="Goed.")
        for _ in range(2))
    db.session.commit()
    operations.answer_proposal(first, "hire", by=users["employer_a"],
                               expected_version=first.version)
    db.session.commit()
    login_as("employer_a")
    response = client.post(f"/proposals/{second.id}/answer",
                           data={"answer": "hire", "version": second.version},
                           follow_redirects=True)
    assert "Alle plaatsen van dit aanbod zijn al ingevuld." in (
        response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Proposal, second.id).state == "proposed"


def test_the_profile_lists_the_candidates_proposals_with_their_state(
    app, client, login_as, users, opportunity
):
    from marketplace.candidates.operations import hand_over_candidate
    from tests.conftest import login

    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    login_as("coach_a")
    assert "Nog niet aan een organisatie voorgesteld." in client.get(
        f"/candidates/{candidate.id}").get_data(as_text=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity, motivation="Goed.")
    db.session.commit()
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert f'href="/proposals/{proposal.id}"' in page
    assert "Voorgesteld" in page and "voorgesteld op" in page
    # The next coach sees the proposal and its state, but not the first coach's page.
    hand_over_candidate(candidate, to_coach=users["coach_b"], note=None)
    db.session.commit()
    next_coach = app.test_client()
    login(next_coach, "coach_b")
    page = next_coach.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert opportunity.title in page and f'href="/proposals/{proposal.id}"' not in page


def test_the_inbox_reads_the_same_number_of_statements_for_one_proposal_or_four(
    client, login_as, users, organisations, opportunity
):
    from sqlalchemy import event

    def statements_of_the_inbox() -> int:
        seen = []

        def count(*_args):
            seen.append(1)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get(f"/proposals/opportunities/{opportunity.id}").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(seen)

    def propose(name, coach):
        candidate = make_candidate(coach, pseudonym=name, commit=True)
        make_proposal(coach, candidate, opportunity, motivation="Past goed.")
        db.session.commit()

    propose("Amal", users["coach_a"])
    login_as("employer_a")
    one = statements_of_the_inbox()
    # Each by another coach: the page names them, read in one statement, not one each.
    for name, coach in (("Bilal", users["coach_b"]),
                        ("Chiara", make_user(organisations["partner_a"], commit=True)),
                        ("Dawit", make_user(organisations["partner_b"], commit=True))):
        propose(name, coach)
    assert statements_of_the_inbox() == one


def test_the_inbox_reads_only_the_columns_it_shows_of_the_opportunity(
    client, login_as, users, opportunity
):
    candidate = make_candidate(users["coach_a"], pseudonym="Amal", commit=True)
    make_proposal(users["coach_a"], candidate, opportunity)
    db.session.commit()
    login_as("employer_a")
    db.session.expire_all()
    seen = statements_of(client, f"/proposals/opportunities/{opportunity.id}")
    (heading,) = [s for s in seen if s.startswith("SELECT opportunity.")]
    assert "opportunity.description" not in heading and " JOIN " not in heading
    assert not [s for s in seen if "FROM occupation" in s or "FROM postcode" in s]
    page = client.get(f"/proposals/opportunities/{opportunity.id}").get_data(as_text=True)
    assert opportunity.title in page and "Amal" in page


def test_the_inbox_rows_show_what_employer_view_shows_of_each_proposal(
    app, users, organisations, opportunity
):
    from marketplace.candidates.vocabularies import DayPart
    from marketplace.proposals import employer_views
    from marketplace.taxonomy.models import Skill
    from tests.factories import TEAMWORK, WAREHOUSE, make_opportunity

    coach = users["coach_a"]
    teamwork = db.session.scalar(select(Skill.id).where(Skill.uri == TEAMWORK))
    amal = make_candidate(
        coach, pseudonym="Amal", languages={"ar": "C2", "en": "B1"},
        skills=frozenset({teamwork}), available_from=date(2026, 9, 1),
        day_parts=frozenset({DayPart.MORNINGS, DayPart.WEEKENDS}),
        experiences=[ExperienceEntry(occupation_id(FORKLIFT), None, 1.5, "SY"),
                     ExperienceEntry(occupation_id(WAREHOUSE), "Magazijn", 4, "BE")])
    make_proposal(coach, amal, opportunity, motivation="Past goed.")
    bilal = make_candidate(coach, pseudonym="Bilal", experience=[FORKLIFT])
    make_proposal(users["coach_b"], bilal, opportunity)  # then withdrawn
    chadia = make_candidate(coach, pseudonym="Chadia")
    make_proposal(coach, chadia, opportunity)  # then placed elsewhere
    other = make_proposal(coach, chadia, make_opportunity(organisations["employer_a"]))
    db.session.flush()
    withdraw_consent(bilal, withdrawn_on=local_today(), recorded_by=coach)
    operations.answer_proposal(other, "hire", by=users["employer_a"],
                               expected_version=other.version)
    db.session.flush()
    proposals = db.session.scalars(
        select(Proposal).where(Proposal.opportunity_id == opportunity.id)
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())).all()
    for locale in ("nl", "en"):
        with app.test_request_context():  # the day parts' labels
            views, _waiting = employer_views.inbox(opportunity, locale)
            assert views == [employer_views.employer_view(p, locale) for p in proposals]
            assert views == [employer_views.answer_view(p, locale)[0] for p in proposals]
        assert [(v.pseudonym, v.state, v.placed_elsewhere) for v in views] == [
            ("Chadia", "proposed", True), (None, "withdrawn", False), ("Amal", "proposed", False)]
        # Placed by the same employer (another of its opportunities): said so.
        assert [v.placed_by_same_employer for v in views] == [True, False, False]
        assert [years for _label, years in views[2].experience] == [4, 1.5]
        assert len(views[2].languages) == 2 and len(views[2].skills) == 1
        assert len(views[2].day_parts) == 2
