"""Candidates: newcomers in a coach's caseload, with their consent and history.

A candidate never logs in; their coach keeps the profile with their consent.

* ``candidate``: the profile. ``coach_id`` is the owner, ``organisation_id`` the coach's
  partner organisation (kept in sync on handover). ``version`` guards against two
  saves of one opened form (optimistic locking).
* Child rows (``profile_rows.py``): languages with levels, experience, skills, wished
  occupations and wished sectors, and ``candidate_sensitive`` (self-declared gender
  and birth year, in their own table so no query touches them by accident).
* ``consent_record``: consent to be matched within the partnership, and its
  withdrawal. At most one record is open (not withdrawn) per candidate; a partial
  unique index enforces that, so "active consent" is simply "an open record exists".
* ``candidate_handover`` (``handovers.py``): a move from one coach to another, with a
  note.
* ``candidate_occupation_group``: derived, never edited by hand: the occupation groups
  of each candidate who counts in the insights (active, with open consent), one row per
  group at every ISCO level, kept exact by ``operations.refresh_occupation_groups``.
* ``candidate_fairness``: derived the same way: what the fairness report groups each
  candidate it counts by (gender, birth year, Dutch level, first language).

Erasure keeps the ``candidate`` row as an anonymous remnant so that counts stay right:
status ``erased``, ``erased_at``, the organisation and the month it was created. Every
other column is emptied and every child row deleted; the ``erased_is_empty`` check
constraint makes the database refuse an erased row that still holds personal data.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    exists,
    func,
    select,
    text,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, query_expression, relationship

from marketplace.accounts.models import Organisation, User
from marketplace.candidates.vocabularies import (
    CandidateStatus,
    CommuteMeans,
    ConsentMethod,
    DayPart,
    DiplomaRecognition,
    DutchLevelSource,
    EducationLevel,
    Trajectory,
    WorkPermission,
)
from marketplace.db_types import UTCDateTime, sql_in, utcnow
from marketplace.extensions import db
from marketplace.opportunities.vocab import OpportunityKind
from marketplace.refs import ref_default
from marketplace.taxonomy.models import Postcode

if TYPE_CHECKING:  # mapped in their own modules, imported at the end of this one
    from marketplace.candidates.handovers import CandidateHandover
    from marketplace.candidates.profile_rows import (
        CandidateExperience,
        CandidateLanguage,
        CandidateSensitive,
        CandidateSkill,
        CandidateWishedOccupation,
        CandidateWishedSector,
    )

MAX_EXPERIENCE_YEARS = 60
MAX_HOURS_PER_WEEK = 60
MAX_COMMUTE_KM = 200

#: The boolean column of each kind of place a candidate can wish for: the kinds of the
#: employers' opportunities.
KIND_COLUMNS = {
    OpportunityKind.JOB: "wishes_job",
    OpportunityKind.INTERNSHIP: "wishes_internship",
    OpportunityKind.VOLUNTEERING: "wishes_volunteering",
    OpportunityKind.TRAINING: "wishes_training",
}

#: Columns that hold personal data on a live candidate and must be empty once erased.
PERSONAL_COLUMNS = (
    "ref", "coach_id", "pseudonym", "email", "phone", "postcode", "dutch_level",
    "dutch_level_assessed_on", "dutch_level_source", "education_level",
    "diploma_recognition", "hours_per_week", "max_commute_km", "commute_means",
    "available_from", "allowed_to_work", "trajectory", "coach_note",
)  # fmt: skip


def _owned_by_candidate(**options):
    """A relationship to rows that live and die with the candidate: deleting the
    candidate, or removing a row from the list, deletes the row."""
    return relationship(
        back_populates="candidate", cascade="all, delete-orphan", passive_deletes=True, **options
    )


def optional_in(column: str, values) -> str:
    """A check that ``column`` is empty or one of ``values``."""
    return f"{column} IS NULL OR {sql_in(column, values)}"


class Candidate(db.Model):
    __data_version__ = "candidates"  # the matching engine caches them
    __data_version_key__ = "id"  # its changes are logged by candidate (data_versions)
    #: What no cache of the stamp reads: a save of only these leaves it alone.
    __data_version_ignores__ = frozenset(
        {"coach_note", "email", "phone", "updated_at", "last_activity_at", "version",
         "status_before_placed"}
    )
    __tablename__ = "candidate"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The stable key in the interchange format (see ``marketplace/refs.py``); emptied
    #: on erasure like every personal column, so only a live candidate must have one.
    ref: Mapped[str | None] = mapped_column(
        String(64), unique=True, default=ref_default("candidate")
    )
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="RESTRICT"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=CandidateStatus.ACTIVE)
    #: The status before the candidate became ``placed`` (by a hire or the form), so the
    #: coach can undo the placement; empty for every other status.
    status_before_placed: Mapped[str | None] = mapped_column(String(10))

    pseudonym: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    postcode: Mapped[str | None] = mapped_column(ForeignKey("postcode.code"), index=True)

    dutch_level: Mapped[str | None] = mapped_column(ForeignKey("cefr_level.code"), index=True)
    dutch_level_assessed_on: Mapped[date | None] = mapped_column(Date)
    dutch_level_source: Mapped[str | None] = mapped_column(String(20))
    education_level: Mapped[str | None] = mapped_column(String(20))
    diploma_recognition: Mapped[str | None] = mapped_column(String(12))

    wishes_job: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    wishes_internship: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    wishes_volunteering: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    wishes_training: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    hours_per_week: Mapped[int | None] = mapped_column(Integer)
    available_mornings: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    available_afternoons: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    available_evenings: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    available_nights: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    available_weekends: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    max_commute_km: Mapped[int | None] = mapped_column(Integer)
    commute_means: Mapped[str | None] = mapped_column(String(20))
    driving_licence: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    available_from: Mapped[date | None] = mapped_column(Date)
    allowed_to_work: Mapped[str | None] = mapped_column(String(10))
    trajectory: Mapped[str | None] = mapped_column(String(12), index=True)

    coach_note: Mapped[str | None] = mapped_column(Text)
    shared_with_partnership: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, index=True
    )

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    #: The profile's own last change (a save, consent, a handover, a placement). The
    #: retention review reads the later of this and the coaching recorded elsewhere
    #: (``activity.last_activity``).
    last_activity_at: Mapped[datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utcnow, index=True
    )
    #: The last activity of any kind (``activity.last_activity``): filled only by the
    #: queries that ask for it (``activity.with_last_activity``), None otherwise.
    latest_activity_at: Mapped[datetime | None] = query_expression()
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    # The coach and the organisation are mostly the reader's own (in the identity map):
    # joining them under every proposal made PostgreSQL plan 20-table joins.
    coach = relationship(User, foreign_keys=[coach_id])
    organisation = relationship(Organisation)
    place = relationship(Postcode, lazy="joined")
    languages: Mapped[list[CandidateLanguage]] = _owned_by_candidate(
        order_by="CandidateLanguage.language_code"
    )
    experiences: Mapped[list[CandidateExperience]] = _owned_by_candidate(
        order_by="CandidateExperience.id"
    )
    skills: Mapped[list[CandidateSkill]] = _owned_by_candidate(order_by="CandidateSkill.skill_id")
    wished_occupations: Mapped[list[CandidateWishedOccupation]] = _owned_by_candidate(
        order_by="CandidateWishedOccupation.occupation_id"
    )
    wished_sectors: Mapped[list[CandidateWishedSector]] = _owned_by_candidate(
        order_by="CandidateWishedSector.sector_code"
    )
    sensitive: Mapped[CandidateSensitive | None] = _owned_by_candidate(uselist=False)
    consent_records: Mapped[list[ConsentRecord]] = _owned_by_candidate(order_by="ConsentRecord.id")
    handovers: Mapped[list[CandidateHandover]] = _owned_by_candidate(
        order_by="CandidateHandover.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(sql_in("status", CandidateStatus), name="status"),
        CheckConstraint(
            "status_before_placed IS NULL OR (status = 'placed' AND "
            "status_before_placed IN ('active', 'paused', 'left'))",
            name="status_before_placed",
        ),
        CheckConstraint(
            optional_in("dutch_level_source", DutchLevelSource), name="dutch_level_source"
        ),
        CheckConstraint(optional_in("education_level", EducationLevel), name="education_level"),
        CheckConstraint(
            optional_in("diploma_recognition", DiplomaRecognition), name="diploma_recognition"
        ),
        CheckConstraint(optional_in("allowed_to_work", WorkPermission), name="allowed_to_work"),
        CheckConstraint(optional_in("trajectory", Trajectory), name="trajectory"),
        CheckConstraint(optional_in("commute_means", CommuteMeans), name="commute_means"),
        CheckConstraint(
            f"hours_per_week IS NULL OR hours_per_week BETWEEN 1 AND {MAX_HOURS_PER_WEEK}",
            name="hours_per_week",
        ),
        CheckConstraint(
            f"max_commute_km IS NULL OR max_commute_km BETWEEN 0 AND {MAX_COMMUTE_KM}",
            name="max_commute_km",
        ),
        CheckConstraint(
            "status = 'erased' OR (coach_id IS NOT NULL AND pseudonym IS NOT NULL "
            "AND postcode IS NOT NULL AND dutch_level IS NOT NULL "
            "AND allowed_to_work IS NOT NULL AND trajectory IS NOT NULL)",
            name="live_has_profile",
        ),
        CheckConstraint(
            "status <> 'erased' OR (erased_at IS NOT NULL AND "
            + " AND ".join(f"{column} IS NULL" for column in PERSONAL_COLUMNS)
            + " AND NOT shared_with_partnership)",
            name="erased_is_empty",
        ),
        CheckConstraint("status = 'erased' OR ref IS NOT NULL", name="live_has_ref"),
        Index("ix_candidate_coach_status", "coach_id", "status"),
        # The caseload page lists a coach's candidates by pseudonym, 25 at a time: read
        # in this order, the database stops after 25 rows instead of joining and
        # sorting all of them (a caseload of 2,000: 45 ms -> 1 ms).
        Index("ix_candidate_coach_pseudonym", "coach_id", func.lower(text("pseudonym")), "id"),
        # Insights count active candidates per Dutch level without reading the rows.
        Index("ix_candidate_status_dutch_level", "status", "dutch_level"),
    )

    @property
    def day_parts(self) -> tuple[DayPart, ...]:
        """The day parts the candidate can work, in week order (none: no limits)."""
        return tuple(part for part in DayPart if getattr(self, part.column))

    @property
    def wished_kinds(self) -> tuple[OpportunityKind, ...]:
        """The kinds of places the candidate wishes for (none: no preference)."""
        return tuple(kind for kind, column in KIND_COLUMNS.items() if getattr(self, column))

    @property
    def is_erased(self) -> bool:
        return self.status == CandidateStatus.ERASED

    def __repr__(self) -> str:  # never the pseudonym: reprs end up in logs
        return f"<Candidate {self.id} {self.status}>"


class ConsentRecord(db.Model):
    """Consent to be matched within the partnership, and its withdrawal."""

    __data_version__ = "candidates"  # the matching engine caches them
    __data_version_key__ = "candidate_id"
    __tablename__ = "consent_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), nullable=False, index=True
    )
    given_on: Mapped[date] = mapped_column(Date, nullable=False)
    method: Mapped[str] = mapped_column(String(30), nullable=False)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    withdrawal_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    candidate: Mapped[Candidate] = relationship(back_populates="consent_records")
    recorded_by = relationship(User, lazy="joined", foreign_keys=[recorded_by_id])
    withdrawal_recorded_by = relationship(
        User, lazy="joined", foreign_keys=[withdrawal_recorded_by_id]
    )

    __table_args__ = (
        CheckConstraint(sql_in("method", ConsentMethod), name="method"),
        CheckConstraint(
            "withdrawn_on IS NULL OR withdrawn_on >= given_on", name="withdrawn_after_given"
        ),
        CheckConstraint(
            "(withdrawn_on IS NULL) = (withdrawal_recorded_at IS NULL)", name="withdrawal_complete"
        ),
        # At most one open consent per candidate: "active consent" is "an open record".
        Index(
            "uq_consent_record_open",
            "candidate_id",
            unique=True,
            sqlite_where=text("withdrawn_on IS NULL"),
            postgresql_where=text("withdrawn_on IS NULL"),
        ),
    )

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


# "Has active consent" as a column of the candidate, computed by the database, so that
# lists, filters and the matching engine all ask the same question the same way.
Candidate.has_active_consent = column_property(
    exists(
        select(ConsentRecord.id).where(
            and_(ConsentRecord.candidate_id == Candidate.id, ConsentRecord.withdrawn_on.is_(None))
        )
    )
)

# ``Candidate`` names its child rows and ``CandidateHandover`` by string; they live in
# their own modules and import ``Candidate`` from this one: importing them once
# ``Candidate`` exists maps them whenever these models are imported, so the mappers
# configure without the whole app.
from marketplace.candidates import handovers, profile_rows  # noqa: E402, F401
