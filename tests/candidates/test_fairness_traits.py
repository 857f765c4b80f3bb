"""candidate_fairness stays exact: after every kind of write (the profile form's
operation, consent withdrawn and given again, handover, erasure, a change outside the
operations, a records import, the demo loader) its rows are what the candidates'
status, consent, organisation, Dutch level, sensitive row and languages say, worked out
here again in plain Python from the ORM objects (not with the SQL that fills the
table)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from marketplace.candidates import erasure, operations
from marketplace.candidates.fairness_traits import refresh_fairness_traits
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import profile_of
from marketplace.candidates.report_copies import CandidateFairness
from marketplace.demo import candidates as demo
from marketplace.demo.accounts import load_demo_accounts
from marketplace.extensions import db
from marketplace.records.importer import import_records
from marketplace.records.reader import parse_lines
from marketplace.taxonomy.levels import Cefr

RANK = {level.value: rank for rank, level in enumerate(Cefr)}


def expected_rows() -> set[tuple]:
    """(candidate_id, organisation_id, created_at, gender, birth_year, dutch_level,
    first_language) of every candidate who is not erased and has open consent."""
    rows = set()
    for candidate in db.session.scalars(select(Candidate)):
        db.session.refresh(candidate)
        if candidate.status == "erased" or not candidate.has_active_consent:
            continue
        sensitive = candidate.sensitive
        # The highest level first, then the first code.
        spoken = sorted(candidate.languages,
                        key=lambda line: (-RANK[line.level], line.language_code))
        rows.add((
            candidate.id, candidate.organisation_id, candidate.created_at,
            sensitive.gender if sensitive else None,
            sensitive.birth_year if sensitive else None,
            candidate.dutch_level, spoken[0].language_code if spoken else None,
        ))
    return rows


def stored_rows() -> set[tuple]:
    table = CandidateFairness
    return set(map(tuple, db.session.execute(select(
        table.candidate_id, table.organisation_id, table.created_at, table.gender,
        table.birth_year, table.dutch_level, table.first_language,
    ))))


def row_of(candidate) -> tuple | None:
    return next((row for row in stored_rows() if row[0] == candidate.id), None)


@pytest.fixture
def person(make_candidate):
    """A woman born in 1990, Dutch A2, Arabic and English at B2 (a tie: Arabic comes
    first) and French at A1, with consent."""
    return make_candidate(consent=True, gender="woman", birth_year=1990,
                          languages={"fr": "A1", "en": "B2", "ar": "B2"})


def test_a_new_candidate_with_consent_has_one_row_with_the_highest_language(person):
    assert row_of(person)[3:] == ("woman", 1990, "A2", "ar")
    assert stored_rows() == expected_rows()


def test_a_candidate_without_consent_or_anything_declared_has_no_row_then_an_empty_one(
    app, users, make_candidate
):
    candidate = make_candidate(consent=False)
    assert row_of(candidate) is None
    with app.test_request_context():
        operations.give_consent(candidate, given_on=date(2026, 3, 1), method="signed_form",
                                recorded_by=users["coach_a"])
    db.session.commit()
    assert row_of(candidate)[3:] == (None, None, "A2", None)
    assert stored_rows() == expected_rows()


def test_the_profile_form_changes_are_copied(app, person):
    profile = replace(profile_of(person), gender="man", birth_year=1985, dutch_level="B1",
                      languages={"ti": "C1", "ar": "B2"})
    with app.test_request_context():
        operations.update_candidate(person, profile, expected_version=person.version)
    db.session.commit()
    assert row_of(person)[3:] == ("man", 1985, "B1", "ti")
    profile = replace(profile, gender=None, birth_year=None, languages={})
    with app.test_request_context():
        operations.update_candidate(person, profile, expected_version=person.version)
    db.session.commit()
    assert row_of(person)[3:] == (None, None, "B1", None)
    assert stored_rows() == expected_rows()


def test_consent_withdrawn_and_given_again_removes_and_restores_the_row(app, users, person):
    before = row_of(person)
    with app.test_request_context():
        operations.withdraw_consent(person, withdrawn_on=date(2026, 2, 1),
                                    recorded_by=users["coach_a"])
    db.session.commit()
    assert row_of(person) is None
    assert stored_rows() == expected_rows()
    with app.test_request_context():
        operations.give_consent(person, given_on=date(2026, 3, 1), method="signed_form",
                                recorded_by=users["coach_a"])
    db.session.commit()
    assert row_of(person) == before
    assert stored_rows() == expected_rows()


def test_a_handover_to_another_organisation_moves_the_row(app, users, person):
    with app.test_request_context():
        operations.hand_over_candidate(person, to_coach=users["coach_b"], note=None)
    db.session.commit()
    assert row_of(person)[1] == users["coach_b"].organisation_id
    assert stored_rows() == expected_rows()


def test_changes_written_outside_the_operations_are_seen_at_the_flush(person):
    french = next(line for line in person.languages if line.language_code == "fr")
    french.level = "C2"
    db.session.flush()
    assert row_of(person)[6] == "fr"
    person.sensitive.gender = "non_binary"
    db.session.flush()
    assert row_of(person)[3] == "non_binary"
    assert stored_rows() == expected_rows()


def test_a_placed_candidate_still_counts_and_erasure_removes_the_row(app, person):
    person.status = "placed"
    db.session.flush()
    assert row_of(person) is not None
    with app.test_request_context():
        erasure.erase_candidate(person, reason="request")
    db.session.commit()
    assert row_of(person) is None
    assert stored_rows() == expected_rows()


def test_an_import_and_a_reimport_keep_the_rows_exact(app_ctx):
    records = [
        {"type": "organisation", "ref": "coaching", "name": "Coaching Eerlijk vzw",
         "role": "partner", "postcode": "2000"},
        {"type": "coach", "email": "eerlijk.coach@example.org", "name": "Ines Coach",
         "organisation": "coaching"},
        {"type": "candidate", "ref": "fair-1", "coach": "eerlijk.coach@example.org",
         "pseudonym": "Amal", "postcode": "2060", "dutch_level": "A1", "consent": True,
         "languages": [{"code": "so", "level": "B1"}, {"code": "ar", "level": "C1"}],
         "available_from": "2026-12-01"},
        {"type": "candidate", "ref": "fair-2", "coach": "eerlijk.coach@example.org",
         "pseudonym": "Bilal", "postcode": "2000", "dutch_level": "A2", "consent": True,
         "available_from": "2026-12-01"},
    ]  # fmt: skip
    import_records(parse_lines([json.dumps(record) for record in records]))
    db.session.commit()
    first, second = sorted(
        db.session.scalars(select(Candidate).where(Candidate.ref.like("fair-%"))),
        key=lambda candidate: candidate.ref,
    )
    assert row_of(first)[5:] == ("A1", "ar") and row_of(second)[5:] == ("A2", None)
    assert stored_rows() == expected_rows()

    records[2] = {**records[2], "dutch_level": "B1", "languages": [{"code": "so", "level": "B1"}]}
    records[3] = {**records[3], "consent": False}
    import_records(parse_lines([json.dumps(record) for record in records]))
    db.session.commit()
    assert row_of(first)[5:] == ("B1", "so")
    assert row_of(second) is None
    assert stored_rows() == expected_rows()


def test_the_demo_loader_leaves_the_rows_exact(app_ctx):
    load_demo_accounts()
    demo.load_demo_candidates()
    db.session.commit()
    assert len(stored_rows()) > 200
    assert stored_rows() == expected_rows()


def test_refreshing_rows_that_are_exact_changes_nothing(person, make_candidate):
    make_candidate(consent=True, languages={"uk": "C2"})
    before = stored_rows()
    refresh_fairness_traits(db.session.scalars(select(Candidate.id)).all())
    assert stored_rows() == before == expected_rows()
