"""candidate_occupation_group stays exact: after every kind of write its rows are what
the candidates' status, consent, wishes and experience say, worked out here again in
plain Python from the ORM objects (not with the SQL that fills the table)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from marketplace.candidates import erasure, operations
from marketplace.candidates.models import Candidate
from marketplace.candidates.occupation_groups import refresh_occupation_groups
from marketplace.candidates.operations import ExperienceEntry, profile_of
from marketplace.candidates.report_copies import CandidateOccupationGroup
from marketplace.extensions import db
from marketplace.records.importer import import_records
from marketplace.records.reader import parse_lines
from marketplace.taxonomy.queries import get_occupation_by_uri
from tests.factories import BUILDING_CLEANER, FORKLIFT, KITCHEN_ASSISTANT, WAREHOUSE

COPIED = ("postcode", "wishes_job", "wishes_internship", "wishes_volunteering", "wishes_training")


def expected_rows() -> set[tuple]:
    """(within, group_key, candidate_id, wished, postcode, wishes_job,
    wishes_internship, wishes_volunteering) for every eligible candidate, from the
    loaded objects."""
    rows: dict[tuple, bool] = {}
    copied: dict[int, tuple] = {}
    for candidate in db.session.scalars(select(Candidate)):
        db.session.refresh(candidate)
        if candidate.status != "active" or not candidate.has_active_consent:
            continue
        copied[candidate.id] = tuple(getattr(candidate, column) for column in COPIED)
        links = [(w.occupation, True) for w in candidate.wished_occupations]
        links += [(e.occupation, False) for e in candidate.experiences]
        for occupation, wished in links:
            code = occupation.isco_code
            keys = [(code[: n - 1], code[:n]) for n in range(1, 5)]
            keys.append((code[:4], str(occupation.id)))
            for within, key in keys:
                row = (within, key, candidate.id)
                rows[row] = rows.get(row, False) or wished
    return {(*row, wished, *copied[row[2]]) for row, wished in rows.items()}


def stored_rows() -> set[tuple]:
    groups = CandidateOccupationGroup
    columns = [getattr(groups, column) for column in COPIED]
    return {
        (within, key, candidate_id, bool(wished), postcode, *(bool(kind) for kind in kinds))
        for within, key, candidate_id, wished, postcode, *kinds in db.session.execute(
            select(groups.within, groups.group_key, groups.candidate_id, groups.wished, *columns)
        )
    }


def rows_of(candidate) -> set[tuple[str, str, bool]]:
    return {(row[0], row[1], row[3]) for row in stored_rows() if row[2] == candidate.id}


def occupation(uri: str) -> int:
    return get_occupation_by_uri(uri).id


@pytest.fixture
def worker(make_candidate):
    """A candidate with consent who wishes warehouse work (ISCO 9333) and did building
    cleaning (9112) and warehouse work before."""
    return make_candidate(
        consent=True,
        wished_occupations=frozenset({occupation(WAREHOUSE)}),
        experiences=[
            ExperienceEntry(occupation(BUILDING_CLEANER), None, 2, "SY"),
            ExperienceEntry(occupation(WAREHOUSE), None, 1, "SY"),
        ],
    )


def test_a_new_candidate_with_consent_has_one_row_per_group_and_level(worker):
    rows = rows_of(worker)
    assert ("", "9", True) in rows  # wished and done: one row, wished
    assert ("9", "93", True) in rows and ("9", "91", False) in rows  # 91: done only
    assert ("9333", str(occupation(WAREHOUSE)), True) in rows
    assert len([row for row in rows if row[0] == ""]) == 1
    assert stored_rows() == expected_rows()


def test_a_candidate_without_consent_has_no_rows(make_candidate):
    candidate = make_candidate(wished_occupations=frozenset({occupation(FORKLIFT)}))
    assert rows_of(candidate) == set()
    assert stored_rows() == expected_rows()


def test_editing_wishes_experience_and_status_keeps_the_rows_exact(app, worker):
    profile = replace(
        profile_of(worker),
        wished_occupations=frozenset({occupation(FORKLIFT), occupation(KITCHEN_ASSISTANT)}),
        experiences=[ExperienceEntry(occupation(WAREHOUSE), None, 1, "SY")],
    )
    with app.test_request_context():
        operations.update_candidate(worker, profile, expected_version=worker.version)
    db.session.commit()
    rows = rows_of(worker)
    assert ("", "8", True) in rows and ("", "9", True) in rows  # 9412 kitchen, 9333 done
    assert ("9", "91", False) not in rows  # the cleaning experience is gone
    assert stored_rows() == expected_rows()

    with app.test_request_context():
        operations.update_candidate(
            worker, replace(profile, status="paused"), expected_version=worker.version
        )
    db.session.commit()
    assert rows_of(worker) == set()
    assert stored_rows() == expected_rows()


def test_moving_and_changing_the_wished_kinds_are_copied_into_the_rows(app, worker):
    profile = replace(profile_of(worker), postcode="2100", wished_kinds=frozenset({"internship"}))
    with app.test_request_context():
        operations.update_candidate(worker, profile, expected_version=worker.version)
    db.session.commit()
    copies = {row[4:] for row in stored_rows() if row[2] == worker.id}
    assert copies == {("2100", False, True, False, False)}
    assert stored_rows() == expected_rows()


def test_consent_withdrawn_and_given_again_removes_and_restores_the_rows(app, users, worker):
    before = rows_of(worker)
    with app.test_request_context():
        operations.withdraw_consent(
            worker, withdrawn_on=date(2026, 2, 1), recorded_by=users["coach_a"]
        )
    db.session.commit()
    assert rows_of(worker) == set()
    assert stored_rows() == expected_rows()
    with app.test_request_context():
        operations.give_consent(
            worker, given_on=date(2026, 3, 1), method="signed_form", recorded_by=users["coach_a"]
        )
    db.session.commit()
    assert rows_of(worker) == before
    assert stored_rows() == expected_rows()


def test_a_handover_keeps_the_rows(app, users, worker):
    before = rows_of(worker)
    with app.test_request_context():
        operations.hand_over_candidate(worker, to_coach=users["coach_b"], note=None)
    db.session.commit()
    assert rows_of(worker) == before
    assert stored_rows() == expected_rows()


def test_erasure_removes_the_rows(app, worker):
    with app.test_request_context():
        erasure.erase_candidate(worker, reason="request")
    db.session.commit()
    assert rows_of(worker) == set()
    assert stored_rows() == expected_rows()


def test_a_change_written_outside_the_operations_is_seen_at_the_flush(worker):
    worker.status = "placed"
    db.session.flush()
    assert rows_of(worker) == set()
    worker.status = "active"
    db.session.commit()
    assert rows_of(worker) != set()
    assert stored_rows() == expected_rows()


def test_an_import_and_a_reimport_keep_the_rows_exact(app_ctx):
    records = [
        {"type": "organisation", "ref": "coaching", "name": "Coaching Groepen vzw",
         "role": "partner", "postcode": "2000"},
        {"type": "coach", "email": "groepen.coach@example.org", "name": "Ines Coach",
         "organisation": "coaching"},
        {"type": "candidate", "ref": "groups-1", "coach": "groepen.coach@example.org",
         "pseudonym": "Amal", "postcode": "2060", "dutch_level": "A1",
         "experience": [{"title": "schoonmaker", "occupation": BUILDING_CLEANER, "years": 3}],
         "wishes": {"occupations": [WAREHOUSE], "kinds": ["job"]}, "consent": True,
         "available_from": "2026-12-01"},
        {"type": "candidate", "ref": "groups-2", "coach": "groepen.coach@example.org",
         "pseudonym": "Bilal", "postcode": "2000", "dutch_level": "A2",
         "wishes": {"occupations": [FORKLIFT]}, "consent": True,
         "available_from": "2026-12-01"},
    ]  # fmt: skip
    import_records(parse_lines([json.dumps(record) for record in records]))
    db.session.commit()
    imported = db.session.scalars(select(Candidate).where(Candidate.ref.like("groups-%"))).all()
    assert all(rows_of(candidate) for candidate in imported)
    assert stored_rows() == expected_rows()

    records[2] = {**records[2], "wishes": {"occupations": [FORKLIFT]}, "experience": []}
    records[3] = {**records[3], "consent": False}
    import_records(parse_lines([json.dumps(record) for record in records]))
    db.session.commit()
    first, second = sorted(imported, key=lambda candidate: candidate.ref)
    assert {key for within, key, _wished in rows_of(first) if within == ""} == {"8"}
    assert rows_of(second) == set()
    assert stored_rows() == expected_rows()


def test_refreshing_rows_that_are_exact_changes_nothing(worker, make_candidate):
    make_candidate(consent=True, experiences=[ExperienceEntry(occupation(FORKLIFT), None, 1, "SY")])
    before = stored_rows()
    refresh_occupation_groups(db.session.scalars(select(Candidate.id)).all())
    assert stored_rows() == before == expected_rows()
