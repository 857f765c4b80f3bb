"""The partnership's outcomes report: per period, what each partner organisation and
the employers achieved together. Admins only, with exact figures.

Who sees it: the partnership's admins, who already see every partner organisation.
Coaches and their managers do not (a partner would see the other partners' figures),
and sector federations do not (the report is about the partners' work, not about the
demand of their sector; their protected dashboards are the ``insights`` pages).
Because only admins read it, the figures are exact: no rounding, no "<5".

Per partner organisation (``partner_outcomes``), every figure one ``GROUP BY``:

* **registered**: candidates created during the period in the organisation's
  caseloads (erased ones too: the anonymous remnant keeps its organisation and the
  month it was created).
* **active, integrated / linear**: candidates of the organisation who are active
  *now* in that trajectory and were registered before the period ended. The site keeps
  no history of statuses, so this is the present state, as on the supply dashboard.
* **proposed / invited / hired**: proposals that reached that state during the period
  (a ``proposal_event`` to ``proposed``, ``interview`` or ``hired``), counted for the
  organisation of the coach who proposed: the partner that did the work, even when
  the candidate later moved to another partner. Each proposal counts once per state.
  A hire counts once, however the candidate's status changes afterwards: a hire
  makes the candidate ``placed`` (so no longer *active*), and a coach who undoes the
  placement makes them active again without taking the hire back (the employer did
  hire them; the job may have ended), so "hired" stays and "active" follows the status.
  A course's or try-out's acceptance is its ``hired`` state too: it counts apart, as
  **accepted** (``proposals.vocab.KINDS_WITHOUT_PLACEMENT``), so work and courses are
  not one figure. The same ``GROUP BY`` splits them, by the opportunity's kind.

Per kind of opportunity (``opportunity_outcomes``): opportunities **posted** (first
published during the period) and **filled** (marked filled during the period), over
every organisation that offers them (employers, training providers, federations).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from marketplace.accounts.models import Organisation, User
from marketplace.accounts.roles import OrganisationKind
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus, Trajectory
from marketplace.extensions import db
from marketplace.insights.protection import Figure, total_of
from marketplace.insights.queries import InsightFilters, filled_during
from marketplace.insights.tables import Column, Row, Table
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.vocab import OpportunityKind, OpportunityStatus
from marketplace.proposals.models import Proposal, ProposalEvent
from marketplace.proposals.vocab import KINDS_WITHOUT_PLACEMENT, ProposalState
from marketplace.web.labels import choice_label

#: The proposal states the report counts, in the order of the columns.
PROPOSAL_STEPS: tuple[ProposalState, ...] = (
    ProposalState.PROPOSED,
    ProposalState.INTERVIEW,
    ProposalState.HIRED,
)

#: The columns of the proposals' steps: the states, and a hire for a course or try-out
#: (an acceptance) apart from a hire for work (``_step_column``).
STEP_COLUMNS = (*(str(state) for state in PROPOSAL_STEPS), "accepted")

#: The columns of the partner table, in order.
PARTNER_COLUMNS = ("registered", "active_integrated", "active_linear", *STEP_COLUMNS)

#: Which kinds of opportunity count in which column, under the partner table and the
#: fairness report's tables (a proposal's "hired" is a hire or an acceptance).
HIRE_KINDS_NOTE = _l(
    "Hired for work: a job, an internship or a volunteering place. Accepted on a course "
    "or try-out: a course, or a try-out after a proposal (enrolments in a try-out session "
    "are not counted). Someone with both counts in both."
)


@dataclass(frozen=True)
class PartnerOutcome:
    """One partner organisation's figures for the period."""

    organisation_id: int
    name: str
    figures: dict[str, int]


def _registered(filters: InsightFilters) -> dict[int, int]:
    rows = db.session.execute(
        select(Candidate.organisation_id, func.count(Candidate.id))
        .where(Candidate.created_at.between(filters.start_moment, filters.end_moment))
        .group_by(Candidate.organisation_id)
    )
    return dict(rows.all())


def _active_by_trajectory(filters: InsightFilters) -> dict[tuple[int, str], int]:
    rows = db.session.execute(
        select(Candidate.organisation_id, Candidate.trajectory, func.count(Candidate.id))
        .where(
            Candidate.status == CandidateStatus.ACTIVE,
            Candidate.created_at <= filters.end_moment,
        )
        .group_by(Candidate.organisation_id, Candidate.trajectory)
    )
    return {(organisation, trajectory): count for organisation, trajectory, count in rows}


def _step_column(state: str, kind: str) -> str:
    """The column a proposal that reached ``state`` counts in: its state, except that
    a hire for a course or try-out is an acceptance."""
    if state == ProposalState.HIRED and kind in KINDS_WITHOUT_PLACEMENT:
        return "accepted"
    return state


