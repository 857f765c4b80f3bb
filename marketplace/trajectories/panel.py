"""What the profile's trajectory section reads (``templates/candidates/_trajectory.html``):
the partners' decisions, the timeline of steps and, for the form the candidate's own
coach gets, the active partner organisations: parts of the profile's own statement
(``candidates/profile_sections.py``).

These were three statements that loaded the decisions and steps as entities, each
joined to its organisation's whole row, then one of their own; the values the section
shows are now parts of the profile's ``UNION ALL`` (a bound candidate id).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func

from marketplace.accounts.models import Organisation
from marketplace.accounts.roles import OrganisationKind
from marketplace.candidates.profile_sections import (
    PARTS_PER_SECTION,
    ProfileReader,
    register_section,
    section_row,
)
from marketplace.trajectories.models import TrajectoryDecision, TrajectoryStep
from marketplace.trajectories.vocab import StepSource

#: The parts of the section, after its first part number.
_DECISION, _STEP, _PARTNER = 0, 1, 2


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


def _profile_parts(reader: ProfileReader, first: int) -> list[Select]:
    """The trajectory's parts of the profile's statement (``profile_sections``): the
    decisions and the steps by their day and id, and for the decision form of the
    candidate's own coach the active partner organisations by name (as
    ``queries.partner_choices``), of the tables' columns."""
    decision, step = TrajectoryDecision.__table__.c, TrajectoryStep.__table__.c
    organisations = Organisation.__table__
    partner, place = organisations.alias("partner"), organisations.alias("place")
    parts = [
        section_row(first + _DECISION,
                    func.row_number().over(order_by=(decision.decided_on, decision.id)),
                    day1=decision.decided_on, text1=decision.trajectory,
                    text2=partner.c.name, text6=decision.note)
        .select_from(TrajectoryDecision.__table__)
        .join(partner, partner.c.id == decision.partner_id)
        .where(decision.candidate_id == reader.candidate_id),
        section_row(first + _STEP, func.row_number().over(order_by=(step.started_on, step.id)),
                    int1=step.id, text1=step.kind, day1=step.started_on, day2=step.ended_on,
                    text2=place.c.name, text3=step.organisation_name,
                    text4=step.dutch_level, text6=step.note, text5=step.source)
        .select_from(TrajectoryStep.__table__)
        .outerjoin(place, place.c.id == step.organisation_id)
        .where(step.candidate_id == reader.candidate_id),
    ]
    if reader.owner:
        organisation = organisations.c
        parts.append(
            section_row(first + _PARTNER,
                        func.row_number().over(order_by=(organisation.name, organisation.id)),
                        int1=organisation.id, text2=organisation.name)
            .where(organisation.kind == OrganisationKind.PARTNER, organisation.is_active)
        )
    return parts


def _panel_rows(_candidate, _reader, rows) -> PanelRows:
    found = PanelRows([], [], [])
    for row in rows:
        part = row.part % PARTS_PER_SECTION
        if part == _DECISION:
            found.decisions.append(DecisionLine(row.text1, row.day1, row.text2, row.text6))
        elif part == _STEP:
            found.steps.append(StepLine(row.int1, row.text1, row.day1, row.day2, row.text2,
                                        row.text3, row.text4, row.text6, row.text5))
        else:
            found.partners.append((row.int1, row.text2))
    return found


#: ``details.sections["trajectory"]`` of the profile: its ``PanelRows`` (the partners
#: only for the candidate's own coach).
register_section("trajectory", _profile_parts, _panel_rows)
