"""What the coach's edit flow (profile form, save, profile page) asks the database: each
page reads the candidate and the ESCO entries it shows once, and the profile's history
reads only the events it shows."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, select

from marketplace.audit.models import AuditEvent
from marketplace.candidates.form_choices import country_choices, country_names
from marketplace.candidates.models import Candidate
from marketplace.candidates.queries import audit_trail
from marketplace.candidates.report_copies import CandidateFairness, CandidateOccupationGroup
from marketplace.candidates.routes import HISTORY_ACTIONS
from marketplace.extensions import db
from marketplace.taxonomy.models import Language, NaceSection
from marketplace.taxonomy.queries import get_occupation_by_uri, get_skill_by_uri
from tests.candidates.conftest import text, valid_form
from tests.factories import (
    FORKLIFT,
    LIFTING,
    TEAMWORK,
    TRUCK_DRIVER,
    WAREHOUSE,
    make_candidate,
)

#: How the statement that loads a candidate row begins (a lookup or a reload).
CANDIDATE_ROW = "SELECT candidate.id, candidate.ref,"


@contextmanager
def statements():
    """The SQL statements sent inside the block."""
    seen: list[str] = []

    def note(_connection, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def _only_candidate() -> Candidate:
    db.session.expire_all()
    return db.session.scalars(select(Candidate)).one()


def _views(candidate_id: int) -> list[str]:
    return [details["page"] for details in db.session.scalars(
        select(AuditEvent.details).where(AuditEvent.action == "candidate_viewed",
                                         AuditEvent.subject_id == candidate_id))]


def test_the_edit_form_reads_the_candidate_and_its_esco_entries_once(
        client, app_ctx, login_as):
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate_id = _only_candidate().id
    with statements() as seen:
        page = text(client.get(f"/candidates/{candidate_id}/edit"))
    assert 'value="magazijnmedewerker"' in page and 'value="heftruckchauffeur"' in page
    # Committing the view's audit event before the page was written expired the
    # candidate and the occupations and skill of its rows: each was read again.
    assert sum(s.startswith(CANDIDATE_ROW) for s in seen) == 1
    assert not [s for s in seen if s.startswith("SELECT occupation.") and "occupation.id =" in s]
    assert not [s for s in seen if s.startswith("SELECT skill.") and "skill.id =" in s]
    # The pickers' occupations and skills come with the rows, not in statements of their own.
    assert not [s for s in seen if s.startswith(("SELECT occupation.", "SELECT skill."))]
    # The taxonomy's version, by which the language choices are kept, comes with the
    # candidate's rows rather than in a statement of its own.
    assert '<option value="en">Engels</option>' in page
    assert not [s for s in seen if s.startswith("SELECT data_version.version")]
    assert _views(candidate_id) == ["edit"]  # the view is still audited, and committed


def test_a_save_and_the_profile_after_it_read_the_candidate_once_each(
        client, app_ctx, login_as):
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate = _only_candidate()
    with statements() as saving:
        response = client.post(f"/candidates/{candidate.id}/edit",
                               data=valid_form(hours_per_week="20", version=candidate.version))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/candidates/{candidate.id}")
    assert sum(s.startswith(CANDIDATE_ROW) for s in saving) == 1
    with statements() as showing:
        page = text(client.get(f"/candidates/{candidate.id}"))
    assert "Profiel gewijzigd: Uren per week" in page
    assert sum(s.startswith(CANDIDATE_ROW) for s in showing) == 1
    assert _views(candidate.id) == ["profile"]


def test_the_history_reads_only_the_actions_it_shows(client, app_ctx, login_as):
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate_id = _only_candidate().id
    for _n in range(3):
        client.get(f"/candidates/{candidate_id}")
    every = audit_trail(candidate_id)
    shown = audit_trail(candidate_id, HISTORY_ACTIONS)
    assert [entry.action for entry in every] == ["candidate_created"] + ["candidate_viewed"] * 3
    assert [entry.action for entry in shown] == ["candidate_created"]
    assert shown[0].actor_name == every[0].actor_name and shown[0].at == every[0].at


@contextmanager
def report_copy_statements():
    """The statements sent inside the block that write the report copies."""
    sent = []

    def note(_connection, statement, *_args):
        table = getattr(statement, "table", None)
        if getattr(table, "name", None) in (
                "candidate_occupation_group", "candidate_fairness", "fairness_place"):
            sent.append(statement)

    event.listen(db.engine, "before_execute", note)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_execute", note)


def test_saves_reuse_the_statements_that_refresh_the_report_copies(
        client, app_ctx, login_as):
    """The occupation groups' and fairness traits' DELETE and INSERT ... SELECT are
    built once per process, not on every save (their building cost more than running
    them); each save of a value both read still runs all six."""
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate = _only_candidate()
    with report_copy_statements() as sent:
        for postcode, level in (("2000", "B1"), ("2018", "B2")):
            response = client.post(f"/candidates/{candidate.id}/edit", data=valid_form(
                postcode=postcode, dutch_level=level, version=_only_candidate().version))
            assert response.status_code == 302
    assert len(sent) == 12
    first, second = sent[:6], sent[6:]
    assert all(a is b for a, b in zip(first, second, strict=True))


def test_a_save_rewrites_only_the_report_copies_that_read_a_changed_value(
        client, app_ctx, login_as, users):
    """The note and the hours per week are in neither copy: their save writes none.
    The postcode is copied into the occupation groups only, the birth year into the
    fairness traits only; each is rewritten with the new value."""
    candidate = make_candidate(users["coach_a"], pseudonym="Amina", consent=True,
                               wishes=[FORKLIFT], postcode="2060", birth_year=1990,
                               commit=True)
    login_as("coach_a")

    def save(**changes) -> list:
        with report_copy_statements() as sent:
            response = client.post(f"/candidates/{candidate.id}/edit", data=valid_form(
                version=_only_candidate().version,
                **{"postcode": "2060", "birth_year": "1990", **changes}))
        assert response.status_code == 302
        return sorted({statement.table.name for statement in sent})

    save()  # the form's profile, as the factory's differs from it
    assert save(coach_note="Belde terug.", hours_per_week="21") == []
    assert save(postcode="2000") == ["candidate_occupation_group"]
    groups = db.session.scalars(select(CandidateOccupationGroup.postcode).where(
        CandidateOccupationGroup.candidate_id == candidate.id)).all()
    assert groups and set(groups) == {"2000"}
    assert save(postcode="2000", birth_year="1991") == [
        "candidate_fairness", "fairness_place"]
    assert db.session.scalars(select(CandidateFairness.birth_year).where(
        CandidateFairness.candidate_id == candidate.id)).all() == [1991]


def test_the_countries_are_sorted_once_per_language_not_per_request(app, app_ctx):
    # Each request in an application context of its own, as a server runs them.
    with app.app_context(), app.test_request_context():
        first = country_choices()
        assert country_names()["SY"] == "Syrië"
    with app.app_context(), app.test_request_context():
        assert country_choices() is first
        assert first[0] == ("AF", "Afghanistan")
        assert len(country_names()) == len(first)


def test_the_language_and_sector_lists_are_kept_until_the_taxonomy_changes(
        client, app_ctx, login_as):
    """Kept per process under the taxonomy's data version: a second form reads neither
    list again, and a renamed language or sector is in the next form."""
    login_as("coach_a")
    assert "Arabisch" in text(client.get("/candidates/new"))
    with statements() as seen:
        page = text(client.get("/candidates/new"))
    assert "Arabisch" in page and "Bouwnijverheid" in page
    assert not [s for s in seen if s.startswith(("SELECT language.", "SELECT nace_section."))]
    db.session.get(Language, "ar").name_nl = "Arabisch (Levant)"
    db.session.get(NaceSection, "F").label_nl = "Bouw en renovatie"
    db.session.commit()
    page = text(client.get("/candidates/new"))
    assert "Arabisch (Levant)" in page and "F: Bouw en renovatie" in page


def test_a_save_reads_the_shown_occupations_and_skills_in_one_statement_each(
        client, app_ctx, login_as):
    """The pickers send back the URI of what they showed. Those the profile holds come
    with its rows (which the save reads anyway); the others are read at once, one
    statement per kind, not one per row."""
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate = _only_candidate()
    shown = {
        "experiences-0-occupation-uri": WAREHOUSE,
        "experiences-1-title_as_said": "heftruck",
        "experiences-1-occupation": "heftruckchauffeur",
        "experiences-1-occupation-uri": FORKLIFT,
        "experiences-1-years": "1",
        "skills-0-skill-uri": TEAMWORK,
        "wished_occupations-0-occupation-uri": FORKLIFT,
        "wished_occupations-1-occupation": "magazijnmedewerker",
        "wished_occupations-1-occupation-uri": WAREHOUSE,
    }
    with statements() as seen:
        response = client.post(f"/candidates/{candidate.id}/edit",
                               data=valid_form(version=candidate.version, **shown))
    assert response.status_code == 302
    assert not _by_uri(seen)  # every one of them is the profile's already
    saved = _only_candidate()
    assert [row.occupation.uri for row in saved.experiences] == [WAREHOUSE, FORKLIFT]
    assert {row.occupation.uri for row in saved.wished_occupations} == {FORKLIFT, WAREHOUSE}
    assert [row.skill.uri for row in saved.skills] == [TEAMWORK]

    truck, lifting = get_occupation_by_uri(TRUCK_DRIVER), get_skill_by_uri(LIFTING)
    others = {**shown,
              "experiences-2-title_as_said": "chauffeur",
              "experiences-2-occupation": truck.label("nl"),
              "experiences-2-occupation-uri": TRUCK_DRIVER,
              "experiences-2-years": "2",
              "skills-1-skill": lifting.label("nl"),
              "skills-1-skill-uri": LIFTING}
    with statements() as seen:
        response = client.post(f"/candidates/{candidate.id}/edit",
                               data=valid_form(version=saved.version, **others))
    assert response.status_code == 302
    assert len(_by_uri(seen)) == 2
    saved = _only_candidate()
    assert [row.occupation.uri for row in saved.experiences] == [WAREHOUSE, FORKLIFT,
                                                                TRUCK_DRIVER]
    assert {row.skill.uri for row in saved.skills} == {TEAMWORK, LIFTING}


def _by_uri(seen: list[str]) -> list[str]:
    """The statements that read occupations or skills by their URIs."""
    return [s for s in seen if s.startswith(("SELECT occupation.", "SELECT skill."))
            and (".uri =" in s or ".uri IN" in s)]


def test_only_the_own_coach_s_view_of_a_profile_reads_the_sensitive_row(
    client, app_ctx, login_as, users
):
    candidate_id = make_candidate(users["coach_a"], pseudonym="Amina", shared=True,
                                  gender="woman", birth_year=1994, commit=True).id
    login_as("coach_a")
    with statements() as seen:
        page = text(client.get(f"/candidates/{candidate_id}"))
    assert "<dd>1994</dd>" in page
    assert [s for s in seen if "FROM candidate_sensitive" in s]
    client.post("/logout")
    login_as("coach_b")
    with statements() as seen:
        page = text(client.get(f"/candidates/{candidate_id}"))
    assert "Amina" in page and "1994" not in page
    assert not [s for s in seen if "candidate_sensitive" in s]


def test_the_profile_labels_its_fields_in_each_reader_s_language(client, app_ctx, login_as):
    """The labels' texts are kept per catalogue: a Dutch page first does not make the
    next English one Dutch."""
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form())
    candidate_id = _only_candidate().id
    assert "<dt>Uren per week</dt>" in text(client.get(f"/candidates/{candidate_id}"))
    client.post("/language", data={"locale": "en"})
    page = text(client.get(f"/candidates/{candidate_id}"))
    assert "<dt>Hours per week</dt>" in page and "Uren per week" not in page


def test_the_form_and_a_save_ask_for_consent_without_reading_the_consent_records(
        client, app_ctx, login_as, users):
    """The form offers sharing by the consent flag read with the candidate's row; a save
    reads the records (with their recorders' accounts) only to allow a sharing."""
    candidate = make_candidate(users["coach_a"], pseudonym="Amina", consent=True, commit=True)
    login_as("coach_a")
    with statements() as seen:
        page = text(client.get(f"/candidates/{candidate.id}/edit"))
    assert 'name="shared_with_partnership"' in page
    with statements() as saving:
        response = client.post(f"/candidates/{candidate.id}/edit",
                               data=valid_form(version=_only_candidate().version))
    assert response.status_code == 302
    assert not [s for s in seen + saving if s.startswith("SELECT consent_record.")]
    with statements() as sharing:
        response = client.post(f"/candidates/{candidate.id}/edit", data=valid_form(
            shared_with_partnership="y", version=_only_candidate().version))
    assert response.status_code == 302
    assert _only_candidate().shared_with_partnership
    assert [s for s in sharing if s.startswith("SELECT consent_record.")]


def test_the_history_reads_the_handovers_as_the_six_values_it_shows(
        client, app_ctx, login_as, users):
    """Not the handovers with both coaches' and organisations' whole rows."""
    candidate = make_candidate(users["coach_a"], pseudonym="Filmon", commit=True)
    login_as("coach_a")
    with statements() as seen:
        page = text(client.get(f"/candidates/{candidate.id}"))
    assert "Filmon" in page and "Overdrachten" not in page
    handovers = [s for s in seen if "FROM candidate_handover" in s]
    assert len(handovers) == 1
    assert "user_account.password_hash" not in handovers[0]
    assert "candidate_handover.id," not in handovers[0]


#: How the statements that load a candidate's relationships one by one begin.
RELATIONSHIP_LOADS = tuple(f"SELECT {table}." for table in (
    "candidate_language", "candidate_experience", "candidate_skill",
    "candidate_wished_occupation", "candidate_wished_sector", "candidate_sensitive"))


def test_the_form_and_a_save_read_the_profile_s_rows_in_one_statement(
        client, app_ctx, login_as):
    """Not six relationship loads: a save loads a list only when its values change,
    and saves what changed."""
    login_as("coach_a")
    client.post("/candidates/new", data=valid_form(gender="woman", birth_year="1990"))
    candidate = _only_candidate()
    with statements() as opening:
        page = text(client.get(f"/candidates/{candidate.id}/edit"))
    assert 'value="magazijnmedewerker"' in page and 'value="1990"' in page
    with statements() as saving:
        response = client.post(f"/candidates/{candidate.id}/edit", data=valid_form(
            gender="woman", birth_year="1990", hours_per_week="21",
            version=candidate.version))
    assert response.status_code == 302
    for seen in (opening, saving):
        assert not [s for s in seen if s.startswith(RELATIONSHIP_LOADS)]
        assert len([s for s in seen if "FROM candidate_language" in s]) == 1
    with statements() as changing:
        response = client.post(f"/candidates/{candidate.id}/edit", data=valid_form(
            gender="woman", birth_year="1990", version=_only_candidate().version,
            **{"languages-0-level": "B1"}))
    assert response.status_code == 302
    assert [s for s in changing if s.startswith(RELATIONSHIP_LOADS)] == [
        s for s in changing if s.startswith("SELECT candidate_language.")]
    saved = _only_candidate()
    assert saved.hours_per_week == 30 and [(r.language_code, r.level)
                                           for r in saved.languages] == [("ar", "B1")]
    assert (saved.sensitive.gender, saved.sensitive.birth_year) == ("woman", 1990)
