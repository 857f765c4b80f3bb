"""One way to make test data: organisations, users, candidates (and their barriers),
opportunities, proposals, trajectories, try-outs and their enrolments, API tokens.

Each factory takes keyword arguments whose defaults are what most tests want, and
returns the model flushed; ``commit=True`` commits it too (the test's transaction is
still rolled back afterwards), for tests whose requests, caches or other sessions must
see it as the app would. Candidates, opportunities and proposals are made through the
domain's operations, so the rules, audit events and data-version stamps apply as in
the app; organisations and users are rows of their own (as the test users are), and so
are what the operations no longer make or never write: a proposal for a try-out as
older databases hold them (``make_tryout_proposal``) and a try-out's day gone by
(``pass_tryout_day``).
Taxonomy rows are named by their ESCO URI (the constants below).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from marketplace.accounts.models import Organisation, User
from marketplace.accounts.passwords import hash_password
from marketplace.apitokens import operations as token_operations
from marketplace.apitokens.models import ApiToken
from marketplace.apitokens.scopes import scopes_for_role
from marketplace.barriers import operations as barrier_operations
from marketplace.barriers.models import CandidateBarrier
from marketplace.candidates import operations as candidate_operations
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import CandidateProfile, ExperienceEntry, profile_of
from marketplace.db_types import local_today, utcnow
from marketplace.extensions import db
from marketplace.opportunities import operations as opportunity_operations
from marketplace.opportunities.models import Opportunity
from marketplace.proposals import operations as proposal_operations
from marketplace.proposals.interviews import InterviewDetails
from marketplace.proposals.models import Interview, Proposal, ProposalEvent
from marketplace.taxonomy.queries import get_occupation_by_uri, get_skill_by_uri
from marketplace.trajectories import operations as trajectory_operations
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.tryouts import operations as tryout_operations
from marketplace.tryouts.models import TryoutEnrolment

#: ESCO occupations the tests use (ISCO-08 unit group in the comment).
FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"  # 8344
TRUCK_DRIVER = "http://data.europa.eu/esco/occupation/45037d43-a8f5-4f46-b332-b2935bc305f4"
WAREHOUSE = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"  # 9333
BUILDING_CLEANER = "http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397"
KITCHEN_ASSISTANT = "http://data.europa.eu/esco/occupation/e1cf6897-158d-4b48-a39e-2a3a8cac216c"
CARE_ASSISTANT = "http://data.europa.eu/esco/occupation/d38c2107-98f2-47b7-8bb4-f69750d51082"
#: ESCO skills the tests use.
TEAMWORK = "http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0"
LIFTING = "http://data.europa.eu/esco/skill/a60b664f-bb07-4dd1-8dfa-134a0827f8da"
LOADING = "http://data.europa.eu/esco/skill/682bb7ca-dbe9-4c33-9c7a-1ae56e28516e"

TEST_PASSWORD = "correct horse battery"
#: The day a candidate's consent is recorded on, and the day they agreed to a proposal.
CONSENT_GIVEN_ON = date(2026, 1, 5)
AGREED_ON = date(2026, 1, 6)
MOTIVATION = "Werkt nauwkeurig en graag in ploegen."

#: Opportunity life-cycle moves from a new draft to each status.
_TRANSITIONS_TO = {
    "draft": [],
    "published": ["publish"],
    "paused": ["publish", "pause"],
    "filled": ["publish", "fill"],
    "closed": ["publish", "close"],
}

_numbers = itertools.count(1)


def occupation(uri: str):
    """The taxonomy occupation with this ESCO URI."""
    found = get_occupation_by_uri(uri)
    assert found is not None, f"no occupation {uri} in the test taxonomy"
    return found


def occupation_id(uri: str) -> int:
    return occupation(uri).id


def skill(uri: str):
    """The taxonomy skill with this ESCO URI."""
    found = get_skill_by_uri(uri)
    assert found is not None, f"no skill {uri} in the test taxonomy"
    return found


def _saved(obj, commit: bool):
    db.session.flush()
    if commit:
        db.session.commit()
    return obj


def make_organisation(
    *, name: str | None = None, kind: str = "employer", sector: str | None = "H",
    postcode: str | None = "2030", commit: bool = False,
) -> Organisation:
    """An organisation (default: an employer in logistics in 2030)."""
    organisation = Organisation(
        name=name or f"Testorganisatie {next(_numbers)}", kind=kind, sector=sector,
        postcode=postcode,
    )
    db.session.add(organisation)
    return _saved(organisation, commit)


def make_user(
    organisation: Organisation, *, role: str = "coach", email: str | None = None,
    name: str | None = None, password: str | None = TEST_PASSWORD, commit: bool = False,
) -> User:
    """A user of ``organisation`` with ``role`` (admin, employer, coach, analyst) who can
    log in with ``password`` (``None``: no password set)."""
    number = next(_numbers)
    user = User(
        email=email or f"{role}.{number}@test.example",
        name=name or f"{role.title()} {number}",
        role=role,
        organisation=organisation,
        password_hash=hash_password(password) if password is not None else None,
    )
    db.session.add(user)
    return _saved(user, commit)


def candidate_profile(
    pseudonym: str = "Samir", *, wishes: Iterable[str] = (), experience: Iterable[str] = (),
    **fields,
) -> CandidateProfile:
    """A small valid profile: the required fields, and ``fields`` as given.

    ``wishes``: ESCO URIs of wished occupations; ``experience``: URIs of occupations
    with two years of experience in Syria each.
    """
    values = {
        "pseudonym": pseudonym,
        "postcode": "2060",
        "dutch_level": "A2",
        "allowed_to_work": "yes",
        "trajectory": "integrated",
    }
    if wishes:
        values["wished_occupations"] = frozenset(occupation_id(uri) for uri in wishes)
    if experience:
        values["experiences"] = [
            ExperienceEntry(occupation_id(uri), None, 2, "SY") for uri in experience
        ]
    values.update(fields)
    return CandidateProfile(**values)


def make_candidate(
    coach: User, *, pseudonym: str = "Samir", consent: bool = True, shared: bool = False,
    wishes: Iterable[str] = (), experience: Iterable[str] = (), commit: bool = False,
    **profile,
) -> Candidate:
    """A candidate in ``coach``'s caseload, through the candidates' operations.

    ``consent``: consent recorded (signed form, :data:`CONSENT_GIVEN_ON`); ``shared``:
    also shared with the partnership (which needs consent, so it gives it). The other
    keywords are :func:`candidate_profile`'s.
    """
    candidate = candidate_operations.create_candidate(
        coach, candidate_profile(pseudonym, wishes=wishes, experience=experience, **profile)
    )
    if consent or shared:
        candidate_operations.give_consent(
            candidate, given_on=CONSENT_GIVEN_ON, method="signed_form", recorded_by=coach
        )
    if shared:
        candidate.shared_with_partnership = True
    return _saved(candidate, commit)


def change_candidate(candidate: Candidate, *, commit: bool = False, **fields) -> Candidate:
    """Save ``candidate``'s profile with ``fields`` changed (:class:`CandidateProfile`
    names), through the candidates' operations: one "Profile changed" event in its
    history when a value differs."""
    candidate_operations.update_candidate(
        candidate, replace(profile_of(candidate), **fields), expected_version=candidate.version
    )
    return _saved(candidate, commit)


def opportunity_data(*, occupation_uri: str = FORKLIFT, **fields):
    """What an employer fills in for a forklift driver's job in 2030 (one place, day
    work, Dutch A2, closing in 30 days), with ``fields`` as given; ``occupation`` may be
    given as a taxonomy row instead of ``occupation_uri``."""
    values = {
        "kind": "job",
        "title": "Heftruckchauffeur",
        "postcode": "2030",
        "hours_per_week": 38,
        "schedule": {"day"},
        "places": 1,
        "dutch_level": "A2",
        "description": "Laden en lossen.",
        "contract_type": "interim",
        "closes_on": local_today() + timedelta(days=30),
    }
    values.update(fields)
    if "occupation" not in values:
        values["occupation"] = occupation(occupation_uri)
    return opportunity_operations.OpportunityData(**values)


def course_data(**fields):
    """What a training provider fills in for a forklift course in 2030: twelve places,
    six weeks from three weeks from now, day lessons, Dutch A2, no closing date (so it
    closes on the start date); ``fields`` as given (:func:`opportunity_data`'s
    keywords)."""
    values = {
        "kind": "training",
        "title": "Opleiding heftruckchauffeur",
        "places": 12,
        "hours_per_week": 30,
        "contract_type": None,
        "description": "Je leert veilig werken met een heftruck.",
        "starts_on": local_today() + timedelta(days=21),
        "duration_weeks": 6,
        "schedule_note": "ma-do 8.30-15.30",
        "closes_on": None,
    }
    values.update(fields)
    return opportunity_data(**values)


def make_course(provider: Organisation, *, status: str = "published", commit: bool = False,
                **fields) -> Opportunity:
    """A training course of ``provider`` (a training provider), as :func:`make_opportunity`
    makes a job; the keywords are :func:`course_data`'s."""
    course = opportunity_operations.create_opportunity(provider, course_data(**fields))
    for action in _TRANSITIONS_TO[status]:
        opportunity_operations.apply_transition(course, action, expected_version=course.version)
    return _saved(course, commit)


