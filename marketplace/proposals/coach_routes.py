"""The coach's proposal pages: their proposals, one proposal (and withdrawing it), the
explanation to print for the candidate, and proposing a candidate.

Thin views: parse the form, call one operation, commit once, render or redirect. Their
routes join the proposals' blueprint (``blueprint.py``); ``routes.py``, the employer's
side, imports this module so the blueprint the app registers carries every page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.permissions import Permission
from marketplace.candidates.queries import own_candidate_or_404
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.vocab import OpportunityStatus
from marketplace.proposals import list_queries, operations, queries
from marketplace.proposals.blueprint import bp
from marketplace.proposals.forms import (
    ProposeForm,
    WithdrawForm,
)
from marketplace.proposals.vocab import OPEN_STATES, ProposalState, goes_by_enrolment
from marketplace.security import requires
from marketplace.suggestions.display import candidate_marks
from marketplace.suggestions.queries import entry_for_proposal
from marketplace.web.conflicts import EditConflict
from marketplace.web.labels import kind_label
from marketplace.web.pagination import paginate

#: Why a proposal was refused, in the coach's words.
REFUSALS = {
    operations.NoActiveConsent: lambda: _(
        "This person has no active consent. Record their consent first."),
    operations.CandidateNotActive: lambda: _(
        "This person is not active in your caseload, so you cannot propose them."),
    operations.OpportunityNotOpen: lambda: _(
        "This opportunity is no longer open: it is not published or its closing date has passed."),
    operations.OpportunityFilled: lambda: _("This opportunity is already filled."),
    operations.AlreadyProposed: lambda: _(
        "This person was already proposed for this opportunity. Nothing was sent again."),
    operations.TryoutGoesByEnrolment: lambda: _(
        "A try-out goes by enrolment, not by proposal. Nothing was sent. Enrol the "
        "person in the try-out instead."),
}


def refusal_message(error: operations.ProposalError) -> str:
    return REFUSALS[type(error)]()


# --- the coach's side ------------------------------------------------------------------


@bp.get("/")
@requires(Permission.PROPOSE_CANDIDATES)
def mine():
    page = paginate(list_queries.coach_proposals(current_user), per_page=25)
    return render_template("proposals/mine.html", page=page)


@bp.get("/<int:proposal_id>")
@requires(Permission.PROPOSE_CANDIDATES)
def detail(proposal_id: int):
    proposal = queries.own_proposal_or_404(proposal_id, current_user)
    return _detail_page(proposal, WithdrawForm(version=proposal.version))


def _detail_page(proposal, withdraw_form: WithdrawForm):
    return render_template("proposals/detail.html", proposal=proposal,
                           tryout_note=tryout_note(proposal), withdraw_form=withdraw_form,
                           is_open=proposal.state in OPEN_STATES)


#: Why a withdrawal was refused (a second click, another tab, an answer in between).
WITHDRAW_REFUSALS = {
    operations.ProposalWithdrawn: (lambda: _("This proposal was already withdrawn."),
                                   "notice"),
    operations.AnswerNotAllowed: (lambda: _(
        "This proposal was already answered for good: it can no longer be withdrawn."),
        "error"),
    EditConflict: (lambda: _(
        "This proposal changed in the meantime (it may have been answered). Look at it "
        "again before you withdraw it."), "error"),
}


@bp.post("/<int:proposal_id>/withdraw")
@requires(Permission.PROPOSE_CANDIDATES)
def withdraw(proposal_id: int):
    """The coach withdraws a proposal still open (the person no longer wants it, it was
    a mistake, the opportunity was filled); the employer is told without any personal
    detail."""
    proposal = queries.own_proposal_or_404(proposal_id, current_user)
    detail_page = url_for("proposals.detail", proposal_id=proposal.id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _detail_page(proposal, form), 400
    try:
        operations.withdraw_proposal(proposal, by=current_user,
                                     expected_version=form.version.data)
    except (operations.ProposalError, EditConflict) as error:
        db.session.rollback()
        message, category = WITHDRAW_REFUSALS[type(error)]
        flash(message(), category)
        return redirect(detail_page)
    db.session.commit()
    flash(kind_label("answerer", "withdrawn", proposal.opportunity.kind)
          % {"name": proposal.candidate.pseudonym}, "success")
    return redirect(detail_page)


@dataclass(frozen=True)
class TryoutNote:
    """What the coach reads on a proposal for a try-out, made before try-outs went by
    enrolment: who can still answer it, and how to enrol the person instead."""

    #: The proposal still waits (an open state).
    open: bool
    #: The organiser answers proposals (an employer); a sector federation does not.
    answered: bool
    #: The try-out's enrol form with the person chosen, while the try-out takes
    #: enrolments and the person is the viewer's own and active; else None.
    enrol_url: str | None
    #: Enrolling withdraws the proposal (it still waits for a first answer).
    closes_on_enrolment: bool


def tryout_note(proposal) -> TryoutNote | None:
    """The note of a proposal for a try-out (None for other kinds)."""
    opportunity = proposal.opportunity
    if not goes_by_enrolment(opportunity.kind):
        return None
    candidate = proposal.candidate
    today = local_today()
    takes_enrolments = (
        opportunity.status == OpportunityStatus.PUBLISHED
        and (opportunity.session_on is None or opportunity.session_on >= today)
        and (opportunity.closes_on is None or opportunity.closes_on >= today))
    is_open = proposal.state in OPEN_STATES
    can_enrol = (is_open and takes_enrolments and candidate.coach_id == current_user.id
                 and candidate.status == CandidateStatus.ACTIVE)
    return TryoutNote(
        open=is_open,
        answered=opportunity.organisation.kind in queries.ANSWERING_ORGANISATION_KINDS,
        enrol_url=url_for("tryouts.enrol", opportunity_id=opportunity.id,
                          candidate=candidate.id) if can_enrol else None,
        closes_on_enrolment=proposal.state == ProposalState.PROPOSED,
    )


@bp.get("/<int:proposal_id>/explanation")
@requires(Permission.PROPOSE_CANDIDATES)
def explanation(proposal_id: int):
    """A page the coach prints or sends for the candidate: how Werkbrug suggested them,
    that a person decided, the main reasons and how to object."""
    proposal = queries.explainable_proposal_or_404(proposal_id, current_user)
    return render_template(
        "proposals/explanation.html", proposal=proposal,
        marks=candidate_marks(proposal.candidate_id, proposal.opportunity),
        dpo_email=current_app.config["DPO_EMAIL"],
    )


@bp.route("/candidates/<int:candidate_id>/propose", methods=["GET", "POST"])
@requires(Permission.PROPOSE_CANDIDATES)
def propose(candidate_id: int):
    candidate = own_candidate_or_404(candidate_id, current_user)
    # A try-out asked for (an old link, a page opened before the rule): it goes by
    # enrolment, so the coach goes to its enrol form with the person chosen. The form
    # never offers one; the operation refuses one too (a try-out that is not published
    # is refused by the form like any unknown choice).
    # The form's names differ from the link's (``opportunity_id``, ``entry``).
    opened = request.method == "GET"
    asked = request.args if opened else request.form
    tryout = queries.published_tryout(asked.get("opportunity_id" if opened else "opportunity"))
    if tryout is not None:
        flash(_("A try-out goes by enrolment, not by proposal, so nothing was sent. "
                "Enrol %(name)s here.", name=candidate.pseudonym), "notice")
        # The suggestion it came from goes along; the enrol form checks it again.
        entry = asked.get("entry" if opened else "suggestion_entry") or None
        return redirect(url_for("tryouts.enrol", opportunity_id=tryout.id,
                                candidate=candidate.id, entry=entry))
    form = ProposeForm(opportunities=queries.proposable_opportunities())
    if request.method == "GET":
        form.opportunity.data = request.args.get("opportunity_id", "")
        form.suggestion_entry.data = request.args.get("entry", "")
    if form.validate_on_submit():
        opportunity = db.session.get(Opportunity, int(form.opportunity.data))
        entry = entry_for_proposal(form.suggestion_entry.data, current_user, candidate.id,
                                   opportunity.id)
        try:
            operations.propose_candidate(
                current_user, candidate, opportunity, motivation=form.motivation.data,
                candidate_agreed_on=form.candidate_agreed_on.data,
                suggestion_entry_id=entry.id if entry else None,
            )
        except operations.ProposalError as error:
            db.session.rollback()
            form.form_errors.append(refusal_message(error))
            return render_template("proposals/propose.html", form=form,
                                   candidate=candidate), 409
        db.session.commit()
        flash(kind_label("answerer", "proposed", opportunity.kind), "success")
        return redirect(url_for("proposals.mine"))
    return render_template("proposals/propose.html", form=form, candidate=candidate)
