"""Demo candidates: about 300 newcomers in the caseloads of the four demo coaches.

Deterministic (seeded random). Realistic for Antwerp: people from Syria, Afghanistan,
Eritrea, Somalia, Ukraine, Morocco, Guinea, Congo, Nigeria, Turkey, Venezuela...; their
languages with levels; Dutch mostly between none and B1; experience in logistics,
cleaning, care, hospitality, construction, retail and food production with real ESCO
occupation URIs; Antwerp postcodes; created over the last nine months. Most gave
consent, a few withdrew it, some are shared with the partnership and a few were handed
over. Contact details use the reserved example.org domain and are clearly not real.

The candidates are made with the real operations (so every rule holds), then their
dates are moved into the past; the audit log keeps the day of loading. The sectors,
origins, postcodes and notes they are drawn from are in ``candidate_data.py``.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.candidates import operations
from marketplace.candidates.models import Candidate
from marketplace.candidates.operations import CandidateProfile, ExperienceEntry
from marketplace.candidates.vocabularies import (
    CandidateStatus,
    CommuteMeans,
    ConsentMethod,
    DiplomaRecognition,
    DutchLevelSource,
    EducationLevel,
    Trajectory,
    WorkPermission,
)
from marketplace.db_types import local_midnight, utcnow
from marketplace.demo import esco
from marketplace.demo.candidate_data import (
    DAY_PARTS_BY_TRAJECTORY,
    DUTCH_LEVELS,
    NOTES,
    ORIGINS,
    OTHER_JOBS,
    POSTCODES,
    SECTORS,
    TRANSVERSAL_SKILLS,
    Origin,
)
from marketplace.extensions import db

SEED = 20260401
CANDIDATES_PER_COACH = 75
COACH_EMAILS = (
    "coach@werkbrug.demo",
    "coach2@werkbrug.demo",
    "coach3@werkbrug.demo",
    "coach4@werkbrug.demo",
)
HISTORY_DAYS = 270


def _ids(rows: dict) -> dict[str, int]:
    """URI -> id, what the profiles hold."""
    return {uri: row.id for uri, row in rows.items()}


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


class _Maker:
    """Draws one realistic profile after another from a seeded random generator."""

    def __init__(self, rng: random.Random, occupations: dict[str, int], skills: dict[str, int]):
        self.rng = rng
        self.occupations = occupations
        self.skills = skills
        self.counter = 0

    def profile(self) -> CandidateProfile:
        rng = self.rng
        origin = _weighted(rng, [(o, o.weight) for o in ORIGINS])
        woman = rng.random() < 0.5
        name = rng.choice(origin.women if woman else origin.men)
        self.counter += 1
        trajectory = Trajectory.INTEGRATED if rng.random() < 0.65 else Trajectory.LINEAR
        sector_names = rng.sample(origin.sectors, k=min(2, len(origin.sectors)))
        dutch = _weighted(rng, zip(DUTCH_LEVELS, origin.dutch, strict=True))
        education = _weighted(
            rng,
            [
                (EducationLevel.NONE, 8),
                (EducationLevel.PRIMARY, 20),
                (EducationLevel.SECONDARY, 42),
                (EducationLevel.HIGHER_VOCATIONAL, 14),
                (EducationLevel.BACHELOR_OR_HIGHER, 16),
            ],
        )
        means = _weighted(
            rng,
            [
                (CommuteMeans.BIKE, 40),
                (CommuteMeans.PUBLIC_TRANSPORT, 45),
                (CommuteMeans.FOOT, 5),
                (CommuteMeans.CAR, 10),
            ],
        )
        licence = means == CommuteMeans.CAR or rng.random() < 0.15
        return CandidateProfile(
            pseudonym=name,
            email=(
                f"{name.lower().replace(' ', '')}.{self.counter}@example.org"
                if rng.random() < 0.45
                else None
            ),
            phone=(
                f"+32 4{rng.randint(60, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)}"
                if rng.random() < 0.7
                else None
            ),
            postcode=_weighted(rng, POSTCODES),
            dutch_level=dutch,
            dutch_level_assessed_on=(
                date.today() - timedelta(days=rng.randint(7, 180)) if dutch != "none" else None
            ),
            dutch_level_source=self._level_source(dutch),
            languages=self._languages(origin),
            education_level=education,
            diploma_recognition=(
                _weighted(
                    rng,
                    [
                        (DiplomaRecognition.NONE, 50),
                        (DiplomaRecognition.PENDING, 30),
                        (DiplomaRecognition.RECOGNISED, 20),
                    ],
                )
                if education
                in (EducationLevel.HIGHER_VOCATIONAL, EducationLevel.BACHELOR_OR_HIGHER)
                else None
            ),
            experiences=self._experience(origin, sector_names, education),
            skills=self._skills(sector_names),
            wished_occupations=frozenset(
                self.occupations[rng.choice(SECTORS[sector].jobs).uri] for sector in sector_names
            ),
            wished_kinds=frozenset(
                _weighted(
                    rng,
                    [
                        (("job",), 60),
                        (("job", "internship"), 25),
                        (("internship",), 5),
                        (("volunteering",), 5),
                        ((), 5),
                    ],
                )
            ),
            wished_sectors=frozenset(SECTORS[s].nace for s in sector_names if rng.random() < 0.6),
            hours_per_week=rng.choice((None, 19, 20, 24, 30, 32, 38)),
            day_parts=frozenset(str(p) for p in rng.choice(DAY_PARTS_BY_TRAJECTORY[trajectory])),
            max_commute_km={
                CommuteMeans.FOOT: rng.randint(2, 4),
                CommuteMeans.BIKE: rng.randint(5, 12),
                CommuteMeans.PUBLIC_TRANSPORT: rng.randint(10, 25),
                CommuteMeans.CAR: rng.randint(20, 40),
            }[means],
            commute_means=means,
            driving_licence=licence,
            available_from=(
                date.today() + timedelta(days=rng.randint(-40, 90)) if rng.random() < 0.35 else None
            ),
            allowed_to_work=_weighted(
                rng,
                [(WorkPermission.YES, 85), (WorkPermission.PENDING, 12), (WorkPermission.NO, 3)],
            ),
            trajectory=trajectory,
            status=_weighted(
                rng,
                [
                    (CandidateStatus.ACTIVE, 78),
                    (CandidateStatus.PAUSED, 8),
                    (CandidateStatus.PLACED, 10),
                    (CandidateStatus.LEFT, 4),
                ],
            ),
            coach_note=rng.choice(NOTES) if rng.random() < 0.3 else None,
            gender=("woman" if woman else "man") if rng.random() < 0.7 else None,
            birth_year=rng.randint(1966, 2006) if rng.random() < 0.6 else None,
        )

    def _level_source(self, dutch: str) -> str | None:
        if dutch == "none":
            return None
        if dutch in ("B1", "B2", "C1") and self.rng.random() < 0.35:
            return DutchLevelSource.CERTIFICATE
        return _weighted(
            self.rng,
            [
                (DutchLevelSource.COURSE_TEST, 55),
                (DutchLevelSource.COACH_ASSESSMENT, 25),
                (DutchLevelSource.SELF_ASSESSMENT, 20),
            ],
        )

    def _languages(self, origin: Origin) -> dict[str, str]:
        rng = self.rng
        languages = {rng.choice(origin.mother_tongues): "C2"}
        if "ps" in languages and rng.random() < 0.7:
            languages["fa"] = rng.choice(("B1", "B2", "C1"))  # many Pashtuns also speak Dari
        for code, levels in origin.other_languages:
            if code not in languages and rng.random() < 0.45:
                languages[code] = rng.choice(levels)
        return languages

    def _experience(self, origin: Origin, sector_names, education) -> list[ExperienceEntry]:
        rng = self.rng
        entries = []
        for _ in range(_weighted(rng, [(0, 15), (1, 50), (2, 30), (3, 5)])):
            if education == EducationLevel.BACHELOR_OR_HIGHER and rng.random() < 0.4:
                job = rng.choice(OTHER_JOBS)
            else:
                job = rng.choice(SECTORS[rng.choice(sector_names)].jobs)
            entries.append(
                ExperienceEntry(
                    occupation_id=self.occupations[job.uri],
                    title_as_said=rng.choice(job.titles),
                    years=rng.choice((0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 7.0, 10.0, 12.0)),
                    country=rng.choice(origin.countries) if rng.random() < 0.8 else "BE",
                )
            )
        return entries

    def _skills(self, sector_names) -> frozenset[int]:
        uris = {uri for s in sector_names for uri in SECTORS[s].skills if self.rng.random() < 0.6}
        uris |= {uri for uri in TRANSVERSAL_SKILLS if self.rng.random() < 0.3}
        return frozenset(self.skills[uri] for uri in uris)


def load_demo_candidates() -> int:
    """Add the demo candidates to the demo coaches' caseloads; returns how many."""
    rng = random.Random(SEED)
    all_jobs = [job for sector in SECTORS.values() for job in sector.jobs] + list(OTHER_JOBS)
    occupations = _ids(esco.occupations(job.uri for job in all_jobs))
    skills = _ids(
        esco.skills({uri for s in SECTORS.values() for uri in s.skills} | set(TRANSVERSAL_SKILLS))
    )
    coaches = list(
        db.session.scalars(select(User).where(User.email.in_(COACH_EMAILS)).order_by(User.email))
    )
    maker = _Maker(rng, occupations, skills)
    now = utcnow()
    made = []
    for coach in coaches:
        for _ in range(CANDIDATES_PER_COACH):
            created = now - timedelta(
                days=rng.randint(1, HISTORY_DAYS), minutes=rng.randint(0, 600)
            )
            candidate = operations.create_candidate(coach, maker.profile())
            _consent_and_share(rng, candidate, coach, created)
            made.append((candidate, coach, created))
    _hand_over_a_few(rng, made, coaches)
    _move_into_the_past(made)
    return len(made)


