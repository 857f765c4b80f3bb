"""Small hand-made spaces, candidates and opportunities for the matching tests."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
from scipy import sparse

from marketplace.matching.opportunity_table import OpportunitySpec, OpportunityTable
from marketplace.matching.pool import CandidatePool
from marketplace.matching.records import CandidateRecord, OpportunityRecord
from marketplace.matching.snapshot import PLAIN_ARRAYS, SPARSE_ARRAYS
from marketplace.matching.spaces import OccupationSpace, SkillSpace, Spaces, Vocabulary

OCCUPATIONS = {
    # id: (ISCO-08 unit group, ESCO code)
    "welder": ("7212", "7212.3"),
    "pipe welder": ("7212", "7212.3.3"),
    "solderer": ("7212", "7212.2"),
    "sheet metal worker": ("7213", "7213.1"),
    "blacksmith": ("7221", "7221.1"),
    "cook": ("5120", "5120.1"),
    "nurse": ("2221", "2221.1"),
}
SKILLS = ("metal work", "welding", "arc welding", "gas welding", "cooking", "first aid")
SKILL_PARENTS = ((), ("metal work",), ("welding",), ("welding",), (), ())
LANGUAGES = ("nl", "en", "fr", "ar")

ANTWERP = (51.2194, 4.4025)
"""Antwerpen (2000)."""
MECHELEN = (51.0259, 4.4776)
"""About 22 km south of Antwerpen."""


def make_spaces() -> Spaces:
    return Spaces(
        occupations=OccupationSpace(
            list(OCCUPATIONS), [v[0] for v in OCCUPATIONS.values()],
            [v[1] for v in OCCUPATIONS.values()],
        ),
        skills=SkillSpace(SKILLS, SKILL_PARENTS),
        languages=Vocabulary(LANGUAGES),
    )


def candidate(id, **fields) -> CandidateRecord:
    """A candidate who meets every hard requirement of :func:`opportunity` by default."""
    defaults = dict(
        dutch_level="B1", consent=True, allowed_to_work="yes",
        latitude=ANTWERP[0], longitude=ANTWERP[1], available_from="2026-03-01",
        experience=[("welder", 3)],
    )
    defaults.update(fields)
    return CandidateRecord(id=id, **defaults)


def opportunity(id="job", **fields) -> OpportunityRecord:
    defaults = dict(
        kind="job", occupation="welder", dutch_level="A2", language_support=False,
        latitude=ANTWERP[0], longitude=ANTWERP[1], hours_per_week=38, starts_on="2026-04-01",
    )
    defaults.update(fields)
    return OpportunityRecord(id=id, **defaults)


def pool_of(spaces, *records) -> CandidatePool:
    return CandidatePool.from_records(records, spaces)


def spec_of(spaces, **fields) -> OpportunitySpec:
    return OpportunitySpec.from_record(opportunity(**fields), spaces)


def assert_same_rows(rows, built) -> None:
    """Every array of two prepared candidate pools, and their coaches, sharing and refs,
    are equal (a refreshed pool against a full build)."""
    assert [int(i) for i in rows.pool.ids] == [int(i) for i in built.pool.ids]
    for name in PLAIN_ARRAYS:
        np.testing.assert_array_equal(getattr(rows.pool, name), getattr(built.pool, name),
                                      err_msg=name)
    for name in SPARSE_ARRAYS:
        a, b = getattr(rows.pool, name), getattr(built.pool, name)
        assert a.format == b.format and a.shape == b.shape, name
        for part in ("indptr", "indices", "data"):
            np.testing.assert_array_equal(getattr(a, part), getattr(b, part), err_msg=name)
    np.testing.assert_array_equal(rows.coach_ids, built.coach_ids)
    np.testing.assert_array_equal(rows.shared, built.shared)
    assert list(rows.refs) == list(built.refs)


def assert_same_table(table: OpportunityTable, built: OpportunityTable) -> None:
    """Every array of two opportunity tables, their specs and who was proposed where
    are equal (a refreshed table against a full build)."""
    assert table.ids == built.ids
    for name in (f.name for f in fields(OpportunityTable)):
        if name in ("specs", "spaces", "proposed"):
            continue
        a, b = getattr(table, name), getattr(built, name)
        if sparse.issparse(b):
            assert a.format == b.format == "csr" and a.has_sorted_indices, name
            assert a.shape == b.shape, name
            for part in ("indptr", "indices", "data"):
                np.testing.assert_array_equal(getattr(a, part), getattr(b, part), err_msg=name)
        else:
            np.testing.assert_array_equal(a, b, err_msg=name, strict=True)  # dtypes too
    assert [spec.already_proposed for spec in table.specs] == [
        spec.already_proposed for spec in built.specs]
    everyone = {candidate for spec in (*table.specs, *built.specs)
                for candidate in spec.already_proposed}
    for candidate in everyone | {"nobody"}:
        np.testing.assert_array_equal(table.proposed_rows(candidate),
                                      built.proposed_rows(candidate), strict=True)
