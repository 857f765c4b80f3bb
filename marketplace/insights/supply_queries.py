"""The supply side's aggregates behind the insights dashboards: candidates who are
**active now** and have an **open consent** record (see ``queries.py`` for the rules
both sides share). Raw counts per group only; ``supply_tables.py`` protects them.

Every aggregate reads through ``read_session()``, like the demand side's.
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, literal, or_, select

from marketplace.candidates.models import KIND_COLUMNS, Candidate
from marketplace.candidates.report_copies import CandidateOccupationGroup
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.database import read_session
from marketplace.insights.answers import Count, GroupSupply
from marketplace.insights.cache import kept
from marketplace.insights.queries import InsightFilters, counts_of


def eligible_candidates(filters: InsightFilters) -> list:
    """Conditions for active candidates with open consent, in the filters' region and
    open to the filters' kind (see the module docstring); inside an occupation group,
    those who wish work in it or did it (as ``supply_population`` counts them)."""
    conditions = [
        Candidate.status == CandidateStatus.ACTIVE,
        Candidate.has_active_consent,
        *candidate_filters(filters),
    ]
    if filters.group:
        groups = CandidateOccupationGroup
        conditions.append(
            Candidate.id.in_(
                select(groups.candidate_id).where(
                    groups.within == filters.group[:-1], groups.group_key == filters.group
                )
            )
        )
    return conditions


def candidate_filters(filters: InsightFilters, source=Candidate) -> list:
    """Conditions for candidates in the filters' region and open to the filters' kind,
    on ``source``: the candidate, or a table with copies of its postcode and wished
    kinds (``CandidateOccupationGroup``)."""
    conditions = []
    if filters.postcodes is not None:
        conditions.append(source.postcode.in_(filters.postcodes))
    if filters.kind in KIND_COLUMNS:  # try-outs are open to everyone
        wishes = [getattr(source, column).is_(True) for column in KIND_COLUMNS.values()]
        wanted = getattr(source, KIND_COLUMNS[filters.kind]).is_(True)
        conditions.append(or_(wanted, and_(*(~wish for wish in wishes))))
    return conditions


@kept("candidates")
def supply_by_dutch_level(filters: InsightFilters) -> tuple[Count, ...]:
    return counts_of(
        select(Candidate.dutch_level, func.count(), literal(0))
        .where(*eligible_candidates(filters))
        .group_by(Candidate.dutch_level)
    )


@kept("candidates")
def supply_by_occupation(filters: InsightFilters) -> tuple[GroupSupply, ...]:
    """Eligible candidates per occupation group one level below ``filters.group``,
    through their wished occupations and their experience together: each candidate
    counts once per group however many of their occupations fall in it.

    Read from ``candidate_occupation_group``, which holds exactly one row per eligible
    candidate and group at each level, with the candidate's postcode and wished kinds
    (kept by ``candidates/occupation_groups.py``): one index range scan."""
    groups = CandidateOccupationGroup
    rows = read_session().execute(
        select(
            groups.group_key,
            func.sum(case((groups.wished.is_(True), 1), else_=0)),
            func.count(),
        )
        .where(groups.within == filters.group, *candidate_filters(filters, groups))
        .group_by(groups.group_key)
    )
    return [GroupSupply(key, int(wishing or 0), int(both)) for key, wishing, both in rows]


@kept("candidates")
def supply_population(filters: InsightFilters) -> Count:
    """How many eligible candidates the selection holds before any breakdown: all of
    them in the region and kind at the top level (the sum of the Dutch levels, a
    question the supply page asks anyway); inside an ISCO group, those who wish work in
    it or did it (the group's row one level up, one index range scan). A ``Count``, so
    the shared cache can keep it."""
    if not filters.group:
        return Count("", sum(count.units for count in supply_by_dutch_level(filters)))
    groups = CandidateOccupationGroup
    people = read_session().scalar(
        select(func.count()).where(
            groups.within == filters.group[:-1],
            groups.group_key == filters.group,
            *candidate_filters(filters, groups),
        )
    )
    return Count(filters.group, int(people or 0))