def _consent_and_share(rng, candidate: Candidate, coach, created: datetime) -> None:
    """Most gave consent on the day they were added; a few withdrew; some are shared."""
    if rng.random() >= 0.88:
        return
    given_on = created.date()
    operations.give_consent(
        candidate,
        given_on=given_on,
        recorded_by=coach,
        method=_weighted(
            rng,
            [
                (ConsentMethod.SIGNED_FORM, 55),
                (ConsentMethod.SPOKEN_WITH_INTERPRETER, 25),
                (ConsentMethod.SPOKEN, 10),
                (ConsentMethod.WRITTEN_MESSAGE, 10),
            ],
        ),
    )
    if rng.random() < 0.05:
        withdrawn_on = min(date.today(), given_on + timedelta(days=rng.randint(10, 90)))
        operations.withdraw_consent(candidate, withdrawn_on=withdrawn_on, recorded_by=coach)
    elif candidate.status == CandidateStatus.ACTIVE and rng.random() < 0.12:
        candidate.shared_with_partnership = True


def _hand_over_a_few(rng, made, coaches) -> None:
    """A handful of candidates moved to a coach of the other organisation."""
    for candidate, coach, _created in rng.sample(made, 8):
        others = [c for c in coaches if c.organisation_id != coach.organisation_id]
        operations.hand_over_candidate(
            candidate,
            to_coach=rng.choice(others),
            note="Verhuisd naar de andere kant van de stad; dichter bij jullie kantoor.",
        )


