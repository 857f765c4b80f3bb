"""What an employer may know of a proposal (``EmployerView``): for the API's received
proposals, the inbox of an opportunity and the answer page. Never the candidate object
itself (``queries`` module docstring)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from sqlalchemy import (
    Float,
    Integer,
    Select,
    String,
    bindparam,
    case,
    literal,
    select,
    union_all,
)

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate
from marketplace.candidates.profile_rows import (
    CandidateExperience,
    CandidateLanguage,
    CandidateSkill,
)
from marketplace.candidates.vocabularies import CandidateStatus, DayPart
from marketplace.db_types import local_date
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.list_queries import waiting_count_select
from marketplace.proposals.models import Proposal
from marketplace.proposals.vocab import OPEN_STATES, ProposalState
from marketplace.taxonomy.models import Language, Occupation, Skill
from marketplace.web.labels import choice_label


@dataclass(frozen=True)
class EmployerView:
    """What an employer may know of a proposed candidate, and nothing more: no contact
    details, no address or postcode, no gender, birth year or notes. The coach's work
    contact (name, organisation, work e-mail and phone) is there: the employer calls
    the coach, never the candidate."""

    proposal_id: int
    state: str
    version: int
    proposed_on: date
    interview_on: date | None
    decline_reason: str | None
    pseudonym: str | None
    dutch_level: str | None
    languages: list[tuple[str, str]]
    experience: list[tuple[str, float]]
    skills: list[str]
    hours_per_week: int | None
    available_from: date | None
    day_parts: list[str]
    motivation: str | None
    coach_name: str
    coach_organisation: str
    coach_email: str
    coach_phone: str | None
    #: Still open, but the candidate was placed (hired elsewhere): marked on the page.
    placed_elsewhere: bool = False
    #: ``Proposal.placed_by_same_employer``: placed by this employer's own hire.
    placed_by_same_employer: bool = False


def employer_view(proposal: Proposal, locale: str) -> EmployerView:
    """The employer's view of a proposal. A withdrawn proposal shows no profile."""
    candidate: Candidate = proposal.candidate
    language_name = "name_en" if locale == "en" else "name_nl"
    return _view(
        proposal.id, proposal.state, proposal.version, proposal.created_at,
        proposal.interview_on, proposal.decline_reason, proposal.motivation,
        candidate.status, candidate.pseudonym, candidate.dutch_level,
        candidate.hours_per_week, candidate.available_from,
        *(getattr(candidate, part.column) for part in DayPart),
        proposal.coach.name, proposal.coach.email, proposal.coach.work_phone,
        proposal.coach.organisation.name,
        languages=lambda: [(getattr(row.language, language_name), row.level)
                           for row in candidate.languages],
        experience=lambda: [(row.occupation.label(locale), row.years)
                            for row in candidate.experiences],
        skills=lambda: [row.skill.label(locale) for row in candidate.skills],
        hired_here=proposal.placed_by_same_employer,
    )


#: What ``_view`` takes of a proposal, its candidate and its coach, in its order.
_VIEW_COLUMNS = (
    Proposal.id, Proposal.state, Proposal.version, Proposal.created_at,
    Proposal.interview_on, Proposal.decline_reason, Proposal.motivation,
    Candidate.status, Candidate.pseudonym, Candidate.dutch_level, Candidate.hours_per_week,
    Candidate.available_from, *(getattr(Candidate, part.column) for part in DayPart),
    User.name, User.email, User.work_phone, Organisation.name,
)


def inbox(opportunity: Opportunity, locale: str) -> tuple[list[EmployerView], int | None]:
    """``(views, waiting)``: ``employer_view`` of each of the opportunity's proposals,
    newest first (``_views``); and ``waiting_count`` of the opportunity's organisation,
    read in the same statement for the menu (None when the opportunity has no
    proposals, so no rows to carry it)."""
    return _views(locale, False, {"opportunity_id": opportunity.id,
                                  "organisation_id": opportunity.organisation_id})


