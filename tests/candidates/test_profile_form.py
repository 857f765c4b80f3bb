"""The profile form: creating and changing a candidate, rows added without JavaScript,
bad input with messages next to the fields, and a conflict page for a stale save."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.audit.models import AuditEvent
from marketplace.candidates.models import Candidate
from marketplace.candidates.profile_rows import CandidateSensitive
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.proposals.operations import answer_proposal
from tests.candidates.conftest import text, valid_form
from tests.conftest import login
from tests.factories import (
    FORKLIFT,
    WAREHOUSE,
    make_candidate,
    make_opportunity,
    make_proposal,
)


def _only_candidate() -> Candidate:
    db.session.expire_all()
    return db.session.scalars(select(Candidate)).one()


def test_coach_adds_a_candidate_with_a_full_profile(client, app_ctx, users, login_as):
    login_as("coach_a")
    response = client.post("/candidates/new", data=valid_form())
    candidate = _only_candidate()
    assert response.status_code == 302
    assert response.headers["Location"] == f"/candidates/{candidate.id}/consent"
    assert (candidate.coach_id, candidate.organisation_id) == (
        users["coach_a"].id,
        users["coach_a"].organisation_id,
    )
    assert (candidate.pseudonym, candidate.postcode, candidate.dutch_level) == (
        "Amina",
        "2060",
        "A2",
    )
    assert {(row.language_code, row.level) for row in candidate.languages} == {("ar", "C2")}
    [experience] = candidate.experiences
    assert (experience.occupation.uri, experience.title_as_said) == (WAREHOUSE, "magazijnier")
    assert (experience.years, experience.country) == (3.5, "SY")  # "3,5" with a comma
    assert [row.skill.label_en for row in candidate.skills] == ["work in teams"]
    assert [row.occupation.uri for row in candidate.wished_occupations] == [FORKLIFT]
    assert [row.sector_code for row in candidate.wished_sectors] == ["H"]
    assert (candidate.wishes_job, candidate.wishes_internship, candidate.wishes_volunteering) == (
        True,
        True,
        False,
    )
    assert [str(part) for part in candidate.day_parts] == ["afternoons", "evenings"]
    assert (candidate.max_commute_km, candidate.commute_means, candidate.driving_licence) == (
        12,
        "bike",
        True,
    )
    assert (candidate.sensitive.gender, candidate.sensitive.birth_year) == ("woman", 1994)
    assert not candidate.has_active_consent


def test_experience_is_found_from_the_title_as_the_person_says_it(client, app_ctx, login_as):
    login_as("coach_a")
    data = valid_form(
        **{"experiences-0-occupation": "", "experiences-0-title_as_said": "Heftruckchauffeur"}
    )
    assert client.post("/candidates/new", data=data).status_code == 302
    assert _only_candidate().experiences[0].occupation.uri == FORKLIFT


def test_an_unclear_title_gets_suggestions_and_keeps_what_was_typed(client, app_ctx, login_as):
    login_as("coach_a")
    data = valid_form(**{"experiences-0-occupation": "", "experiences-0-title_as_said": "heftruck"})
    response = client.post("/candidates/new", data=data)
    page = text(response)
    assert response.status_code == 200
    assert "Kies het ESCO-beroep dat het best past. Bedoel je:" in page
    assert "heftruckchauffeur" in page
    assert 'value="heftruck"' in page
    assert db.session.scalar(select(Candidate)) is None


def test_a_row_is_added_without_saving_and_the_typed_text_stays(client, app_ctx, login_as):
    login_as("coach_a")
    response = client.post(
        "/candidates/new", data=valid_form(add_row="languages", pseudonym="Nog niet bewaard")
    )
    page = text(response)
    assert response.status_code == 200
    assert 'name="languages-1-language"' in page
    assert 'value="Nog niet bewaard"' in page
    assert "Kijk het formulier na" not in page  # adding a row is no error
    assert db.session.scalar(select(Candidate)) is None


def test_a_row_is_removed_and_an_empty_row_is_ignored(client, app_ctx, login_as):
    login_as("coach_a")
    data = valid_form(
        **{"languages-1-language": "en", "languages-1-level": "B1", "remove_row": "languages-0"}
    )
    page = text(client.post("/candidates/new", data=data))
    assert 'name="languages-0-language"' not in page
    assert 'name="languages-1-language"' in page
    data = valid_form(**{"languages-0-language": "", "languages-0-level": ""})
    assert client.post("/candidates/new", data=data).status_code == 302
    assert _only_candidate().languages == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"postcode": "9999"}, "geen Belgische postcode"),
        ({"postcode": ""}, "Vul dit veld in."),
        ({"birth_year": str(local_today().year + 1)}, "Dit jaar ligt in de toekomst."),
        # Four digits, but too long ago: the message says which years, not "four digits".
        ({"birth_year": "1850"}, "Kijk het jaar na: vul een jaar in van 1900 tot en met "
                                 f"{local_today().year - 15}."),
        ({"birth_year": "90"}, "Kijk het jaar na: vul een jaar in van 1900 tot en met "
                               f"{local_today().year - 15}."),
        ({"dutch_level": "D7"}, "Kies een ERK-niveau"),
        ({"languages-0-level": "X9"}, "Kies een ERK-niveau"),
        ({"languages-0-level": "none"}, "Kies een ERK-niveau"),
        ({"languages-0-level": ""}, "Kies een niveau."),
        ({"languages-0-language": "nl"}, "Voor Nederlands is er een apart veld"),
        ({"languages-0-language": "zz"}, "Kies een taal uit de lijst."),
        ({"languages-1-language": "ar", "languages-1-level": "B1"}, "staat al in de lijst"),
        ({"experiences-0-years": "-1"}, "Vul een aantal jaren in van 0 tot 60."),
        ({"experiences-0-years": "61"}, "Vul een aantal jaren in van 0 tot 60."),
        ({"experiences-0-years": ""}, "Vul het aantal jaren in."),
        ({"experiences-0-years": "drie"}, "Ongeldige decimale waarde."),
        ({"hours_per_week": "veel"}, "Ongeldig getal."),
        ({"experiences-0-country": "QQ"}, "Kies een land uit de lijst."),
        (
            {"available_from": (local_today() - timedelta(days=400)).isoformat()},
            "meer dan een jaar geleden",
        ),
        (
            {"dutch_level_assessed_on": (local_today() + timedelta(days=3)).isoformat()},
            "Deze datum ligt in de toekomst.",
        ),
        ({"available_from": "31-02-2026"}, "Ongeldige datum."),
        ({"phone": "bel me maar"}, "Gebruik alleen cijfers"),
        ({"email": "geen-adres"}, "Dit is geen e-mailadres."),
        ({"hours_per_week": "0"}, "Vul een aantal uren in van 1 tot 60."),
        ({"max_commute_km": "500"}, "Vul een afstand in van 0 tot 200 km."),
        ({"allowed_to_work": "maybe"}, "Kies een van de mogelijkheden."),
        ({"status": "erased"}, "Kies een van de mogelijkheden."),
        ({"wished_sectors": ["Z"]}, "geldige keuze"),
        ({"skills-0-skill": "lassen onder water"}, "We kennen deze vaardigheid niet"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field_and_the_form_keeps_it(
    client, app_ctx, login_as, overrides, message
):
    login_as("coach_a")
    response = client.post("/candidates/new", data=valid_form(pseudonym="Ahmad", **overrides))
    page = text(response)
    assert response.status_code == 200
    assert message in page
    assert 'class="error-message"' in page
    assert "Kijk het formulier na" in page
    if overrides.get("pseudonym", "Ahmad"):
        assert 'value="Ahmad"' in page
    for name, value in overrides.items():
        if name.endswith(("years", "phone", "birth_year", "email")) and value:
            assert f'value="{value}"' in page
    assert db.session.scalar(select(Candidate)) is None


def test_an_empty_name_is_refused(client, app_ctx, login_as):
    login_as("coach_a")
    page = text(client.post("/candidates/new", data=valid_form(pseudonym="")))
    assert '<p class="error-message" id="pseudonym-error">' in page
    assert "Vul dit veld in." in page


def test_a_number_that_is_no_number_gets_one_message(client, app_ctx, login_as):
    login_as("coach_a")
    page = text(client.post("/candidates/new", data=valid_form(**{"experiences-0-years": "x"})))
    assert "Ongeldige decimale waarde." in page
    assert "Vul een aantal jaren in" not in page


def test_sharing_needs_consent_first(client, app_ctx, login_as, make_candidate):
    candidate = make_candidate("coach_a", pseudonym="Amina")
    login_as("coach_a")
    assert "shared_with_partnership" not in text(client.get("/candidates/new"))
    response = client.post(
        f"/candidates/{candidate.id}/edit",
        data=valid_form(shared_with_partnership="y", version=candidate.version),
    )
    assert response.status_code == 200
    assert "Noteer eerst de toestemming" in text(response)
    assert not _only_candidate().shared_with_partnership


def test_messages_are_in_english_for_an_english_user(client, app_ctx, login_as):
    login_as("coach_a")
    client.post("/language", data={"locale": "en"})
    page = text(client.post("/candidates/new", data=valid_form(**{"experiences-0-years": "70"})))
    assert "Fill in a number of years from 0 to 60." in page
    assert "Please check the form" in page


def test_markup_is_stored_as_text_and_shown_escaped(client, app_ctx, login_as):
    login_as("coach_a")
    markup = "<script>alert('x')</script>"
    client.post(
        "/candidates/new",
        data=valid_form(
            pseudonym=f"{markup} Yonas",
            coach_note=f"Notitie {markup}",
            **{"experiences-0-title_as_said": f"{markup} lasser"},
        ),
    )
    candidate = _only_candidate()
    assert candidate.pseudonym == f"{markup} Yonas"
    assert candidate.coach_note == f"Notitie {markup}"
    for url in (f"/candidates/{candidate.id}", "/candidates/", f"/candidates/{candidate.id}/edit"):
        page = text(client.get(url))
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert" in page


def test_changes_are_audited_with_field_names_but_never_values(client, app_ctx, login_as):
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate = _only_candidate()
    response = client.post(
        f"/candidates/{candidate.id}/edit",
        data=valid_form(
            coach_note="Geheime notitie",
            phone="+32 499 99 99 99",
            version=candidate.version,
            **{"languages-1-language": "fr", "languages-1-level": "B2"},
        ),
    )
    assert response.status_code == 302
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "candidate_changed", AuditEvent.subject_id == candidate.id
        )
    )
    assert event.details["fields"] == ["phone", "languages", "coach_note"]
    assert event.details["version"] == _only_candidate().version
    assert "Geheime" not in str(event.details) and "499" not in str(event.details)


def test_a_save_without_changes_is_not_a_change(client, app_ctx, login_as):
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate = _only_candidate()
    version = candidate.version
    client.post(f"/candidates/{candidate.id}/edit", data=valid_form(version=version))
    assert _only_candidate().version == version
    assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action == "candidate_changed"))


def test_the_edit_form_shows_the_saved_profile(client, app_ctx, login_as):
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate = _only_candidate()
    page = text(client.get(f"/candidates/{candidate.id}/edit"))
    assert 'value="magazijnmedewerker"' in page  # the picker shows the occupation's name
    assert 'value="heftruckchauffeur"' in page
    assert 'value="3,5"' in page  # a Dutch decimal comma, as typed
    assert '<option selected value="SY">' in page
    assert f'name="version" type="hidden" value="{candidate.version}"' in page


def test_clearing_gender_and_birth_year_removes_the_sensitive_row(client, app_ctx, login_as):
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate = _only_candidate()
    client.post(
        f"/candidates/{candidate.id}/edit",
        data=valid_form(gender="", birth_year="", version=candidate.version),
    )
    assert db.session.get(CandidateSensitive, candidate.id) is None


def test_a_second_save_of_an_opened_profile_gets_a_conflict_page(app, client, app_ctx, login_as):
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate = _only_candidate()
    opened = candidate.version
    other_tab = app.test_client()
    login(other_tab, "coach_a")
    first = other_tab.post(
        f"/candidates/{candidate.id}/edit",
        data=valid_form(postcode="2140", coach_note="Eerste versie", version=opened),
    )
    assert first.status_code == 302
    second = client.post(
        f"/candidates/{candidate.id}/edit",
        data=valid_form(pseudonym="Amina B.", coach_note="Tweede versie", version=opened),
    )
    page = text(second)
    assert second.status_code == 409
    assert "Iemand anders heeft dit intussen veranderd" in page
    assert "Postcode" in page and "Notitie voor jezelf" in page  # which fields changed
    assert "Eerste versie" not in page.split("<form", 1)[0]  # never the values
    assert 'value="Amina B."' in page  # what this coach typed is kept
    saved = _only_candidate()
    assert (saved.pseudonym, saved.postcode, saved.coach_note) == ("Amina", "2140", "Eerste versie")
    third = client.post(
        f"/candidates/{candidate.id}/edit",
        data=valid_form(pseudonym="Amina B.", postcode="2140", version=saved.version),
    )
    assert third.status_code == 302
    assert _only_candidate().pseudonym == "Amina B."


def test_a_save_that_loses_the_race_after_the_version_check_is_a_conflict(
    app, app_ctx, make_candidate
):
    from sqlalchemy import update

    from marketplace.candidates.operations import profile_of, update_candidate
    from marketplace.web.conflicts import EditConflict

    candidate = make_candidate(pseudonym="Amina")
    opened = candidate.version
    profile = profile_of(candidate)
    profile.pseudonym = "Amina B."
    # Another save lands between the version check and the write.
    db.session.execute(
        update(Candidate).where(Candidate.id == candidate.id).values(version=opened + 1),
        execution_options={"synchronize_session": False},
    )
    with app.test_request_context(), pytest.raises(EditConflict) as conflict:
        update_candidate(candidate, profile, expected_version=opened)
    assert conflict.value.since_version == opened


def test_a_coach_sees_a_candidate_profile_with_its_history(client, app_ctx, login_as):
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate = _only_candidate()
    client.post(
        f"/candidates/{candidate.id}/edit",
        data=valid_form(
            status="paused",
            version=candidate.version,
            **{"languages-1-language": "en", "languages-1-level": "B1"},
        ),
    )
    page = text(client.get(f"/candidates/{candidate.id}"))
    assert page.count("<h1") == 1
    assert '<h1 translate="no">Amina</h1>' in page
    assert "Gepauzeerd" in page
    assert "amina@example.org" in page and "Wil graag in de haven werken." in page
    assert "Profiel gemaakt" in page
    assert "Profiel gewijzigd: Status, Andere talen" in page
    assert "magazijnmedewerker" in page and "Syrië" in page and "3,5" in page


def test_an_expired_form_is_named_in_the_error_summary_without_a_field_link(app, app_ctx):
    from werkzeug.datastructures import MultiDict

    from marketplace.candidates.forms import CandidateForm, error_items

    data = valid_form(csrf_token="expired", pseudonym="")
    with app.test_request_context("/candidates/new", method="POST", data=data):
        form = CandidateForm(formdata=MultiDict(data), meta={"csrf": True}, creating=True)
        assert not form.validate()
        items = error_items(form)
    assert (None, "Dit formulier is verlopen. Kijk na wat je typte en verstuur het opnieuw.") in (
        items
    )
    assert ("pseudonym", "Voornaam of schuilnaam: Vul dit veld in.") in items


def test_a_form_opened_before_a_hire_does_not_set_the_person_back_to_active(
        app, client, app_ctx, users, organisations, login_as):
    """The employer's hire made the person "placed" after the coach opened the form.
    The conflict page puts "placed" back in the status field (saying the coach had
    "Actief"), so saving again keeps the hire, and keeps the coach's own change."""
    login_as("coach_a")
    candidate = make_candidate(users["coach_a"], pseudonym="Amina", commit=True)
    opened = candidate.version
    proposal = make_proposal(users["coach_a"], candidate,
                             make_opportunity(organisations["employer_a"], commit=True),
                             commit=True)
    answer_proposal(proposal, "hire", by=users["employer_a"],
                              expected_version=proposal.version)
    db.session.commit()
    assert db.session.get(Candidate, candidate.id).status == "placed"
    second = client.post(f"/candidates/{candidate.id}/edit",
                         data=valid_form(hours_per_week="20", version=opened))
    page = text(second)
    assert second.status_code == 409
    assert "het formulier nu weer de bewaarde waarde" in page
    assert 'je had <span translate="no">Actief</span>' in page
    assert '<option selected value="placed">' in page
    assert 'value="20"' in page  # the coach's own change stays
    db.session.expire_all()
    saved = db.session.get(Candidate, candidate.id)
    resent = valid_form(hours_per_week="20", status="placed", version=saved.version)
    assert client.post(f"/candidates/{candidate.id}/edit", data=resent).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Candidate, candidate.id)
    assert (saved.status, saved.hours_per_week) == ("placed", 20)
