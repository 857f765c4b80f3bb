"""Opportunities: jobs (and the input of the opportunities' operations), training
courses, try-outs, a row dated in the past for reports, and a try-out's day gone by."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from marketplace.accounts.models import Organisation
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities import operations as opportunity_operations
from marketplace.opportunities.models import Opportunity
from tests.factories.common import FORKLIFT, occupation, occupation_id, saved

#: Opportunity life-cycle moves from a new draft to each status.
_TRANSITIONS_TO = {
    "draft": [],
    "published": ["publish"],
    "paused": ["publish", "pause"],
    "filled": ["publish", "fill"],
    "closed": ["publish", "close"],
}


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
    return saved(course, commit)


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
    return saved(opportunity, commit)


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
    return saved(opportunity, commit)


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
    return saved(opportunity, commit)


def pass_tryout_day(tryout: Opportunity, *, days_ago: int = 0, commit: bool = False):
    """Let time pass: the try-out's session (and closing) day becomes ``days_ago`` days
    before today, written directly (the operations never publish a past session). Its
    enrolments stay as they were; its start date is its session's day."""
    tryout.session_on = tryout.closes_on = tryout.starts_on = (
        local_today() - timedelta(days=days_ago))
    return saved(tryout, commit)
