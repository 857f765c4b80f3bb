"""The candidates' rows for the ranking, read from the database: every active candidate
(a full build of the pool) or those of some ids (a refresh after an edit), with the same
statements, so that a refresh loads a candidate exactly as a full build does.

Plain column rows, not ORM objects (a pool of 100,000 candidates builds in seconds); the
statements are built once per process. ``operations.py`` caches and refreshes what this
reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Float, Integer, String, bindparam, cast, literal, null, select, union_all

from marketplace.candidates.models import KIND_COLUMNS, Candidate
from marketplace.candidates.profile_rows import (
    CandidateExperience,
    CandidateLanguage,
    CandidateSkill,
    CandidateWishedOccupation,
    CandidateWishedSector,
)
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.extensions import db
from marketplace.matching.pool import CandidatePool
from marketplace.matching.snapshot import CandidateRows, candidate_rows_of
from marketplace.matching.spaces import Spaces
from marketplace.taxonomy.models import Postcode

_DAY_PART_COLUMNS = {
    "morning": "available_mornings",
    "afternoon": "available_afternoons",
    "evening": "available_evenings",
    "night": "available_nights",
    "weekend": "available_weekends",
}

_CANDIDATE_COLUMNS = (
    Candidate.id, Candidate.ref, Candidate.coach_id, Candidate.shared_with_partnership,
    Candidate.dutch_level, Candidate.has_active_consent, Candidate.allowed_to_work,
    Candidate.max_commute_km, Candidate.hours_per_week, Candidate.available_from,
    *(getattr(Candidate, column) for column in KIND_COLUMNS.values()),
    *(getattr(Candidate, column) for column in _DAY_PART_COLUMNS.values()),
    Postcode.latitude, Postcode.longitude,
)


#: The parts of :func:`_profile_statement`: the candidates' child rows by table.
_EXPERIENCE, _WISHED, _SECTORS, _SKILLS, _LANGUAGES = range(5)


def _profile_statement(in_pool):
    """The child rows (experience, wished occupations and sectors, skills, languages) of
    the candidates ``in_pool`` selects in one ``UNION ALL`` statement, each row marked
    with its part, where a table each took five (a refresh after every save of a
    profile ran all of them for a candidate or two)."""
    no_number, no_text, no_years = cast(null(), Integer), cast(null(), String), cast(null(), Float)

    def part(number, owner, value=no_number, text=no_text, level=no_text, years=no_years):
        return select(literal(number).label("part"), owner.label("owner"),
                      value.label("number"), text.label("text"), level.label("level"),
                      years.label("years")).where(owner.in_(in_pool))

    return union_all(
        part(_EXPERIENCE, CandidateExperience.candidate_id,
             CandidateExperience.occupation_id, years=CandidateExperience.years),
        part(_WISHED, CandidateWishedOccupation.candidate_id,
             CandidateWishedOccupation.occupation_id),
        part(_SECTORS, CandidateWishedSector.candidate_id, text=CandidateWishedSector.sector_code),
        part(_SKILLS, CandidateSkill.candidate_id, CandidateSkill.skill_id),
        part(_LANGUAGES, CandidateLanguage.candidate_id, text=CandidateLanguage.language_code,
             level=CandidateLanguage.level),
    )


def _grouped_profile_rows(rows) -> dict[int, dict[int, list]]:
    """The rows of :func:`_profile_statement` by part and then by candidate, as
    ``grouped_rows`` gives each table's."""
    grouped: dict[int, dict[int, list]] = {number: {} for number in range(5)}
    for kind, owner, number, text, level, years in rows:
        if kind == _EXPERIENCE:
            value = (number, years)
        elif kind == _LANGUAGES:
            value = (text, level)
        else:
            value = text if kind == _SECTORS else number
        grouped[kind].setdefault(owner, []).append(value)
    return grouped


def _candidate_statements(active) -> tuple:
    """The child rows' statement and the candidates' of the candidates ``active`` picks."""
    in_pool = select(Candidate.id).where(active)
    return _profile_statement(in_pool), (
        select(*_CANDIDATE_COLUMNS)
        .outerjoin(Postcode, Postcode.code == Candidate.postcode)
        .where(active)
        .order_by(Candidate.id)
    )


_ACTIVE = Candidate.status == CandidateStatus.ACTIVE
#: The statements of a full build and of a refresh (the ids an expanding parameter):
#: built once, not per refresh (building them and their cache keys cost about 0.8 ms
#: of every suggestion page after a save).
_ALL_CANDIDATES = _candidate_statements(_ACTIVE)
_SOME_CANDIDATES = _candidate_statements(
    _ACTIVE & Candidate.id.in_(bindparam("ids", expanding=True)))


def read_candidate_rows(version: int, spaces: Spaces,
                        ids: Iterable[int] | None = None) -> CandidateRows:
    """The rows of every active candidate, or of those among ``ids`` (a refresh), as
    candidates ``version`` of the ranking in ``spaces``."""
    # Plain rows, not ORM objects: a pool of 100,000 candidates builds in seconds.
    profile_statement, statement = _ALL_CANDIDATES if ids is None else _SOME_CANDIDATES
    parameters = {} if ids is None else {"ids": sorted(ids)}
    profile = _grouped_profile_rows(db.session.execute(profile_statement, parameters))
    experience, wished, sectors, skills, languages = (
        profile[part] for part in (_EXPERIENCE, _WISHED, _SECTORS, _SKILLS, _LANGUAGES))
    rows = db.session.execute(statement, parameters).mappings()
    records, coach_ids, shared, refs = [], [], [], []
    for row in rows:
        cid = row["id"]
        records.append({
            "id": cid,
            "dutch_level": row["dutch_level"] or "none",
            "consent": bool(row["has_active_consent"]),
            "allowed_to_work": row["allowed_to_work"] or "yes",
            "latitude": row["latitude"],
            "longitude": row["longitude"],
            "max_commute_km": row["max_commute_km"],
            "wished_kinds": [str(kind) for kind, column in KIND_COLUMNS.items()
                             if row[column]],
            "hours_per_week": row["hours_per_week"],
            "availability": [part for part, column in _DAY_PART_COLUMNS.items() if row[column]],
            "available_from": row["available_from"],
            "wished_sectors": sectors.get(cid, []),
            "experience": experience.get(cid, []),
            "wished_occupations": wished.get(cid, []),
            "skills": skills.get(cid, []),
            "languages": languages.get(cid, []),
        })
        coach_ids.append(row["coach_id"] or 0)
        shared.append(bool(row["shared_with_partnership"]))
        refs.append(row["ref"])
    return candidate_rows_of(CandidatePool.from_records(records, spaces), version,
                             coach_ids, shared, refs)
