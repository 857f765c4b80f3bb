"""The proposals resource: a partner proposes its candidates and follows them; an
employer (or training provider) reads and answers the proposals it received.

The site's rules, from ``proposals.operations``: consent, one proposal per candidate
and opportunity, only published open opportunities with a place left and never a
try-out (it goes by enrolment), the answers
each kind and state allows, the mails and trajectory steps. A partner's key acts for
its whole organisation: it proposes a candidate of its organisation's caseloads in
the name of the candidate's own coach (who hears the answers, as on the site) and
follows the proposals its coaches made. An employer's key sees what the employer's
pages show (``employer_views.employer_view``): a pseudonym, never the candidate.
"""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from marketplace.accounts.permissions import Permission
from marketplace.api.auth import api_requires, current_principal
from marketplace.api.blueprint import bp
from marketplace.api.etag import etag_header, require_if_match
from marketplace.api.idempotency import answer_once, idempotent
from marketplace.api.paging import PageQuery, paginate_cursor
from marketplace.api.problems import ApiProblem
from marketplace.api.proposal_schemas import (
    ProposalAnswerIn,
    ProposalChangeIn,
    ProposalIn,
    ProposalOut,
    ProposalPage,
    ReceivedProposalListQuery,
    ReceivedProposalOut,
    ReceivedProposalPage,
)
from marketplace.api.spec import ETAG, LINK, LOCATION, responses, spec
from marketplace.candidates.queries import organisation_candidate_or_404
from marketplace.extensions import db
from marketplace.opportunities.queries import visible_opportunity_or_404
from marketplace.proposals import employer_views, list_queries, operations, queries
from marketplace.proposals.interviews import InterviewDetails, InvalidInterview
from marketplace.proposals.models import Proposal
from marketplace.suggestions.queries import entry_for_proposal
from marketplace.web.conflicts import EditConflict
from marketplace.web.i18n import current_language

TAGS = ("proposals",)
RECEIVED_TAGS = ("received proposals",)
#: What a body can be refused for before validation (``auth._check_body``), and what
#: an update can be refused for.
BODY_PROBLEMS = (400, 413, 415)
UPDATE_PROBLEMS = (404, 409, 412, 428)

#: Why a proposal or an answer was refused (409), as the site's pages say it.
REFUSALS = {
    operations.NoActiveConsent: _l("This person has no active consent. Record their consent "
                                   "first."),
    operations.CandidateNotActive: _l("This person is not active in a caseload, so they "
                                      "cannot be proposed."),
    operations.OpportunityNotOpen: _l("This opportunity is no longer open: it is not "
                                      "published or its closing date has passed."),
    operations.OpportunityFilled: _l("Every place of this opportunity is already taken."),
    operations.AlreadyProposed: _l("This person was already proposed for this opportunity."),
    operations.TryoutGoesByEnrolment: _l("This opportunity is a try-out: a try-out goes by "
                                         "enrolment, not by proposal. Enrol the person on "
                                         "the try-out's page in Werkbrug."),
    operations.ProposalWithdrawn: _l("This proposal was withdrawn."),
    operations.AnswerNotAllowed: _l("This proposal's state or its opportunity's kind does "
                                    "not allow this (a hire or decline is final)."),
    operations.NoInterview: _l("There is no planned interview."),
}


def _refused(error: operations.ProposalError) -> ApiProblem:
    return ApiProblem(409, REFUSALS[type(error)])


def _version_changed() -> ApiProblem:
    return ApiProblem(409, _("Someone changed this proposal at the same moment: fetch it "
                             "again."))


# --- the partner's side ------------------------------------------------------------------


def _suggestion_entry(entry_id, candidate, opportunity):
    """The suggestion the proposal comes from, as the site's propose page finds it: one
    shown for exactly this pair, in a list logged under the candidate's coach or (the
    API's opportunity lists) under the key's maker; else None."""
    if entry_id is None:
        return None
    for person in (candidate.coach, current_principal().token.created_by):
        if person is None:
            continue
        entry = entry_for_proposal(entry_id, person, candidate.id, opportunity.id)
        if entry is not None:
            return entry
    return None