def _proposal_steps(filters: InsightFilters) -> dict[tuple[int, str], int]:
    """Proposals per organisation and column, counted per state and kind of opportunity
    by the database (a few rows per organisation) and folded into columns here: grouping
    by the kind rather than by a ``CASE`` of it, which PostgreSQL would not match with
    the selected one. A proposal has one kind, so adding kinds up counts it once."""
    rows = db.session.execute(
        select(
            User.organisation_id,
            ProposalEvent.to_state,
            Opportunity.kind,
            func.count(func.distinct(ProposalEvent.proposal_id)),
        )
        .join(Proposal, Proposal.id == ProposalEvent.proposal_id)
        .join(User, User.id == Proposal.coach_id)
        .join(Opportunity, Opportunity.id == Proposal.opportunity_id)
        .where(
            ProposalEvent.to_state.in_([str(state) for state in PROPOSAL_STEPS]),
            ProposalEvent.at.between(filters.start_moment, filters.end_moment),
        )
        .group_by(User.organisation_id, ProposalEvent.to_state, Opportunity.kind)
    )
    steps: dict[tuple[int, str], int] = defaultdict(int)
    for organisation, state, kind, count in rows:
        steps[organisation, _step_column(state, kind)] += count
    return steps


def partner_outcomes(filters: InsightFilters) -> list[PartnerOutcome]:
    """Every partner organisation (those with nothing to report too), by name, with
    the figures of the module docstring for the period of ``filters``."""
    partners = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.kind == OrganisationKind.PARTNER)
        .order_by(Organisation.name)
    ).all()
    registered = _registered(filters)
    active = _active_by_trajectory(filters)
    steps = _proposal_steps(filters)
    outcomes = []
    for organisation_id, name in partners:  # one row per organisation, a few dozen
        figures = {
            "registered": registered.get(organisation_id, 0),
            "active_integrated": active.get((organisation_id, Trajectory.INTEGRATED), 0),
            "active_linear": active.get((organisation_id, Trajectory.LINEAR), 0),
        }
        for column in STEP_COLUMNS:
            figures[column] = steps.get((organisation_id, column), 0)
        outcomes.append(PartnerOutcome(organisation_id, name, figures))
    return outcomes


def opportunity_outcomes(filters: InsightFilters) -> dict[str, tuple[int, int]]:
    """``{kind: (posted, filled)}`` for every kind of opportunity, over every
    organisation."""
    posted = dict(
        db.session.execute(
            select(Opportunity.kind, func.count(Opportunity.id))
            .where(
                and_(
                    Opportunity.status != OpportunityStatus.DRAFT,
                    Opportunity.published_at.between(filters.start_moment, filters.end_moment),
                )
            )
            .group_by(Opportunity.kind)
        ).all()
    )
    filled = dict(
        db.session.execute(
            select(Opportunity.kind, func.count(Opportunity.id))
            .where(*filled_during(InsightFilters(start=filters.start, end=filters.end)))
            .group_by(Opportunity.kind)
        ).all()
    )
    return {str(kind): (posted.get(kind, 0), filled.get(kind, 0)) for kind in OpportunityKind}


# --- the report's tables (page and CSV) -------------------------------------------------


def _column_labels() -> dict[str, str]:
    return {
        "registered": _("Candidates registered"),
        "active_integrated": _("Active, integrated trajectory"),
        "active_linear": _("Active, linear trajectory"),
        "proposed": _("Proposed"),
        "interview": _("Invited"),
        "hired": _("Hired for work"),
        "accepted": _("Accepted on a course or try-out"),  # a course's "hired"
    }


def _with_total(rows: list[Row], columns: int) -> Row:
    return Row(
        _("All partner organisations"),
        [total_of(row.cells[i] for row in rows) for i in range(columns)],
    )


def partners_table(filters: InsightFilters) -> Table:
    """The partner organisations' figures as a table with a total row."""
    labels = _column_labels()
    rows = [
        Row(
            outcome.name,
            [Figure(outcome.figures[key]) for key in PARTNER_COLUMNS],
            is_data=True,
        )
        for outcome in partner_outcomes(filters)
    ]
    return Table(
        key="partners",
        caption=_("Candidates and proposals per partner organisation"),
        label_header=_("Partner organisation"),
        columns=[Column(labels[key]) for key in PARTNER_COLUMNS],
        rows=rows,
        total=_with_total(rows, len(PARTNER_COLUMNS)) if rows else None,
        chart=None,
        notes=[
            _(
                "Active: the candidates who are active in that trajectory now and were "
                "registered before the end of the period. Proposals count for the "
                "organisation of the coach who proposed."
            ),
            str(HIRE_KINDS_NOTE),
        ],
    )


def opportunities_table(filters: InsightFilters) -> Table:
    """Opportunities posted and filled during the period, per kind, with a total."""
    rows = [
        Row(
            choice_label("opportunity_kind", kind),
            [Figure(posted), Figure(filled)],
        )
        for kind, (posted, filled) in opportunity_outcomes(filters).items()
    ]
    return Table(
        key="opportunities",
        caption=_("Opportunities posted and filled per kind"),
        label_header=_("Kind"),
        columns=[Column(_("Posted")), Column(_("Filled"))],
        rows=rows,
        total=Row(_("All kinds"), [total_of(row.cells[i] for row in rows) for i in range(2)]),
        chart=None,
        notes=[
            _("Posted: first published during the period. Filled: marked filled during the period.")
        ],
    )


#: The report's tables by key, for the page and the CSV downloads.
OUTCOME_TABLES = {"partners": partners_table, "opportunities": opportunities_table}
