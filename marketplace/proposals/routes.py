"""The proposal pages: the coach proposes and follows; the employer reads and answers.

Thin views: parse the form, call one operation, commit once, render or redirect.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal, get_translations
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.candidates.queries import own_candidate_or_404
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.queries import managed_opportunity_or_404, only_columns
from marketplace.opportunities.vocab import OpportunityStatus
from marketplace.proposals import employer_views, operations, queries
from marketplace.proposals.forms import (
    AnswerForm,
    InterviewForm,
    ProposeForm,
    VersionedActionForm,
    WithdrawForm,
)
from marketplace.proposals.interviews import InvalidInterview
from marketplace.proposals.vocab import OPEN_STATES, ProposalState, goes_by_enrolment
from marketplace.security import Permission, Role, requires
from marketplace.suggestions.display import candidate_marks, employer_marks
from marketplace.suggestions.queries import entry_for_proposal
from marketplace.web.conflicts import EditConflict
from marketplace.web.i18n import current_language
from marketplace.web.navigation import show_count
from marketplace.web.pagination import paginate
from marketplace.web.routes import home_context

bp = Blueprint("proposals", __name__, url_prefix="/proposals")

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
    page = paginate(queries.coach_proposals(current_user), per_page=25)
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


@bp.post("/<int:proposal_id>/withdraw")
@requires(Permission.PROPOSE_CANDIDATES)
def withdraw(proposal_id: int):
    """The coach withdraws a proposal still open (the person no longer wants it, it was
    a mistake, the opportunity was filled); the employer is told without any personal
    detail."""
    proposal = queries.own_proposal_or_404(proposal_id, current_user)
    detail_page = url_for("proposals.detail", proposal_id=proposal.id)
    if proposal.state == ProposalState.WITHDRAWN:  # a second click, another tab
        flash(_("This proposal was already withdrawn."), "notice")
        return redirect(detail_page)
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _detail_page(proposal, form), 400
    try:
        operations.withdraw_proposal(proposal, by=current_user,
                                     expected_version=form.version.data)
    except operations.ProposalWithdrawn:
        db.session.rollback()
        flash(_("This proposal was already withdrawn."), "notice")
        return redirect(detail_page)
    except operations.AnswerNotAllowed:
        db.session.rollback()
        flash(_("The employer already answered this proposal for good: it can no longer "
                "be withdrawn."), "error")
        return redirect(detail_page)
    except EditConflict:
        db.session.rollback()
        flash(_("This proposal changed in the meantime (the employer may have answered). "
                "Look at it again before you withdraw it."), "error")
        return redirect(detail_page)
    db.session.commit()
    flash(_("Proposal withdrawn. The employer has been told that %(name)s is no longer "
            "available.", name=proposal.candidate.pseudonym), "success")
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
        flash(_("Proposed. The employer has been told; you will hear when they answer."),
              "success")
        return redirect(url_for("proposals.mine"))
    return render_template("proposals/propose.html", form=form, candidate=candidate)


# --- the employer's side ---------------------------------------------------------------


@bp.get("/waiting")
@requires(Permission.ANSWER_PROPOSALS)
def waiting():
    """Every proposal that waits for this employer's answer, across its opportunities."""
    page = paginate(queries.waiting_for_answer(current_user.organisation_id), per_page=50)
    return render_template("proposals/waiting.html", page=page, today=local_today())


@bp.get("/opportunities/<int:opportunity_id>")
@requires(Permission.ANSWER_PROPOSALS)
def inbox(opportunity_id: int):
    # Of the opportunity the page shows its title and places (the places left: its
    # status and hires), its fill form the version.
    opportunity = managed_opportunity_or_404(opportunity_id, current_user, *only_columns(
        Opportunity.id, Opportunity.organisation_id, Opportunity.title, Opportunity.kind,
        Opportunity.status, Opportunity.places, Opportunity.hired_count,
        Opportunity.version))
    views, waiting = employer_views.inbox(opportunity, current_language())
    _menu_count_is(waiting)
    ask_to_fill = (opportunity.status == OpportunityStatus.PUBLISHED
                   and opportunity.places_left == 0)
    return render_template("proposals/inbox.html", opportunity=opportunity, views=views,
                           ask_to_fill=ask_to_fill)