def _move_into_the_past(made) -> None:
    """Date every candidate, consent and handover since the candidate was created, as
    if the caseloads had grown over the last months. The audit log is left as it is:
    it is append-only and truthfully says the loader wrote these rows today."""
    db.session.flush()
    for candidate, _coach, created in made:
        later = created + timedelta(days=1)
        candidate.created_at = created
        candidate.updated_at = later
        candidate.last_activity_at = later
        for record in candidate.consent_records:
            record.recorded_at = datetime.combine(record.given_on, time(10), created.tzinfo)
            if record.withdrawn_on:
                record.withdrawal_recorded_at = datetime.combine(
                    record.withdrawn_on, time(11), created.tzinfo
                )
        for handover in candidate.handovers:
            handover.handed_over_at = later
    db.session.flush()


def date_the_record(row, first: date, last: date | None = None) -> None:
    """Stamp a demo row written about a candidate (a trajectory decision or step, a
    barrier) as recorded at noon in Antwerp on ``first`` and last changed on ``last``
    (default ``first``), never later than now. The loader writes them today, but in
    real use each was written when it happened, and a candidate's last activity
    (``candidates.activity.last_activity``) reads these moments."""
    now = utcnow()
    row.created_at = min(local_midnight(first) + timedelta(hours=12), now)
    if hasattr(row, "updated_at"):
        row.updated_at = min(local_midnight(last or first) + timedelta(hours=12), now)
