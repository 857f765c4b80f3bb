"""What the profile's trajectory section reads (``templates/candidates/_trajectory.html``):
the partners' decisions, the timeline of steps and, for the form the candidate's own
coach gets, the active partner organisations, in one statement.

These were three statements that loaded the decisions and steps as entities, each
joined to its organisation's whole row: one ``UNION ALL`` of the values the section
shows now, its parts told apart by their first column, built once per kind of reader
(a bound candidate id).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import (
    Date,
    Integer,
    Select,
    String,
    Text,
    bindparam,
    case,
    literal,
    select,
    union_all,
)

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import OrganisationKind
from marketplace.extensions import db
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.trajectories.vocab import StepSource

#: The parts of the statement, in the order it returns them.
_DECISION, _STEP, _PARTNER = 1, 2, 3

#: The names of the statement's columns (every part is labelled alike: a value left
#: empty twice in one part would otherwise be one column of the union).
_COLUMNS = ("part", "day", "id", "kind", "ended_on", "organisation", "organisation_name",
            "dutch_level", "note", "source")


@dataclass(frozen=True)
class DecisionLine:
    """A decision of the partners: which trajectory, on which day, by which partner."""

    trajectory: str
    decided_on: date
    partner: str
    note: str | None


@dataclass(frozen=True)
class StepLine:
    """A step of the timeline, as the profile shows it."""

    id: int
    kind: str
    started_on: date
    ended_on: date | None
    #: The Werkbrug organisation's name, or None.
    organisation: str | None
    #: An organisation outside Werkbrug, as the coach wrote it.
    organisation_name: str | None
    dutch_level: str | None
    note: str | None
    source: str

    @property
    def is_automatic(self) -> bool:
        return self.source == StepSource.AUTOMATIC


@dataclass(frozen=True)
class PanelRows:
    """The decisions (oldest first), the steps (oldest first) and, when asked for, the
    active partner organisations as ``(id, name)`` by name."""

    decisions: list[DecisionLine]
    steps: list[StepLine]
    partners: list[tuple[int, str]]


def panel_rows(candidate_id: int, with_partners: bool) -> PanelRows:
    """The rows of the trajectory section of ``candidate_id`` (a candidate the view
    already let the user see); ``with_partners`` for the decision form."""
    rows = PanelRows([], [], [])
    for (part, day, number, kind, ended_on, organisation, organisation_name, dutch_level,
         note, source) in db.session.execute(_panel_select(with_partners),
                                             {"candidate_id": candidate_id}):
        if part == _DECISION:
            rows.decisions.append(DecisionLine(kind, day, organisation, note))
        elif part == _STEP:
            rows.steps.append(StepLine(number, kind, day, ended_on, organisation,
                                       organisation_name, dutch_level, note, source))
        else:
            rows.partners.append((number, organisation))
    return rows


def _row(*columns) -> Select:
    """A select of one part, its columns named as ``_COLUMNS``."""
    return select(*(column.label(name) for column, name in zip(columns, _COLUMNS, strict=True)))


@lru_cache(maxsize=2)
def _panel_select(with_partners: bool) -> Select:
    """The statement of ``panel_rows`` for the bound ``candidate_id``, of the tables'
    columns: the rows are plain values, so SQLAlchemy's ORM has nothing to do on each
    profile."""
    candidate_id = bindparam("candidate_id", type_=Integer)
    text, long_text, day = literal(None, String), literal(None, Text), literal(None, Date)
    decision, step = TrajectoryDecision.__table__.c, TrajectoryStep.__table__.c
    organisations = Organisation.__table__
    partner, place = organisations.alias("partner"), organisations.alias("place")
    parts = [
        _row(literal(_DECISION, Integer), decision.decided_on, decision.id,
             decision.trajectory, day, partner.c.name, text, text, decision.note, text)
        .join(partner, partner.c.id == decision.partner_id)
        .where(decision.candidate_id == candidate_id),
        _row(literal(_STEP, Integer), step.started_on, step.id, step.kind, step.ended_on,
             place.c.name, step.organisation_name, step.dutch_level, step.note, step.source)
        .outerjoin(place, place.c.id == step.organisation_id)
        .where(step.candidate_id == candidate_id),
    ]
    if with_partners:  # as queries.partner_choices
        organisation = organisations.c
        parts.append(
            _row(literal(_PARTNER, Integer), day, organisation.id, text, day, organisation.name,
                 text, text, long_text, text)
            .where(organisation.kind == OrganisationKind.PARTNER, organisation.is_active)
        )
    everything = union_all(*parts).subquery()
    columns = everything.c
    # Decisions and steps by their day and id; the partners by name.
    return select(everything).order_by(
        columns.part, columns.day,
        case((columns.part == _PARTNER, columns.organisation)), columns.id)
