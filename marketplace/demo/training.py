"""Demo training courses: three vocational courses of the demo training provider
(VDAB Competentiecentrum Antwerpen, 2030): forklift driver, welder, and warehouse
worker with Dutch (NT2) support, each with a start date a few weeks ahead, a length
and lesson times. The first demo coach proposes four candidates and the provider has
answered three: accepted, waiting list and declined; one still waits.

Made through the domains' operations (publication rules, audit events, mails), after
``load_demo_news`` so that the answers are news on the coach's home page. Dates are
relative to the day of loading (a course starts on a working day: ``dates.py``);
nothing is random, so every load gives the same data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import local_today
from marketplace.demo.accounts import ORGANISATIONS
from marketplace.demo.dates import working_day_from_today
from marketplace.demo.esco import FORKLIFT, WAREHOUSE
from marketplace.demo.proposals import COACH_EMAIL
from marketplace.extensions import db
from marketplace.opportunities.operations import (
    OpportunityData,
    SkillWish,
    create_opportunity,
)
from marketplace.opportunities.vocab import OpportunityKind
from marketplace.proposals import operations as proposals
from marketplace.taxonomy.queries import get_occupation_by_uri, get_skill_by_uri

PROVIDER_KEY = "training"
PROVIDER_EMAIL = "opleiding@werkbrug.demo"
WELDER = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"  # 7212
OPERATE_FORKLIFT = "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"
ARC_WELDING = "http://data.europa.eu/esco/skill/27d26fd6-5795-4f0a-884e-112df7c68314"


@dataclass(frozen=True)
class DemoCourse:
    title: str
    occupation: str
    skill: str | None
    places: int
    hours: float
    starts_in_days: int
    weeks: int
    schedule_note: str
    dutch_level: str
    language_support: bool
    certificates: str
    description: str


COURSES = (
    DemoCourse(
        "Opleiding heftruckchauffeur", FORKLIFT, OPERATE_FORKLIFT, 12, 30, 21, 4,
        "maandag tot donderdag, 8.30 tot 15.30", "A2", True, "",
        "Je leert veilig rijden met een heftruck en een reachtruck. Je oefent in onze "
        "hal in de haven. Na de opleiding doe je de proef voor het attest heftruck.",
    ),
    DemoCourse(
        "Opleiding lasser MIG/MAG", WELDER, ARC_WELDING, 8, 36, 35, 20,
        "maandag tot vrijdag, 8.00 tot 15.30", "A2", False, "VCA basisveiligheid",
        "Je leert lassen met MIG/MAG en elektrode, plannen lezen en veilig werken. "
        "Daarna loop je vier weken stage bij een bedrijf in de haven.",
    ),
    DemoCourse(
        "Magazijnmedewerker met NT2-ondersteuning", WAREHOUSE, None, 15, 24, 14, 10,
        "maandag, dinsdag en donderdag; woensdag les Nederlands", "A1", True, "",
        "Je leert orders klaarzetten, scannen en stockbeheer. Een taalcoach helpt je "
        "met de woorden van het magazijn. Je Nederlands groeit mee.",
    ),
)

#: The provider's answers to the coach's proposals, in order; None: not answered yet.
ANSWERS = ("hire", "waiting_list", "decline", None)
MOTIVATION = "Wil graag een vak leren en is elke dag op tijd. Volgt Nederlands op A2."


def _provider() -> Organisation:
    name = next(spec.name for spec in ORGANISATIONS if spec.key == PROVIDER_KEY)
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def _course_data(spec: DemoCourse) -> OpportunityData:
    starts_on = working_day_from_today(spec.starts_in_days)
    skills = [SkillWish(get_skill_by_uri(spec.skill), False)] if spec.skill else []
    return OpportunityData(
        kind=OpportunityKind.TRAINING, title=spec.title,
        occupation=get_occupation_by_uri(spec.occupation), postcode="2030",
        hours_per_week=spec.hours, schedule={"day"}, places=spec.places,
        dutch_level=spec.dutch_level, description=spec.description,
        duration_weeks=spec.weeks, schedule_note=spec.schedule_note, starts_on=starts_on,
        closes_on=None, language_support=spec.language_support,  # open until the start
        certificates=spec.certificates, skills=skills,
    )


def load_demo_training() -> int:
    """Publish the three demo courses and make the proposals and answers; returns how
    many courses were made."""
    provider = _provider()
    answerer = db.session.scalar(select(User).where(User.email == PROVIDER_EMAIL))
    courses = [create_opportunity(provider, _course_data(spec), publish=True)
               for spec in COURSES]
    coach = db.session.scalar(select(User).where(User.email == COACH_EMAIL))
    candidates = db.session.scalars(
        select(Candidate).where(Candidate.coach_id == coach.id,
                                Candidate.status == CandidateStatus.ACTIVE,
                                Candidate.has_active_consent)
        .order_by(Candidate.id.desc()).limit(len(ANSWERS))
    ).all()
    for index, (candidate, answer) in enumerate(zip(candidates, ANSWERS, strict=False)):
        course = courses[index % 2]  # forklift and welding: a waiting list fits both
        proposal = proposals.propose_candidate(
            coach, candidate, course, motivation=MOTIVATION,
            candidate_agreed_on=local_today() - timedelta(days=2),
        )
        if answer is not None:
            proposals.answer_proposal(
                proposal, answer, by=answerer, expected_version=proposal.version,
                decline_reason="language" if answer == "decline" else None,
            )
    return len(courses)
