"""Demo trajectories: the partners' decisions and a timeline of steps for every demo
candidate, as the Antwerp projects saw them.

About a third follow a linear trajectory (civic integration and Dutch first); some of
those became integrated once their integration was finished. Most start with an intake
at their partner, take Dutch lessons at a CVO or through Atlas (A1, then A2), many join
a conversation group (praatgroep); a part take a step towards work (volunteering, a
training course, an internship), and the placed candidates found a job. Every date lies
between the person's registration and today. Seeded random: every load is the same.

A hire in the demo proposals already wrote its job step (an automatic step); such a
candidate gets no second job step here. Run after ``load_demo_proposals``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from marketplace.accounts.models import Organisation
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus, Trajectory
from marketplace.db_types import local_date, local_today
from marketplace.demo.accounts import ORGANISATIONS
from marketplace.demo.candidates import date_the_record
from marketplace.extensions import db
from marketplace.trajectories import operations
from marketplace.trajectories.operations import DecisionDetails, StepDetails
from marketplace.trajectories.queries import timeline_of
from marketplace.trajectories.vocab import StepKind

SEED = 20260418

#: Where the Dutch lessons take place (names outside Werkbrug), Atlas is in Werkbrug.
DUTCH_SCHOOLS = ("CVO Crescendo", "CVO Lethas", "CVO Encora", "Atlas")
CONVERSATION_GROUPS = (
    "Praatgroep Bibliotheek Permeke",
    "Praatgroep Atlas Deurne",
    "Praatcafé Buurtwerk Samen",
)
TRAININGS = (
    "VDAB Competentiecentrum Antwerpen (heftruck)",
    "VDAB opleiding lassen",
    "Syntra Antwerpen (logistiek medewerker)",
)
LINEAR_NOTES = (
    "Eerst inburgering en Nederlands afronden.",
    "Nog veel drempels: eerst het inburgeringstraject.",
)
INTEGRATED_NOTES = ("Start meteen met werk en les samen.", "Klaar voor werk naast de les.")


def _organisation_ids() -> dict[str, int]:
    """The demo organisations' ids by their key in ``demo.accounts``."""
    rows = db.session.execute(select(Organisation.name, Organisation.id))
    by_name = {name: organisation_id for name, organisation_id in rows}
    return {spec.key: by_name[spec.name] for spec in ORGANISATIONS if spec.name in by_name}


