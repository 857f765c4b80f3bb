"""The employer's proposal pages: the waiting list, the inbox of an opportunity, the
answer and the interview; and the helpers the proposals give every page (the profile's
list of proposals, the menu's count). The coach's pages are in ``coach_routes.py``.

Thin views: parse the form, call one operation, commit once, render or redirect.
"""

from __future__ import annotations

from flask import (
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

import marketplace.proposals.coach_routes  # noqa: F401 - its pages join this blueprint
from marketplace.accounts.permissions import Permission
from marketplace.accounts.roles import Role
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.vocab import OpportunityStatus
from marketplace.proposals import employer_views, list_queries, operations, queries
from marketplace.proposals.blueprint import bp
from marketplace.proposals.cards import candidate_card
from marketplace.proposals.forms import (
    AnswerForm,
    CancelInterviewForm,
    InterviewForm,
)
from marketplace.proposals.interviews import InvalidInterview
from marketplace.proposals.vocab import goes_by_enrolment
from marketplace.security import requires
from marketplace.suggestions.display import employer_marks
from marketplace.web.conflicts import EditConflict
from marketplace.web.i18n import current_language
from marketplace.web.labels import kind_label
from marketplace.web.navigation import show_count
from marketplace.web.pagination import paginate
from marketplace.web.routes import home_context
from marketplace.web.urls import built_url

# --- the employer's side ---------------------------------------------------------------


@bp.get("/waiting")
@requires(Permission.ANSWER_PROPOSALS)
def waiting():
    """Every proposal that waits for this employer's answer, across its opportunities."""
    page = paginate(list_queries.waiting_for_answer(current_user.organisation_id), per_page=50)
    return render_template("proposals/waiting.html", page=page, today=local_today())


@bp.get("/opportunities/<int:opportunity_id>")
@requires(Permission.ANSWER_PROPOSALS)
def inbox(opportunity_id: int):
    opportunity = queries.inbox_opportunity_or_404(opportunity_id, current_user)
    views, waiting = employer_views.inbox(opportunity, current_language())
    _menu_count_is(waiting)
    ask_to_fill = (opportunity.status == OpportunityStatus.PUBLISHED
                   and opportunity.places_left == 0)
    return render_template("proposals/inbox.html", opportunity=opportunity, views=views,
                           ask_to_fill=ask_to_fill, answer_link=_answer_link)


def _answer_link(proposal_id: int) -> str:
    """The answer form's link on each card of an inbox (``web.urls.built_url``)."""
    return built_url("proposals.answer", proposal_id=proposal_id)


def _answer_page(form, proposal, status: int = 200, cancel_form=None):
    """The answer page: the candidate as the employer may see them, how they fit the
    requirements, the coach's work contact, the planned interview with its cancel form
    (``cancel_form``: the one sent, with its errors) and the answer form."""
    view, waiting = employer_views.answer_view(proposal, current_language())
    _menu_count_is(waiting)
    marks = employer_marks(proposal.candidate_id, proposal.opportunity) if view.pseudonym else []
    interview = proposal.open_interview
    if cancel_form is None and interview is not None:
        cancel_form = CancelInterviewForm(formdata=None, data={"version": interview.version})
    return render_template("proposals/answer.html", form=form, view=view, marks=marks,
                           opportunity=proposal.opportunity, interview=interview,
                           cancel_form=cancel_form), status


def _first_answer_form(proposal) -> AnswerForm:
    """The answer form as the page first shows it (the planned interview filled in),
    never read from the request: the cancel form posts fields of the same names."""
    form = AnswerForm(formdata=None, data={"version": proposal.version},
                      kind=proposal.opportunity.kind, state=proposal.state,
                      full=operations.no_place_left(proposal.opportunity))
    form.fill_from(proposal.open_interview, contact=current_user)
    return form


def invalid_interview_message() -> str:
    """When the operation refuses what the form let through (the start passed while
    the form was sent)."""
    return _("The interview could not be saved: check the date, the times and the place.")


@bp.route("/<int:proposal_id>/answer", methods=["GET", "POST"])
@requires(Permission.ANSWER_PROPOSALS)
def answer(proposal_id: int):
    if request.method == "GET":  # shown only: a narrower read
        proposal = queries.shown_proposal_or_404(proposal_id, current_user)
    else:
        proposal = queries.answerable_proposal_or_404(proposal_id, current_user)
    back = url_for("proposals.inbox", opportunity_id=proposal.opportunity_id)
    if request.method == "GET":
        form = _first_answer_form(proposal)
    else:
        form = AnswerForm(kind=proposal.opportunity.kind, state=proposal.state,
                          full=operations.no_place_left(proposal.opportunity))
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
            flash(kind_label("opportunity_filled", proposal.state, proposal.opportunity.kind),
                  "error")
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
    form = CancelInterviewForm()
    answer_page = url_for("proposals.answer", proposal_id=proposal.id)
    if not form.validate_on_submit():
        if set(form.errors) != {"confirm"}:
            abort(400)
        if proposal.open_interview is None:  # no box left to show the error beside
            flash(_("There is no planned interview to cancel."), "error")
            return redirect(answer_page)
        # Nothing cancelled: the page again, the box saying why (as every form does).
        return _answer_page(_first_answer_form(proposal), proposal, 400, cancel_form=form)
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
    return {"candidate_proposals": list_queries.candidate_proposals}


def _menu_count_is(waiting: int | None) -> None:
    """Keep ``waiting`` (``list_queries.waiting_count`` of the reader's organisation,
    read by the page's own statement; None: not read) for the menu of this request's
    page, which then needs no statement of its own. Only a page that changes nothing
    before it renders sets it: the count stays true for the page it is shown on."""
    if waiting is not None:
        g.waiting_count = waiting


def _waiting_count() -> int:
    """The menu's count beside "Waiting for your answer", on every page of an employer."""
    known = g.get("waiting_count")
    return list_queries.waiting_count(current_user.organisation_id) if known is None else known


show_count("proposals.waiting", _waiting_count)


@home_context(Role.EMPLOYER)
def _employer_home() -> dict:
    """The employer's home shows the five oldest proposals that wait for an answer;
    read before the page, so that the menu's count comes from the same statement."""
    waiting, count = list_queries.oldest_waiting(current_user.organisation_id, 5)
    _menu_count_is(count)
    return {"waiting": waiting}


def _proposal_counts(opportunities) -> dict[int, dict[str, int]]:
    """Per id of the reader's own ``opportunities`` (``ListedOpportunity``, which read
    their proposals' states and the menu's count with them), how many proposals it has
    in each state; the menu's count is theirs (the template asks before the menu is
    written)."""
    _menu_count_is(opportunities[0].waiting if opportunities else None)
    return {opportunity.id: list_queries.counted_states(opportunity.proposal_states)
            for opportunity in opportunities}


@bp.app_context_processor
def _proposal_counts_helper():
    """The employer's list of opportunities (``opportunities/mine.html``) shows how many
    proposals each has in each state."""
    return {"proposal_counts": _proposal_counts}


@bp.context_processor
def _card_helpers():
    return {"candidate_card": candidate_card, "goes_by_enrolment": goes_by_enrolment}