def make_opportunity(
    organisation: Organisation, *, status: str = "published", occupation_uri: str = FORKLIFT,
    commit: bool = False, **fields,
) -> Opportunity:
    """An opportunity of ``organisation`` through the opportunities' operations, moved
    to ``status`` (draft, published, paused, filled, closed) as an employer would.
    The other keywords are :func:`opportunity_data`'s."""
    opportunity = opportunity_operations.create_opportunity(
        organisation, opportunity_data(occupation_uri=occupation_uri, **fields)
    )
    for action in _TRANSITIONS_TO[status]:
        opportunity_operations.apply_transition(
            opportunity, action, expected_version=opportunity.version
        )
    return _saved(opportunity, commit)


def make_dated_opportunity(
    organisation: Organisation, *, published_at: datetime, status: str = "published",
    occupation_uri: str = FORKLIFT, commit: bool = False, **columns,
) -> Opportunity:
    """An opportunity row as it stood after being published at ``published_at`` (made a
    day before), written directly: the operations stamp the present moment, and reports
    over past periods need other moments. No audit event is written."""
    values = {
        "kind": "job",
        "title": "Heftruckchauffeur",
        "postcode": "2030",
        "hours_per_week": 38,
        "works_day": True,
        "places": 1,
        "dutch_level": "A2",
        "description": "Laden en lossen.",
        "contract_type": None,
        "closes_on": published_at.date() + timedelta(days=60),
    }
    values.update(columns)
    if values["kind"] == "job" and values["contract_type"] is None:
        values["contract_type"] = "interim"
    if values["kind"] == "internship":
        values.setdefault("internship_weeks", 8)
    if values["kind"] == "training":
        values.setdefault("duration_weeks", 6)
        values.setdefault("starts_on", values["closes_on"])  # open until it starts
    opportunity = Opportunity(
        organisation=organisation,
        occupation_id=occupation_id(occupation_uri),
        status=status,
        created_at=published_at - timedelta(days=1),
        updated_at=published_at,
        published_at=None if status == "draft" else published_at,
        **values,
    )
    db.session.add(opportunity)
    return _saved(opportunity, commit)


