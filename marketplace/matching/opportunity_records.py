"""The ranking's view of opportunities, read from the database: which are open, the
record of each (``matching/records.py``'s fields) and who already counts as proposed
there. ``operations.py`` makes specs and the cached table of them."""

from __future__ import annotations

from sqlalchemy import bindparam, distinct, exists, func, or_, select

from marketplace.accounts.models import Organisation
from marketplace.data_versions import LOG_VERSIONS, DataChange, version_subquery
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity, OpportunityLanguage, OpportunitySkill
from marketplace.opportunities.rules import asks_weekly_hours
from marketplace.opportunities.vocab import SCHEDULE_COLUMNS, OpportunityStatus
from marketplace.proposals.models import Proposal
from marketplace.proposals.vocab import COUNTED_AS_PROPOSED
from marketplace.taxonomy.models import Postcode


def grouped_rows(statement, parameters: dict | None = None) -> dict[int, list]:
    """Rows of ``(candidate or opportunity id, value...)`` grouped by that id;
    ``parameters``: the values of the statement's ``bindparam``s."""
    grouped: dict[int, list] = {}
    for owner, *values in db.session.execute(statement, parameters):
        grouped.setdefault(owner, []).append(values[0] if len(values) == 1 else tuple(values))
    return grouped


def open_opportunities_query():
    """Published opportunities whose closing date has not passed: what can be proposed."""
    return select(Opportunity.id).where(
        Opportunity.status == OpportunityStatus.PUBLISHED,
        (Opportunity.closes_on.is_(None)) | (Opportunity.closes_on >= local_today()),
    )


def _skills_statement(condition):
    return (select(OpportunitySkill.opportunity_id, OpportunitySkill.skill_id,
                   OpportunitySkill.required).where(condition)
            .order_by(OpportunitySkill.opportunity_id, OpportunitySkill.id))


def _languages_statement(condition):
    return select(OpportunityLanguage.opportunity_id, OpportunityLanguage.language_code,
                  OpportunityLanguage.level, OpportunityLanguage.required).where(condition)


def _skills(condition) -> dict[int, list]:
    """Each opportunity's ``(skill id, required)`` in the opportunity's own order (the
    order its employer listed them in, ``Opportunity.skills``' order): explanations name
    matched and missing skills in this order, so it must not depend on the plan the
    database picks (the unique index on opportunity and skill gives skill id order, a
    scan the rows' physical order; the page of one opportunity and the table of every
    open one could each get another)."""
    return grouped_rows(_skills_statement(condition))


def _languages(condition) -> dict[int, list]:
    return grouped_rows(_languages_statement(condition))


#: The statements of one loaded opportunity (``loaded_record``, ``pair_record``: every
#: suggestion page and answer page), built once: building them and their cache keys
#: cost more CPU than running them. The same SQL as for many opportunities, with the
#: id as a parameter.
_ONE = bindparam("opportunity_id")
_SKILLS_OF_ONE = _skills_statement(OpportunitySkill.opportunity_id == _ONE)
_LANGUAGES_OF_ONE = _languages_statement(OpportunityLanguage.opportunity_id == _ONE)


def opportunity_records(ids_query) -> list[dict]:
    """The ranking's view of the opportunities ``ids_query`` selects."""
    skills = _skills(OpportunitySkill.opportunity_id.in_(ids_query))
    languages = _languages(OpportunityLanguage.opportunity_id.in_(ids_query))
    proposed = already_proposed_at(ids_query)
    rows = db.session.execute(
        select(Opportunity, Postcode.latitude, Postcode.longitude, Organisation.sector)
        .join(Postcode, Postcode.code == Opportunity.postcode)
        .join(Organisation, Organisation.id == Opportunity.organisation_id)
        .where(Opportunity.id.in_(ids_query))
        .order_by(Opportunity.id)
    ).all()
    return [_record(opportunity, latitude, longitude, sector, skills.get(opportunity.id, []),
                    languages.get(opportunity.id, []), proposed.get(opportunity.id, []))
            for opportunity, latitude, longitude, sector in rows]


def pair_record(opportunity: Opportunity) -> dict:
    """The record of one loaded opportunity for ranking one proposed pair: nobody counts
    as already proposed (the pair itself is), and the loaded row gives its place and
    organisation (joined when it was loaded), so only its skills and languages are
    read."""
    return _loaded_record(opportunity, [])