@bp.get("/proposals")
@api_requires(Permission.PROPOSE_CANDIDATES, scope="proposals:read")
@spec.validate(query=PageQuery, resp=responses(200, ProposalPage, problems=(400,), headers=(LINK,)),
               tags=TAGS, operation_id="listProposals")
def list_proposals():
    """The proposals your organisation's coaches made, oldest first (cursor-paged)."""
    query: PageQuery = request.context.query
    select = list_queries.organisation_proposals(current_principal().organisation_id)
    page = paginate_cursor(select, (Proposal.id,), query.limit, query.cursor)
    return (ProposalPage(items=[ProposalOut.of(row) for row in page.items],
                         next_cursor=page.next_cursor), 200, page.link_header())


@bp.get("/proposals/<int:proposal_id>")
@api_requires(Permission.PROPOSE_CANDIDATES, scope="proposals:read")
@spec.validate(resp=responses(200, ProposalOut, problems=(404,), headers=(ETAG,)),
               tags=TAGS, operation_id="getProposal")
def get_proposal(proposal_id: int):
    """One of your organisation's proposals, with its history and ETag."""
    row = queries.organisation_proposal_or_404(proposal_id,
                                               current_principal().organisation_id)
    return ProposalOut.of(row), 200, etag_header(row)


@bp.post("/proposals")
@api_requires(Permission.PROPOSE_CANDIDATES, scope="proposals:write")
@idempotent
@spec.validate(json=ProposalIn,
               resp=responses(201, ProposalOut, problems=(*BODY_PROBLEMS, 404, 409),
                              headers=(ETAG, LOCATION)),
               tags=TAGS, operation_id="createProposal")
def create_proposal():
    """Propose a candidate of your organisation for a published opportunity.

    The employer's users are told by mail (without personal details). 409 when the
    opportunity is a try-out (a try-out goes by enrolment, not by proposal, whoever
    organises it), the candidate has no active consent or is not active, the
    opportunity is not open or filled, or the candidate was already proposed there.
    Send an `Idempotency-Key` to retry safely.
    """
    body: ProposalIn = request.context.json
    principal = current_principal()
    if operations.agreed_on_in_future(body.candidate_agreed_on):
        raise ApiProblem(422, errors=[{
            "location": ["body", "candidate_agreed_on"], "code": "date_in_future",
            "message": _("The candidate cannot have agreed on a day still to come.")}])
    candidate = organisation_candidate_or_404(body.candidate_id, principal.organisation_id)
    opportunity = visible_opportunity_or_404(body.opportunity_id, principal)
    entry = _suggestion_entry(body.suggestion_entry_id, candidate, opportunity)
    try:
        row = operations.propose_candidate(
            candidate.coach, candidate, opportunity, motivation=body.motivation,
            candidate_agreed_on=body.candidate_agreed_on, by=principal,
            suggestion_entry_id=entry.id if entry else None)
    except operations.ProposalError as error:
        raise _refused(error) from None
    answer = answer_once(lambda: (ProposalOut.of(row), 201, {
        **etag_header(row), "Location": f"{request.path}/{row.id}"}),
        about_candidate=candidate.id)
    db.session.commit()
    return answer


@bp.patch("/proposals/<int:proposal_id>")
@api_requires(Permission.PROPOSE_CANDIDATES, scope="proposals:write")
@spec.validate(json=ProposalChangeIn,
               resp=responses(200, ProposalOut, problems=(*BODY_PROBLEMS, *UPDATE_PROBLEMS),
                              headers=(ETAG,)),
               tags=TAGS, operation_id="withdrawProposal")
def withdraw_proposal(proposal_id: int):
    """Withdraw an open proposal: `{"state": "withdrawn"}` with its ETag in If-Match.
    The employer is told."""
    row = queries.organisation_proposal_or_404(proposal_id,
                                               current_principal().organisation_id)
    require_if_match(row)
    try:
        operations.withdraw_proposal(row, by=current_principal(),
                                     expected_version=row.version)
    except operations.ProposalError as error:
        raise _refused(error) from None
    except (EditConflict, StaleDataError):
        raise _version_changed() from None
    db.session.commit()
    return ProposalOut.of(row), 200, etag_header(row)