def interview_details(*, days_ahead: int = 7, hour: int = 10, hours: int = 1,
                      place: str | None = "Noorderlaan 100, 2030 Antwerpen",
                      online_url: str | None = None, contact_name: str = "Sara Peeters",
                      contact_phone: str | None = "03 123 45 67",
                      contact_email: str | None = "sara@test.example") -> InterviewDetails:
    """An interview's details for the operations: ``days_ahead`` days from now at
    ``hour`` o'clock UTC, an address unless ``online_url`` is given."""
    day = datetime.now(UTC).date() + timedelta(days=days_ahead)
    starts_at = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return InterviewDetails(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours),
        place=None if online_url else place, online_url=online_url,
        contact_name=contact_name, contact_phone=contact_phone, contact_email=contact_email,
    )


def make_interview(proposal: Proposal, employer: User, *, commit: bool = False,
                   **details) -> Interview:
    """The employer invites the proposed candidate to an interview (the answer
    "invite" with ``interview_details(**details)``), which mails the coach."""
    proposal_operations.answer_proposal(
        proposal, "invite", by=employer, expected_version=proposal.version,
        interview=interview_details(**details),
    )
    return _saved(proposal.open_interview, commit)


def make_proposal(
    coach: User, candidate: Candidate, opportunity: Opportunity, *,
    motivation: str = MOTIVATION, agreed_on: date = AGREED_ON,
    suggestion_entry_id: int | None = None, commit: bool = False,
) -> Proposal:
    """``coach`` proposes ``candidate`` for ``opportunity`` through the proposals'
    operation (which tells the employer's users)."""
    proposal = proposal_operations.propose_candidate(
        coach, candidate, opportunity, motivation=motivation, candidate_agreed_on=agreed_on,
        suggestion_entry_id=suggestion_entry_id,
    )
    return _saved(proposal, commit)


