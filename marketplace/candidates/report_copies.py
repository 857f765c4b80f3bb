"""The narrow copies of candidates that reports read instead of the candidate tables.

Derived, never edited by hand: ``occupation_groups.py`` keeps
``candidate_occupation_group`` (the supply dashboard's), ``fairness_traits.py`` keeps
``candidate_fairness`` and ``fairness_place`` (the fairness report's), after every
flush that writes what they copy and after bulk imports.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.db_types import UTCDateTime
from marketplace.extensions import db


class FairnessTraits:
    """What the fairness report groups a candidate by: the candidate's partner
    organisation and creation time, self-declared gender and birth year, Dutch level
    and first language. ``candidate_fairness`` holds them once per candidate,
    ``fairness_place`` a copy on each of the candidate's top-10 places."""

    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), nullable=False
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    gender: Mapped[str | None] = mapped_column(String(12))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    dutch_level: Mapped[str | None] = mapped_column(String(4))
    first_language: Mapped[str | None] = mapped_column(String(2))


class CandidateOccupationGroup(db.Model):
    """A group of occupations that an insights-eligible candidate wishes or did before.

    Derived from the wished occupations, the experience, the status and the consent of
    the candidate by ``operations.refresh_occupation_groups`` after every write, so that
    the supply dashboard counts candidates per group with an index range scan instead
    of reading every wish and experience line (issue 7). Only candidates who are active
    and have an open consent record have rows. For each candidate there is one row per
    group at each level of the ISCO drill-down: ``within`` is the group shown ("" for
    the top, then 1 to 4 digits), ``group_key`` the group one level below it (or, inside
    a 4-digit unit group, the ESCO occupation's id as text), exactly the rows and keys
    of the dashboard. ``wished``: at least one wished occupation is in the group (else
    only experience is). The postcode and the wished kinds are copies of the
    candidate's, so the region and kind filters need no join with ``candidate``.
    """

    __data_version__ = "candidates"  # the insights cache keys on it
    __data_version_key__ = "candidate_id"
    __tablename__ = "candidate_occupation_group"

    within: Mapped[str] = mapped_column(String(4), primary_key=True)
    group_key: Mapped[str] = mapped_column(String(12), primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    wished: Mapped[bool] = mapped_column(Boolean, nullable=False)
    postcode: Mapped[str] = mapped_column(String(4), nullable=False)
    wishes_job: Mapped[bool] = mapped_column(Boolean, nullable=False)
    wishes_internship: Mapped[bool] = mapped_column(Boolean, nullable=False)
    wishes_volunteering: Mapped[bool] = mapped_column(Boolean, nullable=False)
    wishes_training: Mapped[bool] = mapped_column(Boolean, nullable=False)

    # The rows of one group are read together: on SQLite the primary key is the table
    # (no rowid), so counting a group reads only consecutive entries.
    __table_args__ = ({"sqlite_with_rowid": False},)


class CandidateFairness(FairnessTraits, db.Model):
    """What the fairness report groups a candidate by, for each candidate it counts.

    Derived, never edited by hand: one row per candidate who is not erased and has an
    open consent record (the report's eligible people), rewritten by
    ``fairness_traits.refresh_fairness_traits`` after every write of the candidate, its
    consent, its sensitive row or its languages (issue 17). Gender and birth year are
    copies of ``candidate_sensitive``'s (this table serves the fairness report only,
    as that one does); the age band depends on the period's end and is worked out from
    ``birth_year`` when the report is made. ``first_language``: the other language
    spoken at the highest level (ties: the first code), which stands in for a mother
    tongue. The report then reads one narrow table instead of a window function over
    every language line and an EXISTS on the consent records per candidate.
    """

    __tablename__ = "candidate_fairness"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (
        # The report groups every row by these four, so the rows come out of a
        # covering index already in group order (SQLite groups without sorting them):
        # this one for all partners, the next for one partner organisation.
        Index(
            "ix_candidate_fairness_groups",
            "gender", "dutch_level", "first_language", "birth_year",
            "created_at", "organisation_id",
        ),
        Index(
            "ix_candidate_fairness_organisation_groups",
            "organisation_id", "gender", "dutch_level", "first_language", "birth_year",
            "created_at",
        ),
    )


class FairnessPlace(FairnessTraits, db.Model):
    """A top-10 place of a candidate the fairness report counts, with what it groups
    them by: the report counts places and people per group straight from one index,
    without joining the wide suggestion entries and lists or grouping per candidate.

    Derived, never edited by hand (issue 17): one row per entry ranked 1 to 10 of a
    ranked list for an opportunity (Werkbrug's own lists; imported history lists are
    not in the report), for each candidate who has a ``candidate_fairness`` row (not
    erased, open consent). ``fairness_traits.refresh_fairness_traits`` rewrites a
    candidate's rows after every flush that writes their traits, their consent or
    their suggestion entries, so consent withdrawn removes them, consent given again
    brings them back and erasure removes them for good. ``shown_on`` is the Belgian
    calendar day of ``suggestion_list.shown_at`` (``db_types.local_day``): the report's
    periods are Belgian days, as the ranking oversight's bounds (``local_midnight``).
    """

    __tablename__ = "fairness_place"

    # The key leads with the candidate: a candidate's rows are rewritten together.
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), primary_key=True
    )
    list_id: Mapped[int] = mapped_column(
        ForeignKey("suggestion_list.id", ondelete="CASCADE"), primary_key=True
    )
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    shown_on: Mapped[date] = mapped_column(Date, nullable=False)

    __table_args__ = (
        # Covering, in the report's group order and then per candidate: SQLite and
        # PostgreSQL read it in order and count places and distinct people per group
        # as they go (no sort, no hash, no table rows).
        Index(
            "ix_fairness_place_groups",
            "gender", "dutch_level", "first_language", "birth_year", "candidate_id",
            "shown_on", "created_at", "organisation_id",
        ),
    )
