"""Opportunities (jobs, internships, volunteering places, training courses, try-outs,
...) and what they ask for.

An opportunity belongs to one employer organisation. Its requirements are columns
(Dutch level, hours, schedule, driving licence, ...) and two child tables: other
languages with a level, and ESCO skills, each required or only an advantage.

The database holds the rules too (check constraints), so that an import or a later
domain cannot store what the forms would refuse. Two people can edit one opportunity:
``version`` is SQLAlchemy's ``version_id_col`` (optimistic locking).
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from marketplace.accounts.models import Organisation
from marketplace.db_types import UTCDateTime, sql_in, utcnow
from marketplace.extensions import db
from marketplace.opportunities.vocab import (
    KINDS_WITHOUT_WEEKLY_HOURS,
    MAX_HOURS,
    MAX_SCHEDULE_NOTE,
    MIN_HOURS,
    SCHEDULE_COLUMNS,
    ContractType,
    OpportunityKind,
    OpportunityStatus,
)
from marketplace.refs import ref_default
from marketplace.taxonomy.models import Language, Occupation, Postcode, Skill

_ANY_SCHEDULE = " OR ".join(SCHEDULE_COLUMNS.values())

#: A try-out's further occupations besides its main one (``Opportunity.occupation``):
#: shown on its page and found by the browse search.
opportunity_occupation = Table(
    "opportunity_occupation",
    db.metadata,
    Column("opportunity_id", ForeignKey("opportunity.id", ondelete="CASCADE"),
           primary_key=True),
    Column("occupation_id", ForeignKey("occupation.id", ondelete="RESTRICT"),
           primary_key=True, index=True),
)


class Opportunity(db.Model):
    __data_version__ = "opportunities"  # the matching engine caches them
    __data_version_key__ = "id"  # its changes are logged by opportunity (data_versions)
    __tablename__ = "opportunity"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), nullable=False
    )
    #: The stable key in the interchange format (see ``marketplace/refs.py``).
    ref: Mapped[str] = mapped_column(
        String(100), nullable=False, unique=True, default=ref_default("opportunity")
    )
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    occupation_id: Mapped[int] = mapped_column(
        ForeignKey("occupation.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    postcode: Mapped[str] = mapped_column(ForeignKey("postcode.code"), nullable=False, index=True)
    hours_per_week: Mapped[float] = mapped_column(
        Numeric(4, 1, asdecimal=False), nullable=False
    )
    works_day: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    works_evening: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    works_night: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    works_weekend: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    works_shifts: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    contract_type: Mapped[str | None] = mapped_column(String(20))
    internship_weeks: Mapped[int | None] = mapped_column(Integer)
    #: How many weeks a training course lasts (only kind ``training``).
    duration_weeks: Mapped[int | None] = mapped_column(Integer)
    #: When a course's lessons are, in a few words ("ma-do 8:30-16:00"; only training).
    schedule_note: Mapped[str | None] = mapped_column(String(MAX_SCHEDULE_NOTE))
    #: A try-out's session: its day and its start and end (Brussels local time).
    session_on: Mapped[date | None] = mapped_column(Date)
    session_starts: Mapped[time | None] = mapped_column(Time)
    session_ends: Mapped[time | None] = mapped_column(Time)
    #: A try-out's street and number; the postcode says the municipality.
    street_address: Mapped[str | None] = mapped_column(String(200))
    places: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    #: None: as soon as possible.
    starts_on: Mapped[date | None] = mapped_column(Date)
    #: Required to publish; a draft may leave it open.
    closes_on: Mapped[date | None] = mapped_column(Date)
    dutch_level: Mapped[str] = mapped_column(ForeignKey("cefr_level.code"), nullable=False)
    language_support: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    driving_licence: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    certificates: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    notes_for_coaches: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[str] = mapped_column(
        String(20), nullable=False, default=OpportunityStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    #: The first publication; it stays when the opportunity is paused or reopened.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    filled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    organisation = relationship(Organisation, lazy="joined", innerjoin=True)
    occupation = relationship(Occupation, lazy="joined", innerjoin=True)
    place = relationship(Postcode, lazy="joined", innerjoin=True)
    languages: Mapped[list[OpportunityLanguage]] = relationship(
        back_populates="opportunity",
        cascade="all, delete-orphan",
        order_by="OpportunityLanguage.id",
    )
    further_occupations = relationship(
        Occupation, secondary=opportunity_occupation, order_by=Occupation.id
    )
    skills: Mapped[list[OpportunitySkill]] = relationship(
        back_populates="opportunity",
        cascade="all, delete-orphan",
        order_by="OpportunitySkill.id",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(sql_in("kind", OpportunityKind), name="kind"),
        CheckConstraint(sql_in("status", OpportunityStatus), name="status"),
        CheckConstraint(
            f"contract_type IS NULL OR (kind = 'job' AND {sql_in('contract_type', ContractType)})",
            name="contract_type",
        ),
        CheckConstraint(
            "internship_weeks IS NULL OR (kind = 'internship' AND internship_weeks >= 1)",
            name="internship_weeks",
        ),
        CheckConstraint(
            "duration_weeks IS NULL OR (kind = 'training' AND duration_weeks >= 1)",
            name="duration_weeks",
        ),
        CheckConstraint("schedule_note IS NULL OR kind = 'training'", name="schedule_note"),
        CheckConstraint(
            "kind = 'tryout' OR (session_on IS NULL AND session_starts IS NULL"
            " AND session_ends IS NULL AND street_address IS NULL)",
            name="tryout_fields",
        ),
        CheckConstraint(
            "session_starts IS NULL OR session_ends IS NULL OR session_ends > session_starts",
            name="session_times",
        ),
        CheckConstraint(
            f"hours_per_week >= {MIN_HOURS} AND hours_per_week <= {MAX_HOURS}", name="hours"
        ),
        CheckConstraint(_ANY_SCHEDULE, name="schedule"),
        CheckConstraint("places >= 1", name="places"),
        # A try-out starts on its session's day and closes on that day at the latest:
        # its enrolments may close before it starts.
        CheckConstraint(
            "kind = 'tryout' OR starts_on IS NULL OR closes_on IS NULL"
            " OR closes_on >= starts_on",
            name="dates",
        ),
        CheckConstraint("length(title) > 0", name="title"),
        Index("ix_opportunity_organisation_status", "organisation_id", "status"),
        # The employer's list, most recently changed first, straight from the index (not
        # every one of the organisation's rows read and sorted for a page of 25); its ids
        # also answer the menu's waiting count without reading the table.
        Index("ix_opportunity_organisation_updated", "organisation_id", "updated_at", "id"),
        Index("ix_opportunity_status_published_at", "status", "published_at"),
        # Browsing counts the published ones still open: from the index alone, instead of
        # reading every published row for its closing date.
        Index("ix_opportunity_status_closes_on", "status", "closes_on"),
        Index("ix_opportunity_status_dutch_level", "status", "dutch_level"),
        # Insights: opportunities filled in a period (time to fill, monthly trend).
        Index("ix_opportunity_status_filled_at", "status", "filled_at"),
        # Try-outs by their session day (enrolment and attendance ask it).
        Index("ix_opportunity_kind_session_on", "kind", "session_on"),
        # The partner API pages through the published ones by id (a cursor): in id
        # order straight from the index, instead of sorting every published row.
        Index("ix_opportunity_status_id", "status", "id"),
    )

    @property
    def schedule(self) -> list[str]:
        """The moments the work happens: ``day``, ``evening``, ``night``, ``weekend``,
        ``shifts``, in that order."""
        return [moment for moment, column in SCHEDULE_COLUMNS.items() if getattr(self, column)]

    @property
    def places_left(self) -> int:
        """Places not yet taken: by a hire, or for a try-out by an enrolment that holds
        a seat (as the try-out's page counts them). ``hired_count`` and ``seats_taken``
        are columns computed by the database, defined by the proposals and try-outs
        domains (``proposals/models.py``, ``tryouts/models.py``); None on an
        opportunity that was never saved. A filled opportunity has none left, whoever
        filled its places (a hire outside Werkbrug counts too)."""
        if self.status == OpportunityStatus.FILLED:
            return 0
        taken = "seats_taken" if self.kind == OpportunityKind.TRYOUT else "hired_count"
        return max(self.places - (getattr(self, taken, None) or 0), 0)

    def __repr__(self) -> str:
        return f"<Opportunity {self.id} {self.kind} {self.status} {self.title!r}>"


class OpportunityLanguage(db.Model):
    """Another language than Dutch that the opportunity asks for, at a level."""

    __data_version__ = "opportunities"  # the matching engine caches them
    __data_version_key__ = "opportunity_id"
    __tablename__ = "opportunity_language"

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), nullable=False
    )
    language_code: Mapped[str] = mapped_column(ForeignKey("language.code"), nullable=False)
    level: Mapped[str] = mapped_column(ForeignKey("cefr_level.code"), nullable=False)
    #: True: required; False: an advantage.
    required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    opportunity: Mapped[Opportunity] = relationship(back_populates="languages")
    language = relationship(Language, lazy="joined", innerjoin=True)

    __table_args__ = (
        UniqueConstraint("opportunity_id", "language_code", name="uq_opportunity_language_pair"),
        CheckConstraint("level <> 'none'", name="level"),
        CheckConstraint("language_code <> 'nl'", name="not_dutch"),
        Index("ix_opportunity_language_language_code", "language_code"),
    )


class OpportunitySkill(db.Model):
    """An ESCO skill the opportunity asks for: a must-have or a nice-to-have."""

    __data_version__ = "opportunities"  # the matching engine caches them
    __data_version_key__ = "opportunity_id"
    __tablename__ = "opportunity_skill"

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunity.id", ondelete="CASCADE"), nullable=False
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skill.id", ondelete="RESTRICT"), nullable=False
    )
    #: True: must-have; False: nice-to-have.
    required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    opportunity: Mapped[Opportunity] = relationship(back_populates="skills")
    skill = relationship(Skill, lazy="joined", innerjoin=True)

    __table_args__ = (
        UniqueConstraint("opportunity_id", "skill_id", name="uq_opportunity_skill_pair"),
        Index("ix_opportunity_skill_skill_id", "skill_id"),
    )


def without_weekly_hours() -> ColumnElement[bool]:
    """SQL: the opportunity is of a kind whose stored hours a week are shown nowhere (a
    try-out: one session; ``vocab.KINDS_WITHOUT_WEEKLY_HOURS``, in Python
    ``rules.asks_weekly_hours``). Hours filters and hours tables leave it out."""
    return Opportunity.kind.in_([str(kind) for kind in KINDS_WITHOUT_WEEKLY_HOURS])