class _Timeline:
    """Writes one person's decisions and steps, never after today."""

    def __init__(self, rng: random.Random, candidate: Candidate, orgs: dict[str, int], today: date):
        self.rng = rng
        self.candidate = candidate
        self.orgs = orgs
        self.today = today
        self.registered = local_date(candidate.created_at)
        self.coach = candidate.coach

    def day(self, after: date, low: int, high: int) -> date | None:
        """A day ``low`` to ``high`` days after ``after``; None when that is after today."""
        found = after + timedelta(days=self.rng.randint(low, high))
        return found if found <= self.today else None

    def step(self, kind: StepKind, started: date, ended: date | None = None, *,
             organisation: str | None = None, name: str | None = None,
             level: str | None = None, organisation_id: int | None = None) -> None:
        if ended is not None and ended > self.today:
            ended, level = None, None  # still going on: no level reached yet
        written = operations.add_step(self.candidate, StepDetails(
            kind=kind, started_on=started, ended_on=ended,
            organisation_id=self.orgs.get(organisation) if organisation else organisation_id,
            organisation_name=name, dutch_level=level,
        ), by=self.coach)
        date_the_record(written, started, ended)

    def decide(self, trajectory: str, on: date, note: str) -> None:
        partner = self.candidate.organisation_id
        if self.rng.random() < 0.15:  # decided together with INTRO at a joint intake
            partner = self.orgs["intro"]
        decision = operations.record_decision(self.candidate, DecisionDetails(
            trajectory=trajectory, decided_on=on, partner_id=partner, note=note,
        ), by=self.coach)
        date_the_record(decision, on)

    def write(self, has_job_step: bool) -> None:
        rng, candidate = self.rng, self.candidate
        linear = candidate.trajectory == Trajectory.LINEAR
        intake = self.day(self.registered, 0, 5)
        if intake is None:
            return
        self.step(StepKind.INTAKE, intake, intake, organisation_id=candidate.organisation_id)
        decided = self.day(intake, 5, 20)
        if decided is None:
            return
        self.decide(str(candidate.trajectory), decided,
                    rng.choice(LINEAR_NOTES if linear else INTEGRATED_NOTES))
        course_end = self._dutch_courses(decided, always=linear)
        if rng.random() < 0.35 and (start := self.day(decided, 20, 70)):
            self.step(StepKind.CONVERSATION_GROUP, start, self.day(start, 60, 120),
                      name=rng.choice(CONVERSATION_GROUPS))
        if linear and course_end and rng.random() < 0.4 and (
                later := self.day(course_end, 5, 30)):
            # Civic integration finished: the partners move them to integrated.
            self.decide(str(Trajectory.INTEGRATED), later, "Inburgering afgerond.")
            linear = False
        towards = None
        if rng.random() < (0.12 if linear else 0.45) or (
                candidate.status == CandidateStatus.PLACED and rng.random() < 0.6):
            towards = self._towards_work(decided)
        if candidate.status == CandidateStatus.PLACED and not has_job_step:
            # Work after the step towards work, or some months after the decision; a
            # person placed sooner than that found it in the last weeks before today.
            start = (self.day(towards, 45, 120) if towards else self.day(decided, 90, 200)) \
                or self._recent_day(towards or decided)
            if start is not None:
                employer = rng.choice(("port", "hospital", "cleaning", "bakery"))
                self.step(StepKind.JOB, start, organisation=employer)

    def _recent_day(self, after: date) -> date | None:
        """A day in the later half of the time between ``after`` and today."""
        span = (self.today - after).days
        return after + timedelta(days=self.rng.randint(span // 2, span)) if span > 0 else None

    def _dutch_courses(self, decided: date, *, always: bool) -> date | None:
        """A1 (and then A2) at one school; the day the last one ended, or None."""
        if not always and self.rng.random() < 0.4:
            return None
        school = self.rng.choice(DUTCH_SCHOOLS)
        where = {"organisation": "atlas"} if school == "Atlas" else {"name": school}
        start = self.day(decided, 3, 25)
        if start is None:
            return None
        end = self.day(start, 70, 100)
        self.step(StepKind.DUTCH_COURSE, start, end or start + timedelta(days=90),
                  level="A1", **where)
        if end is None or (second := self.day(end, 7, 21)) is None:
            return None
        second_end = self.day(second, 80, 110)
        self.step(StepKind.DUTCH_COURSE, second, second_end or second + timedelta(days=90),
                  level="A2", **where)
        return second_end

    def _towards_work(self, decided: date) -> date | None:
        start = self.day(decided, 40, 150)
        if start is None:
            return None
        kind = self.rng.choices(
            (StepKind.VOLUNTEERING, StepKind.TRAINING, StepKind.INTERNSHIP), (40, 35, 25))[0]
        end = self.day(start, 30, 120)
        if kind == StepKind.VOLUNTEERING:
            self.step(kind, start, end, organisation="volunteering")
        elif kind == StepKind.TRAINING:
            self.step(kind, start, end, name=self.rng.choice(TRAININGS))
        else:
            self.step(kind, start, end, organisation=self.rng.choice(("port", "hospital")))
        return start


def load_demo_trajectories() -> int:
    """Decisions and steps for every demo candidate; returns how many steps were made.
    The loader's own writes do not count as the coaches' activity: each candidate
    keeps the moments of their last change and activity, and each decision and step
    is dated on its own day (``date_the_record``)."""
    rng = random.Random(SEED)
    orgs = _organisation_ids()
    today = local_today()
    candidates = db.session.scalars(
        select(Candidate).where(Candidate.status != CandidateStatus.ERASED).order_by(Candidate.id)
    ).all()
    steps = 0
    for candidate in candidates:
        kept = (candidate.updated_at, candidate.last_activity_at)
        has_job = any(step.kind == StepKind.JOB for step in timeline_of(candidate.id))
        _Timeline(rng, candidate, orgs, today).write(has_job)
        candidate.updated_at, candidate.last_activity_at = kept
        steps += len(timeline_of(candidate.id))
    db.session.flush()
    return steps