def _answer_page(form, proposal, status: int = 200):
    """The answer page: the candidate as the employer may see them, how they fit the
    requirements, the coach's work contact, the planned interview and the form."""
    view, waiting = employer_views.answer_view(proposal, current_language())
    _menu_count_is(waiting)
    marks = employer_marks(proposal.candidate_id, proposal.opportunity) if view.pseudonym else []
    return render_template("proposals/answer.html", form=form, view=view, marks=marks,
                           opportunity=proposal.opportunity,
                           interview=proposal.open_interview), status


def invalid_interview_message() -> str:
    """When the operation refuses what the form let through (the start passed while
    the form was sent)."""
    return _("The interview could not be saved: check the date, the times and the place.")


@bp.route("/<int:proposal_id>/answer", methods=["GET", "POST"])
@requires(Permission.ANSWER_PROPOSALS)
def answer(proposal_id: int):
    proposal = queries.answerable_proposal_or_404(proposal_id, current_user)
    back = url_for("proposals.inbox", opportunity_id=proposal.opportunity_id)
    form = AnswerForm(data={"version": proposal.version} if request.method == "GET" else None,
                      kind=proposal.opportunity.kind, state=proposal.state)
    if request.method == "GET":
        form.fill_from(proposal.open_interview, contact=current_user)
    if form.validate_on_submit():
        try:
            operations.answer_proposal(
                proposal, form.answer.data, by=current_user, expected_version=form.version.data,
                interview=form.details() if form.plans_interview() else None,
                decline_reason=form.decline_reason.data, decline_note=form.decline_note.data,
            )
        except EditConflict:
            db.session.rollback()
            flash(_("Someone answered this proposal in the meantime. Look at its state."),
                  "error")
            return redirect(back)
        except operations.ProposalWithdrawn:
            db.session.rollback()
            flash(_("This proposal was withdrawn: the person is no longer available. "
                    "You do not need to answer."), "error")
            return redirect(back)
        except operations.AnswerNotAllowed:
            db.session.rollback()
            flash(_("You already answered this proposal."), "error")
            return redirect(back)
        except operations.OpportunityFilled:
            db.session.rollback()
            flash(_("Every place of this opportunity is already taken, so you cannot hire "
                    "anyone else for it. Invite or decline instead."), "error")
            return redirect(back)
        except InvalidInterview:
            db.session.rollback()
            form.form_errors.append(invalid_interview_message())
            return _answer_page(form, proposal, 400)
        db.session.commit()
        flash(_("Answer saved. The coach has been told."), "success")
        return redirect(back)
    return _answer_page(form, proposal)


@bp.route("/<int:proposal_id>/interview", methods=["GET", "POST"])
@requires(Permission.ANSWER_PROPOSALS)
def change_interview(proposal_id: int):
    """Change the planned interview's time, place or contact; the coach's calendar
    entry is updated."""
    proposal = queries.answerable_proposal_or_404(proposal_id, current_user)
    interview = proposal.open_interview
    if interview is None:
        abort(404)
    form = InterviewForm()
    if request.method == "GET":
        form.fill_from(interview)
        form.version.data = interview.version
    answer_page = url_for("proposals.answer", proposal_id=proposal.id)
    if form.validate_on_submit():
        try:
            operations.change_interview(proposal, form.details(), by=current_user,
                                        expected_version=form.version.data)
        except EditConflict:
            db.session.rollback()
            flash(_("Someone changed this interview in the meantime. Look at it again."),
                  "error")
            return redirect(answer_page)
        except InvalidInterview:
            db.session.rollback()
            form.form_errors.append(invalid_interview_message())
            return render_template("proposals/interview.html", form=form,
                                   proposal=proposal), 400
        db.session.commit()
        flash(_("Interview changed. The coach got the update for their calendar."), "success")
        return redirect(answer_page)
    return render_template("proposals/interview.html", form=form, proposal=proposal)


