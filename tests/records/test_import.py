"""Importing and exporting records: all or nothing, line numbers, idempotent."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate, ConsentRecord
from marketplace.candidates.profile_rows import CandidateExperience
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.records.exporter import export_records
from marketplace.records.importer import RecordsRejected, import_records
from marketplace.records.reader import parse_lines

FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"

RECORDS = [
    {"type": "organisation", "ref": "haven", "name": "Haven Import NV", "role": "employer",
     "sector": "H", "postcode": "2030"},
    {"type": "organisation", "ref": "coaching", "name": "Coaching Import vzw",
     "role": "partner", "postcode": "2000"},
    {"type": "coach", "email": "Coach.Import@example.org", "name": "Ines Coach",
     "organisation": "coaching"},
    {"type": "opportunity", "ref": "job-1", "organisation": "haven", "kind": "job",
     "title": "Heftruckchauffeur (m/v/x)", "description": "Laden en lossen.",
     "postcode": "2030", "hours_per_week": 38, "dutch_level": "A2",
     "language_support": True, "places": 2, "starts_on": "2026-12-01",
     "languages": [{"code": "en", "level": "A2", "required": False}],
     "skills": [{"uri": "http://data.europa.eu/esco/skill/a60b664f-bb07-4dd1-8dfa-134a0827f8da",
                 "required": True}]},
    {"type": "candidate", "ref": "cand-1", "coach": "coach.import@example.org",
     "pseudonym": "Amal", "postcode": "2060", "dutch_level": "A1",
     "languages": [{"code": "ar", "level": "C2"}],
     "experience": [{"title": "heftruckchaufeur", "years": 3},
                    {"title": "warehouse worker", "occupation": FORKLIFT, "years": 1}],
     "wishes": {"occupations": ["magazijnmedewerker"], "kinds": ["job"],
                "max_commute_km": 15},
     "available_from": "2026-12-01", "consent": True},
]


def lines(records=RECORDS) -> list[str]:
    return [json.dumps(record) for record in records]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_file_is_imported_with_titles_resolved(app_ctx):
    summary = import_records(parse_lines(lines()))
    assert summary.created["candidate"] == 1 and summary.created["opportunity"] == 1
    opportunity = db.session.scalar(select(Opportunity).where(Opportunity.ref == "job-1"))
    assert opportunity.occupation.uri == FORKLIFT  # from the title
    assert opportunity.status == "published"
    candidate = db.session.scalar(select(Candidate).where(Candidate.ref == "cand-1"))
    assert candidate.coach.email == "coach.import@example.org"
    assert candidate.has_active_consent
    assert sorted(e.occupation.uri for e in candidate.experiences) == [FORKLIFT, FORKLIFT]
    assert [w.occupation.label_nl for w in candidate.wished_occupations] == [
        "magazijnmedewerker"]


def test_importing_again_updates_without_duplicates(app_ctx):
    import_records(parse_lines(lines()))
    changed = [dict(r) for r in RECORDS]
    changed[4] = {**changed[4], "pseudonym": "Amal B.", "consent": False}
    summary = import_records(parse_lines(lines(changed)))
    assert summary.created.total() == 0
    assert summary.updated["candidate"] == 1
    assert summary.updated["organisation"] == 0 and summary.unchanged["organisation"] == 2
    candidate = db.session.scalar(select(Candidate).where(Candidate.ref == "cand-1"))
    db.session.refresh(candidate)
    assert candidate.pseudonym == "Amal B."
    assert not candidate.has_active_consent
    assert count(CandidateExperience) == 2
    assert count(ConsentRecord) == 1


def test_one_wrong_reference_and_nothing_is_written(app_ctx):
    broken = [dict(r) for r in RECORDS]
    broken[3] = {**broken[3], "postcode": "9999"}
    broken[4] = {**broken[4], "coach": "nobody@example.org"}
    before = count(Organisation)
    with pytest.raises(RecordsRejected) as rejected:
        import_records(parse_lines(lines(broken)))
    messages = [str(problem) for problem in rejected.value.problems]
    assert messages[0].startswith("line 4: opportunity: unknown postcode 9999")
    assert messages[1].startswith("line 5: candidate: coach nobody@example.org")
    assert count(Organisation) == before


def test_the_command_reports_every_problem_and_writes_nothing(app, tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join([*lines(RECORDS[:3]), "{oops", json.dumps(
        {**RECORDS[4], "dutch_level": "Z1"})]) + "\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["records", "import", str(path)])
    assert result.exit_code != 0
    assert "line 4: Invalid JSON" in result.output
    assert "line 5: candidate: dutch_level" in result.output
    assert "nothing was imported" in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(
            User.email == "coach.import@example.org")) is None


def test_the_command_imports_and_prints_a_summary(app, tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines()) + "\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["records", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "candidate                  1 created" in result.output


def test_an_export_imports_back_onto_the_same_rows(app_ctx):
    import_records(parse_lines(lines()))
    exported = [r for r in export_records()
                if r.get("ref") in {"haven", "coaching", "job-1", "cand-1"}
                or (r["type"] == "coach" and r["email"] == "coach.import@example.org")]
    assert {r["type"] for r in exported} == {"organisation", "coach", "opportunity",
                                              "candidate"}
    summary = import_records(parse_lines([json.dumps(r) for r in exported]))
    assert summary.created.total() == 0 and summary.updated.total() == 0
    assert summary.unchanged.total() == len(exported)


def test_a_name_differing_only_in_case_is_the_existing_organisation(app_ctx, organisations):
    employer = organisations["employer_a"]
    records = [{**RECORDS[0], "ref": "elsewhere-7", "name": employer.name.upper()}, RECORDS[1],
               RECORDS[2], {**RECORDS[3], "organisation": "elsewhere-7"}]
    before = count(Organisation)
    summary = import_records(parse_lines(lines(records)))
    assert count(Organisation) == before + 1  # only the partner is new
    assert summary.updated["organisation"] == 1
    opportunity = db.session.scalar(select(Opportunity).where(Opportunity.ref == "job-1"))
    assert opportunity.organisation_id == employer.id
    db.session.refresh(employer)
    assert employer.name == records[0]["name"] and employer.ref != "elsewhere-7"


def test_a_name_of_another_organisation_is_refused_with_its_line(app_ctx, organisations):
    partner, taken = organisations["partner_a"], organisations["partner_b"]
    records = [RECORDS[0], {**RECORDS[1], "ref": partner.ref, "name": taken.name.lower()},
               {**RECORDS[0], "ref": "haven-2", "name": "HAVEN import nv"}]
    with pytest.raises(RecordsRejected) as rejected:
        import_records(parse_lines(lines(records)))
    messages = [str(problem) for problem in rejected.value.problems]
    assert messages[0] == (f"line 2: organisation {partner.ref!r}: the name "
                           f"{taken.name.lower()!r} is already organisation {taken.ref!r}")
    assert messages[1] == ("line 3: organisation 'haven-2': the same organisation as on line 1 "
                           "(names that differ only in case are one organisation)")
    assert len(messages) == 2


def test_organisations_made_on_the_site_have_refs_that_never_change(app_ctx, organisations):
    refs = {key: organisation.ref for key, organisation in organisations.items()}
    assert all(refs.values()) and len(set(refs.values())) == len(refs)
    import_records(parse_lines([json.dumps(r) for r in export_records()
                                if r["type"] == "organisation"]))
    assert {key: o.ref for key, o in organisations.items()} == refs


def test_an_update_sets_a_new_status_moment_and_keeps_what_the_format_lacks(app_ctx):
    import_records(parse_lines(lines()))
    opportunity = db.session.scalar(select(Opportunity).where(Opportunity.ref == "job-1"))
    assert opportunity.published_at is not None and opportunity.filled_at is None
    opportunity.works_evening, opportunity.certificates = True, "VCA basis"  # as on the site
    db.session.flush()
    published_at, version = opportunity.published_at, opportunity.version
    filled = [*RECORDS[:3], {**RECORDS[3], "status": "filled", "places": 3}, RECORDS[4]]
    summary = import_records(parse_lines(lines(filled)))
    assert summary.updated["opportunity"] == 1 and summary.unchanged["candidate"] == 1
    db.session.refresh(opportunity)
    assert opportunity.published_at == published_at
    assert opportunity.filled_at is not None and opportunity.version == version + 1
    # What the format does not carry stays as the site set it.
    assert opportunity.works_evening and opportunity.certificates == "VCA basis"


def test_working_time_and_day_parts_are_imported_and_exported(app_ctx):
    records = [*RECORDS[:3], {**RECORDS[3], "schedule": ["evening", "shifts"]},
               {**RECORDS[4], "available": ["afternoons", "evenings"]}]
    import_records(parse_lines(lines(records)))
    opportunity = db.session.scalar(select(Opportunity).where(Opportunity.ref == "job-1"))
    assert (opportunity.works_day, opportunity.works_evening, opportunity.works_shifts) == (
        False, True, True)
    candidate = db.session.scalar(select(Candidate).where(Candidate.ref == "cand-1"))
    assert (candidate.available_mornings, candidate.available_afternoons,
            candidate.available_evenings) == (False, True, True)
    exported = {record.get("ref"): record for record in export_records()}
    assert exported["job-1"]["schedule"] == ["evening", "shifts"]
    assert exported["cand-1"]["available"] == ["afternoons", "evenings"]


def test_a_new_opportunity_without_working_time_is_a_day_job_and_no_day_parts_means_no_limits(
        app_ctx):
    import_records(parse_lines(lines()))
    opportunity = db.session.scalar(select(Opportunity).where(Opportunity.ref == "job-1"))
    assert opportunity.works_day and not opportunity.works_evening
    candidate = db.session.scalar(select(Candidate).where(Candidate.ref == "cand-1"))
    candidate.available_mornings = True  # as a coach on the site
    db.session.flush()
    import_records(parse_lines(lines()))  # the file says nothing: no limits
    db.session.refresh(candidate)
    assert not candidate.available_mornings
    assert "available" not in {r.get("ref"): r for r in export_records()}["cand-1"]


@pytest.mark.parametrize(("change", "words"), [
    ({"schedule": ["daytime"]}, "'day', 'evening', 'night', 'weekend' or 'shifts'"),
    ({"schedule": []}, "at least 1 item"),
    ({"schedule": ["day", "day"]}, "a working time is listed twice"),
    ({"available": ["mornings", "lunch"]},
     "'mornings', 'afternoons', 'evenings', 'nights' or 'weekends'"),
    ({"available": ["nights", "nights"]}, "a day part is listed twice"),
])
def test_an_unknown_working_time_or_day_part_is_a_line_error_naming_the_allowed_values(
        app_ctx, change, words):
    index = 3 if "schedule" in change else 4
    records = [*RECORDS]
    records[index] = {**records[index], **change}
    parsed = parse_lines(lines(records))
    problems = [problem for problem in parsed.problems if problem.line == index + 1]
    assert problems and words in " ".join(problem.message for problem in problems)