# --- the employer's side -----------------------------------------------------------------


def _received(row: Proposal) -> ReceivedProposalOut:
    return ReceivedProposalOut.of(row, employer_views.employer_view(row, current_language()))


@bp.get("/received-proposals")
@api_requires(Permission.ANSWER_PROPOSALS, scope="proposals:read")
@spec.validate(query=ReceivedProposalListQuery,
               resp=responses(200, ReceivedProposalPage, problems=(400,), headers=(LINK,)),
               tags=RECEIVED_TAGS, operation_id="listReceivedProposals")
def list_received_proposals():
    """The proposals for your organisation's opportunities, as your proposal pages
    show them (cursor-paged, oldest first)."""
    query: ReceivedProposalListQuery = request.context.query
    principal = current_principal()
    select = list_queries.received_proposals(principal.organisation_id)
    if query.opportunity_id is not None:
        select = select.where(Proposal.opportunity_id == query.opportunity_id)
    if query.state is not None:
        select = select.where(Proposal.state == query.state)
    page = paginate_cursor(select, (Proposal.id,), query.limit, query.cursor)
    return (ReceivedProposalPage(items=[_received(row) for row in page.items],
                                 next_cursor=page.next_cursor), 200, page.link_header())


@bp.get("/received-proposals/<int:proposal_id>")
@api_requires(Permission.ANSWER_PROPOSALS, scope="proposals:read")
@spec.validate(resp=responses(200, ReceivedProposalOut, problems=(404,), headers=(ETAG,)),
               tags=RECEIVED_TAGS, operation_id="getReceivedProposal")
def get_received_proposal(proposal_id: int):
    """One proposal for your opportunities, with its ETag (send it to answer)."""
    row = queries.answerable_proposal_or_404(proposal_id, current_principal())
    return _received(row), 200, etag_header(row)


def _interview(body: ProposalAnswerIn) -> InterviewDetails | None:
    if body.interview is None:
        return None
    given = body.interview
    return InterviewDetails(
        starts_at=given.starts_at, ends_at=given.ends_at, place=given.place,
        online_url=given.online_url, contact_name=given.contact_name,
        contact_phone=given.contact_phone, contact_email=given.contact_email)


@bp.post("/received-proposals/<int:proposal_id>/answer")
@api_requires(Permission.ANSWER_PROPOSALS, scope="proposals:write")
@spec.validate(json=ProposalAnswerIn,
               resp=responses(200, ReceivedProposalOut,
                              problems=(*BODY_PROBLEMS, *UPDATE_PROBLEMS), headers=(ETAG,)),
               tags=RECEIVED_TAGS, operation_id="answerProposal")
def answer_proposal(proposal_id: int):
    """Answer a proposal (send its ETag in If-Match): invite, hire, decline with a
    reason, or for a course put on the waiting list. The coach is told by mail (an
    invitation with its calendar file); a hire places the candidate and writes the
    step in their trajectory, as on the site."""
    body: ProposalAnswerIn = request.context.json
    row = queries.answerable_proposal_or_404(proposal_id, current_principal())
    require_if_match(row)
    try:
        operations.answer_proposal(
            row, body.answer, by=current_principal(), expected_version=row.version,
            interview=_interview(body), decline_reason=body.decline_reason,
            decline_note=body.decline_note)
    except operations.ProposalError as error:
        raise _refused(error) from None
    except InvalidInterview as error:
        raise ApiProblem(422, errors=[{
            "location": ["body", "interview"], "code": "invalid_interview",
            "message": _("This interview is not possible: %(reason)s.", reason=error)}]) from None
    except (EditConflict, StaleDataError):
        raise _version_changed() from None
    db.session.commit()
    return _received(row), 200, etag_header(row)