def answer_view(proposal: Proposal, locale: str) -> tuple[EmployerView, int]:
    """``(view, waiting)``: ``employer_view`` of one proposal, for the answer page, read
    as the inbox reads its rows (``_views``): two statements instead of four (the coach,
    and the candidate's languages, experience and skills with their whole taxonomy
    rows); and ``waiting_count`` of the opportunity's organisation, for the menu."""
    views, waiting = _views(locale, True,
                            {"proposal_id": proposal.id,
                             "organisation_id": proposal.opportunity.organisation_id})
    return views[0], waiting


@cache
def _views_select(one_proposal: bool) -> Select:
    """The statement of ``_views``: the proposal ``proposal_id`` (a parameter), or every
    proposal of the opportunity ``opportunity_id``, newest first; its last column
    ``waiting_count`` of the organisation ``organisation_id``. Built once each:
    building this select and its cache key cost about 0.2 ms of every inbox."""
    # Proposal.placed_by_same_employer, asked only where the candidate is placed.
    hired_here = case((Candidate.status == CandidateStatus.PLACED,
                       Proposal.candidate_hired_here), else_=False)
    return (
        select(Candidate.id, *_VIEW_COLUMNS, hired_here,
               waiting_count_select(bindparam("organisation_id")).scalar_subquery())
        .join(Candidate, Candidate.id == Proposal.candidate_id)
        .join(User, User.id == Proposal.coach_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(_chosen(one_proposal))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    )


def _chosen(one_proposal: bool):
    """Which proposals ``_views`` shows: the proposal ``proposal_id`` (a parameter), or
    every proposal of the opportunity ``opportunity_id``."""
    return (Proposal.id == bindparam("proposal_id") if one_proposal
            else Proposal.opportunity_id == bindparam("opportunity_id"))


def _views(locale: str, one_proposal: bool,
           parameters: dict) -> tuple[list[EmployerView], object]:
    """``employer_view`` of each proposal ``_views_select(one_proposal)`` reads with
    ``parameters``, as rows of the columns it shows in two statements for the whole
    list and no objects (the candidates, their languages, experience and skills, and
    the coaches as ORM objects cost the inbox more CPU than the rest of the page); and
    the value of its last column, the menu's count, read with them (None without
    rows)."""
    rows = db.session.execute(_views_select(one_proposal), parameters).all()
    languages, experience, skills = _profile_lists({row[0] for row in rows}, locale,
                                                   one_proposal, parameters)
    end = len(_VIEW_COLUMNS) + 1
    views = [_view(*row[1:end], languages=lambda key=row[0]: languages[key],
                   experience=lambda key=row[0]: experience[key],
                   skills=lambda key=row[0]: skills[key], hired_here=bool(row[end]))
             for row in rows]
    return views, (rows[0][-1] if rows else None)


#: The parts of ``_profile_lists``'s statement, by the number in its first column.
_LANGUAGES, _EXPERIENCE, _SKILLS = 0, 1, 2


def _profile_lists(ids: set[int], locale: str, one_proposal: bool,
                   parameters: dict) -> tuple[dict, dict, dict]:
    """The languages ``(name, level)``, experience ``(label, years)`` and skill labels
    of the candidates ``ids`` (those of the proposals ``_views_select(one_proposal)``
    reads with ``parameters``), each a dict by candidate id, in one statement (three
    selects joined by UNION ALL, told apart by their first column; one statement
    instead of three saves the inbox two round trips)."""
    lists = {part: {key: [] for key in ids} for part in (_LANGUAGES, _EXPERIENCE, _SKILLS)}
    if not ids:
        return lists[_LANGUAGES], lists[_EXPERIENCE], lists[_SKILLS]
    for part, key, first, second, years, _text, _number in db.session.execute(
        _profile_lists_select(locale == "en", one_proposal), parameters
    ):
        if part == _LANGUAGES:
            lists[part][key].append((first, second))
        elif part == _EXPERIENCE:
            # as Occupation.label words it
            lists[part][key].append((second if locale == "en" else first, years))
        else:
            # as Skill.label words it (English when there is no Dutch label)
            lists[part][key].append(first if locale != "en" and first else second)
    return lists[_LANGUAGES], lists[_EXPERIENCE], lists[_SKILLS]


@lru_cache(maxsize=4)
def _profile_lists_select(english: bool, one_proposal: bool) -> Select:
    """The statement of ``_profile_lists``, built once per language and ``one_proposal``
    (building a union of three selects cost more Python than the three statements it
    replaces): for the candidates of the proposals ``_views_select(one_proposal)``
    reads, named by the same parameters, not by a list of ids: the same SQL for every
    inbox, which the driver prepares once, and no list expanded into it each time."""
    ids = select(Proposal.candidate_id).where(_chosen(one_proposal))
    language_name = Language.name_en if english else Language.name_nl
    no_text, no_number, no_years = (literal(None, String), literal(None, Integer),
                                    literal(None, Float))
    # Columns: part, candidate, two texts, years, then the order within the part.
    parts = union_all(
        select(literal(_LANGUAGES, Integer), CandidateLanguage.candidate_id, language_name,
               CandidateLanguage.level, no_years, CandidateLanguage.language_code, no_number)
        .join(Language, Language.code == CandidateLanguage.language_code)
        .where(CandidateLanguage.candidate_id.in_(ids)),
        select(literal(_EXPERIENCE, Integer), CandidateExperience.candidate_id,
               Occupation.label_nl, Occupation.label_en, CandidateExperience.years, no_text,
               CandidateExperience.id)
        .join(Occupation, Occupation.id == CandidateExperience.occupation_id)
        .where(CandidateExperience.candidate_id.in_(ids)),
        select(literal(_SKILLS, Integer), CandidateSkill.candidate_id, Skill.label_nl,
               Skill.label_en, no_years, no_text, CandidateSkill.skill_id)
        .join(Skill, Skill.id == CandidateSkill.skill_id)
        .where(CandidateSkill.candidate_id.in_(ids)),
    ).subquery()
    columns = list(parts.c)
    return select(parts).order_by(columns[0], columns[5], columns[6])


def _view(proposal_id, state, version, created_at, interview_on, decline_reason,
          motivation, status, pseudonym, dutch_level, hours_per_week, available_from,
          *rest, languages, experience, skills, hired_here: bool = False) -> EmployerView:
    """The one rule of what an employer sees, from the values of ``_VIEW_COLUMNS``;
    ``languages``, ``experience`` and ``skills`` give the lists, called only when the
    profile shows; ``hired_here``: ``Proposal.candidate_hired_here`` (read for a placed
    candidate)."""
    *day_part_values, coach_name, coach_email, coach_phone, coach_organisation = rest
    shows_profile = state != ProposalState.WITHDRAWN
    placed = shows_profile and state in OPEN_STATES and status == CandidateStatus.PLACED
    details = {}
    if shows_profile and status != CandidateStatus.ERASED:
        details = dict(
            pseudonym=pseudonym,
            dutch_level=dutch_level,
            languages=languages(),
            # the longest experience first
            experience=sorted(experience(), key=lambda item: -item[1]),
            skills=skills(),
            hours_per_week=hours_per_week,
            available_from=available_from,
            day_parts=[choice_label("day_part", str(part))
                       for part, on in zip(DayPart, day_part_values, strict=True) if on],
            motivation=motivation,
        )
    empty = dict(pseudonym=None, dutch_level=None, languages=[], experience=[], skills=[],
                 hours_per_week=None, available_from=None, day_parts=[], motivation=None)
    return EmployerView(
        proposal_id=proposal_id, state=state, version=version,
        proposed_on=local_date(created_at), interview_on=interview_on,
        decline_reason=decline_reason,
        coach_name=coach_name, coach_organisation=coach_organisation,
        coach_email=coach_email, coach_phone=coach_phone,
        # Proposal.placed_elsewhere and Proposal.placed_by_same_employer
        placed_elsewhere=placed,
        placed_by_same_employer=placed and hired_here,
        **{**empty, **details},
    )