def make_barrier(
    candidate: Candidate, *, kind: str = "childcare", status: str = "open",
    noted_on: date | None = None, solved_on: date | None = None, support: str | None = None,
    referral: Organisation | None = None, recorded_by: User | None = None,
    commit: bool = False,
) -> CandidateBarrier:
    """A barrier of ``candidate`` through the barriers' operations (noted today by
    default; ``solved_on`` is needed with ``status="solved"``). Reports over past
    periods need old barriers: a ``noted_on`` before the candidate's registration moves
    the registration back to that day first, as if they had been registered then."""
    noted_on = noted_on or local_today()
    if barrier_operations.registered_on(candidate) > noted_on:
        # Noon UTC is that same day in Brussels.
        candidate.created_at = datetime.combine(noted_on, datetime.min.time(), UTC).replace(
            hour=12)
        db.session.flush()
    barrier = barrier_operations.add_barrier(
        candidate,
        barrier_operations.BarrierData(
            kind=kind, status=status, noted_on=noted_on, solved_on=solved_on, support=support,
            referral_organisation_id=referral.id if referral else None,
        ),
        recorded_by=recorded_by or candidate.coach,
    )
    return _saved(barrier, commit)


# --- trajectories -------------------------------------------------------------------------


def make_registered_candidate(
    coach: User, *, registered_on: date, commit: bool = False, **fields
) -> Candidate:
    """A candidate (see :func:`make_candidate`) registered on ``registered_on`` (noon in
    Brussels, as a moment), for steps and reports about the past."""
    candidate = make_candidate(coach, **fields)
    candidate.created_at = datetime.combine(registered_on, time(11, 0), tzinfo=UTC)
    return _saved(candidate, commit)


def make_decision(
    candidate: Candidate, coach: User, *, trajectory: str = "integrated",
    decided_on: date | None = None, partner: Organisation | None = None,
    note: str | None = None, commit: bool = False,
) -> TrajectoryDecision:
    """The partners' trajectory decision through the operation (default: integrated,
    today, by the coach's own partner organisation)."""
    decision = trajectory_operations.record_decision(
        candidate,
        trajectory_operations.DecisionDetails(
            trajectory=trajectory,
            decided_on=decided_on or local_today(),
            partner_id=(partner or coach.organisation).id,
            note=note,
        ),
        by=coach,
    )
    return _saved(decision, commit)


def make_step(
    candidate: Candidate, coach: User, *, kind: str = "intake",
    started_on: date | None = None, commit: bool = False, **fields,
) -> TrajectoryStep:
    """A manual step written by ``coach`` (default: an intake today); ``fields`` are
    the other :class:`StepDetails` fields (ended_on, organisation_name, dutch_level, ...)."""
    step = trajectory_operations.add_step(
        candidate,
        trajectory_operations.StepDetails(
            kind=kind, started_on=started_on or local_today(), **fields
        ),
        by=coach,
    )
    return _saved(step, commit)


# --- try-outs ------------------------------------------------------------------------------


def tryout_data(*, days_ahead: int = 14, further: Iterable[str] = (), **fields):
    """What an organiser fills in for a try-out in the port (2030): a session
    ``days_ahead`` days from today, 09:00 to 12:00, three seats, warehouse work to taste
    (``further``: ESCO URIs of further occupations), with ``fields`` as given."""
    session_on = local_today() + timedelta(days=days_ahead)
    values = {
        "kind": "tryout",
        "title": "Proeven van jobs: magazijn",
        "contract_type": None,
        "places": 3,
        "session_on": session_on,
        "session_starts": time(9, 0),
        "session_ends": time(12, 0),
        "street_address": "Noorderlaan 100",
        "closes_on": session_on,
        "description": "Een voormiddag meedraaien in het magazijn.",
        "further_occupations": [occupation(uri) for uri in further],
    }
    values.update(fields)
    return opportunity_data(**values)