@bp.post("/<int:proposal_id>/interview/cancel")
@requires(Permission.ANSWER_PROPOSALS)
def cancel_interview(proposal_id: int):
    """Cancel the planned interview; the coach's calendar entry is taken back."""
    proposal = queries.answerable_proposal_or_404(proposal_id, current_user)
    form = VersionedActionForm()
    answer_page = url_for("proposals.answer", proposal_id=proposal.id)
    if not form.validate_on_submit():
        abort(400)
    try:
        operations.cancel_interview(proposal, by=current_user,
                                    expected_version=form.version.data)
    except operations.NoInterview:
        db.session.rollback()
        flash(_("There is no planned interview to cancel."), "error")
        return redirect(answer_page)
    except EditConflict:
        db.session.rollback()
        flash(_("Someone changed this interview in the meantime. Look at it again."), "error")
        return redirect(answer_page)
    db.session.commit()
    flash(_("Interview cancelled. The coach has been told and their calendar updated."),
          "success")
    return redirect(answer_page)


@bp.app_context_processor
def _candidate_proposals_helper():
    """The candidate's profile (``candidates/profile.html``) lists their proposals; the
    candidates package cannot import this one."""
    return {"candidate_proposals": queries.candidate_proposals}


def _menu_count_is(waiting: int | None) -> None:
    """Keep ``waiting`` (``queries.waiting_count`` of the reader's organisation, read
    by the page's own statement; None: not read) for the menu of this request's page,
    which then needs no statement of its own. Only a page that changes nothing before
    it renders sets it: the count stays true for the page it is shown on."""
    if waiting is not None:
        g.waiting_count = waiting


def _waiting_count() -> int:
    """The menu's count beside "Waiting for your answer", on every page of an employer."""
    known = g.get("waiting_count")
    return queries.waiting_count(current_user.organisation_id) if known is None else known


show_count("proposals.waiting", _waiting_count)


@home_context(Role.EMPLOYER)
def _employer_home() -> dict:
    """The employer's home shows the five oldest proposals that wait for an answer;
    read before the page, so that the menu's count comes from the same statement."""
    waiting, count = queries.oldest_waiting(current_user.organisation_id, 5)
    _menu_count_is(count)
    return {"waiting": waiting}


@bp.app_context_processor
def _proposal_counts_helper():
    """The employer's list of opportunities (``opportunities/mine.html``) shows how many
    proposals each has in each state."""
    return {"proposal_counts": lambda opportunities: queries.state_counts(
        [opportunity.id for opportunity in opportunities])}


def years_of_experience(years: float) -> str:
    """"4 years", "1,5 jaar": the years written the way the reader's language writes
    numbers (a decimal comma in Dutch, no ".0")."""
    return _written_years(years, current_language())


@lru_cache(maxsize=1024)
def _written_years(years: float, language: str) -> str:
    """``years_of_experience`` in ``language`` (the request's), kept: Babel's number
    formatting and the catalogue lookup cost more than the rest of a line, and an inbox
    shows thirty of them out of a few dozen values."""
    # Not ngettext: it fills %(num)s with the raw number itself. A fraction takes the
    # plural ("1,5 jaar", "1.5 years"); gettext chooses forms by whole numbers only.
    count = int(years) if float(years).is_integer() else 2
    text = get_translations().ungettext("%(num)s year", "%(num)s years", count)
    return text % {"num": format_decimal(years)}


@bp.context_processor
def _card_helpers():
    return {"years_of_experience": years_of_experience,
            "goes_by_enrolment": goes_by_enrolment}