_SINCE = bindparam("since")
_LOGGED = DataChange.__table__.c
#: :func:`unchanged_since`'s statement, built once: the stamp now, how many of its
#: versions since ``since`` the change log holds, and whether one of them is about the
#: opportunity or about every row.
_UNCHANGED_SINCE = select(
    version_subquery("opportunities"),
    select(func.count(distinct(_LOGGED.version)))
    .where(_LOGGED.name == "opportunities", _LOGGED.version > _SINCE).scalar_subquery(),
    exists().where(_LOGGED.name == "opportunities", _LOGGED.version > _SINCE,
                   or_(_LOGGED.row_id == _ONE, _LOGGED.row_id.is_(None))),
)


def unchanged_since(version: int, opportunity_id: int) -> bool:
    """Whether the change log shows that nothing the ranking reads of the opportunity
    (its row, skills, languages, who was proposed there) changed after the
    ``opportunities`` stamp's ``version``: one statement. False when the log cannot
    tell (a version missing from it, pruned or raised by a bulk statement)."""
    now, logged, touched = db.session.execute(
        _UNCHANGED_SINCE, {"since": version, "opportunity_id": opportunity_id}).one()
    return (version <= now and now - version <= LOG_VERSIONS and logged == now - version
            and not touched)


def loaded_record(opportunity: Opportunity) -> dict:
    """The record of one loaded opportunity (of any status), with who already counts as
    proposed there: ``opportunity_records`` of it without reading its row, place and
    organisation again (joined when it was loaded)."""
    return _loaded_record(opportunity, already_proposed(opportunity.id))


def _loaded_record(opportunity: Opportunity, proposed: list) -> dict:
    one = {"opportunity_id": opportunity.id}
    skills = grouped_rows(_SKILLS_OF_ONE, one)
    languages = grouped_rows(_LANGUAGES_OF_ONE, one)
    place = opportunity.place
    return _record(opportunity, place.latitude, place.longitude,
                   opportunity.organisation.sector, skills.get(opportunity.id, []),
                   languages.get(opportunity.id, []), proposed)


def _record(opportunity: Opportunity, latitude, longitude, sector, own_skills: list,
            languages: list, proposed: list) -> dict:
    """The record of one opportunity from its row and its grouped skills, languages and
    proposed candidates."""
    return {
        "id": opportunity.id,
        "ref": opportunity.ref,
        "kind": opportunity.kind,
        "occupation": opportunity.occupation_id,
        "dutch_level": opportunity.dutch_level,
        "language_support": opportunity.language_support,
        "latitude": latitude,
        "longitude": longitude,
        # A try-out's stored hours are no week's work: no hours to compare, no mark.
        "hours_per_week": (opportunity.hours_per_week if asks_weekly_hours(opportunity.kind)
                           else None),
        "schedule": [part for part, column in SCHEDULE_COLUMNS.items()
                     if getattr(opportunity, column)],
        "starts_on": opportunity.starts_on,
        "sector": sector,
        "skills_required": [skill for skill, required in own_skills if required],
        "skills_advantage": [skill for skill, required in own_skills if not required],
        "languages": languages,
        "already_proposed": proposed,
    }


def already_proposed(opportunity_id: int) -> list[int]:
    """Candidates proposed (still open) or hired at this opportunity: the ranking leaves
    them out. A declined or withdrawn proposal does not count."""
    return grouped_rows(_PROPOSED_AT_ONE, {"opportunity_id": opportunity_id}
                        ).get(opportunity_id, [])


def _proposed_statement(condition):
    return (select(Proposal.opportunity_id, Proposal.candidate_id)
            .where(condition, Proposal.state.in_(sorted(COUNTED_AS_PROPOSED)))
            .order_by(Proposal.opportunity_id, Proposal.candidate_id))


def already_proposed_at(ids_query) -> dict[int, list[int]]:
    """:func:`already_proposed` for every opportunity ``ids_query`` selects, in one
    grouped query (the opportunity table is rebuilt with thousands of them)."""
    return grouped_rows(_proposed_statement(Proposal.opportunity_id.in_(ids_query)))


#: :func:`already_proposed`'s statement, built once (as ``_SKILLS_OF_ONE``): the
#: proposals name their opportunity, so its id is compared directly.
_PROPOSED_AT_ONE = _proposed_statement(Proposal.opportunity_id == _ONE)