def make_tryout(
    organisation: Organisation, *, status: str = "published", days_ahead: int = 14,
    further: Iterable[str] = (), commit: bool = False, **fields,
) -> Opportunity:
    """A try-out of ``organisation`` (an employer or a sector federation) through the
    opportunities' operations, moved to ``status``; the keywords are
    :func:`tryout_data`'s."""
    opportunity = opportunity_operations.create_opportunity(
        organisation, tryout_data(days_ahead=days_ahead, further=further, **fields)
    )
    for action in _TRANSITIONS_TO[status]:
        opportunity_operations.apply_transition(
            opportunity, action, expected_version=opportunity.version
        )
    return _saved(opportunity, commit)


def pass_tryout_day(tryout: Opportunity, *, days_ago: int = 0, commit: bool = False):
    """Let time pass: the try-out's session (and closing) day becomes ``days_ago`` days
    before today, written directly (the operations never publish a past session). Its
    enrolments stay as they were."""
    tryout.session_on = tryout.closes_on = local_today() - timedelta(days=days_ago)
    return _saved(tryout, commit)


def make_tryout_proposal(
    coach: User, candidate: Candidate, tryout: Opportunity, *, motivation: str = MOTIVATION,
    agreed_on: date = AGREED_ON, commit: bool = False,
) -> Proposal:
    """A proposal of ``candidate`` for ``tryout`` by ``coach``, as databases made before
    try-outs went by enrolment still hold them: the propose operation refuses a try-out
    now, so the row and its "proposed" event are written as it wrote them then (the
    employer's mail aside). Answer, withdraw or enrol through the operations."""
    now = utcnow()
    proposal = Proposal(
        candidate_id=candidate.id, opportunity_id=tryout.id, coach_id=coach.id,
        motivation=motivation, candidate_agreed_on=agreed_on, state="proposed",
        created_at=now, updated_at=now,
    )
    db.session.add(proposal)
    db.session.flush()
    db.session.add(ProposalEvent(proposal=proposal, from_state=None, to_state="proposed",
                                 actor_id=coach.id, at=now))
    return _saved(proposal, commit)


def make_enrolment(
    coach: User, candidate: Candidate, tryout: Opportunity, *, waiting_list: bool = False,
    suggestion_entry_id: int | None = None, commit: bool = False,
) -> TryoutEnrolment:
    """``coach`` enrols ``candidate`` in ``tryout`` through the try-outs' operation (a
    seat, or the waiting list when full and ``waiting_list``), from the suggestion
    ``suggestion_entry_id`` when given."""
    enrolment = tryout_operations.enrol_candidate(coach, candidate, tryout,
                                                  waiting_list=waiting_list,
                                                  suggestion_entry_id=suggestion_entry_id)
    return _saved(enrolment, commit)


# --- API tokens ----------------------------------------------------------------------


def make_api_token(
    organisation: Organisation, *, scopes: Iterable[str] | None = None,
    expires_at: datetime | None = None, name: str | None = None, created_by: User | None = None,
    commit: bool = False,
) -> tuple[ApiToken, str]:
    """A token of ``organisation`` and its bearer string (``wb_...``). Default: every
    scope its role can use, valid for 30 days. An ``expires_at`` in the past makes an
    expired token (made valid, then moved back, as time would)."""
    chosen = tuple(scopes) if scopes is not None else scopes_for_role(
        organisation.allowed_roles[0])
    expired = expires_at is not None and expires_at <= utcnow()
    token, secret = token_operations.create_token(
        organisation, name=name or f"Koppeling {next(_numbers)}", scopes=chosen,
        expires_at=utcnow() + timedelta(days=30) if expires_at is None or expired
        else expires_at, created_by=created_by)
    if expired:
        token.created_at = expires_at - timedelta(days=30)
        token.expires_at = expires_at
    return _saved(token, commit), secret
