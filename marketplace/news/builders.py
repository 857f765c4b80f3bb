"""The kinds of news, one small function each: ``(coach, since, now) -> [NewsItem]``.

Every builder reads only the coach's own caseload
(``candidates.caseload_queries.caseload_ids``: their live candidates, whoever proposed
them), and returns at most ``LIMIT`` items.
Links lead to the coach's own proposal page, or to the candidate's profile when a
colleague made the proposal before a handover.

* ``employer_answers`` (news): an employer invited, hired or declined a candidate, or
  called an interview off; a training provider accepted, put on the waiting list or
  declined.
* ``caseloads_received`` (news): an admin handed a colleague's whole caseload over to
  the coach (``candidates.caseload_handover``): how many people and from whom, never
  who, linking to the caseload; told once the job that moves them has finished.
* ``unanswered_proposals`` (waiting): a proposal has waited longer than the coach's
  ``unanswered_after_days`` for an answer; it starts to wait on that day. A proposal
  nobody answers (for a sector federation's try-out) is not listed. One whose
  opportunity was filled or closed since waits in vain: it is listed at once, saying
  so, for the coach to withdraw.
* ``retention_due`` (waiting): consent records have no end date, so what expires is
  the retention period (``CANDIDATE_RETENTION_DAYS`` after the last activity,
  ``candidates.activity.last_activity``, when the admins' retention review lists the
  candidate). Listed from 30 days before.

* ``interviews_coming_up`` (waiting): planned interviews of the next
  ``INTERVIEW_DAYS`` days, with their time and place or link, until they start.
* ``placed_but_enrolled`` (waiting): a placed candidate (at work) still holds a seat,
  or a place on the waiting list, in a try-out after today. Nothing cancels it by
  itself (the person may still want to go): the coach decides, on the profile, where
  the enrolment is cancelled. A session today or past is not listed: it can no longer
  be cancelled.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import get_translations, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import lazyload, selectinload

from marketplace.accounts.models import Organisation
from marketplace.candidates.caseload_handover import handovers_received
from marketplace.candidates.caseload_queries import caseload_going_inactive, caseload_ids_of
from marketplace.candidates.models import Candidate
from marketplace.candidates.vocabularies import CandidateStatus
from marketplace.db_types import local_date
from marketplace.extensions import db
from marketplace.news.items import Builder, NewsItem
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Interview, Proposal, ProposalEvent
from marketplace.proposals.queries import ANSWERING_ORGANISATION_KINDS
from marketplace.proposals.vocab import ENDED_OPPORTUNITY, KINDS_WITHOUT_PLACEMENT, ProposalState
from marketplace.tryouts.models import TryoutEnrolment
from marketplace.tryouts.vocab import CANCELLABLE, EnrolmentStatus
from marketplace.web.i18n import format_day, format_moment

#: At most this many items per builder: a page and a mail stay readable.
LIMIT = 50
#: Data nearing the retention review is listed this many days before.
RETENTION_WARNING_DAYS = 30
#: Interviews are listed this many days ahead.
INTERVIEW_DAYS = 14


#: What the news reads of a proposal's neighbours, each in a short statement of its own.
#: Joined into the news queries, the neighbours' own joined neighbours made joins of a
#: dozen tables that PostgreSQL took 17 to 25 ms to plan, more than to run.
_NEIGHBOURS = (selectinload(Proposal.candidate), selectinload(Proposal.opportunity))


def _about(proposal: Proposal, coach) -> dict:
    """The names a sentence about ``proposal`` uses, and where its link goes."""
    if proposal.coach_id == coach.id:
        link = ("proposals.detail", {"proposal_id": proposal.id})
    else:
        link = ("candidates.profile", {"candidate_id": proposal.candidate_id})
    return {
        "params": {"candidate": proposal.candidate.pseudonym,
                   "employer": proposal.opportunity.organisation.name,
                   "title": proposal.opportunity.title},
        "endpoint": link[0], "values": link[1],
    }


def _answer_message(event: ProposalEvent, proposal: Proposal) -> tuple[str, dict]:
    if event.from_state == ProposalState.INTERVIEW and event.to_state == ProposalState.PROPOSED:
        return _("%(employer)s cancelled the interview with %(candidate)s for %(title)s. "
                 "The proposal waits for an answer again."), {}
    # A course's or a try-out's "hire" places nobody: the person is accepted ("on the
    # course ..." would double the word when the title starts with it, "Opleiding
    # heftruckchauffeur"), and the profile does not say placed.
    accepted = proposal.opportunity.kind in KINDS_WITHOUT_PLACEMENT
    if event.to_state == ProposalState.HIRED and accepted:
        return _("%(employer)s accepted %(candidate)s for %(title)s."), {}
    if event.to_state == ProposalState.WAITING_LIST:
        return _("%(employer)s put %(candidate)s on the waiting list for %(title)s."), {}
    if event.to_state == ProposalState.HIRED:
        return _("%(employer)s hired %(candidate)s for %(title)s. The profile now says "
                 "placed; you can undo that there."), {}
    if event.to_state == ProposalState.DECLINED:
        return _("%(employer)s declined %(candidate)s for %(title)s."), {}
    if proposal.interview_on is not None:
        return (_("%(employer)s invited %(candidate)s to an interview for %(title)s on "
                  "%(date)s."), {"date": format_day(proposal.interview_on, "long")})
    return _("%(employer)s invited %(candidate)s to an interview for %(title)s."), {}


#: The statements of the builders, built once with the coach, the moments and the
#: limit as parameters: building a select of a few joins, its subqueries and its cache
#: key cost about a millisecond of every coach's home page, per builder.
_COACH_CANDIDATES = caseload_ids_of(bindparam("coach_id"))

_EMPLOYER_ANSWERS = (
    select(ProposalEvent, Proposal)
    .join(Proposal, Proposal.id == ProposalEvent.proposal_id)
    .where(Proposal.candidate_id.in_(_COACH_CANDIDATES),
           or_(ProposalEvent.to_state.in_((ProposalState.INTERVIEW, ProposalState.HIRED,
                                           ProposalState.DECLINED,
                                           ProposalState.WAITING_LIST)),
               # The interview called off: the proposal is back to "proposed".
               and_(ProposalEvent.from_state == ProposalState.INTERVIEW,
                    ProposalEvent.to_state == ProposalState.PROPOSED)),
           ProposalEvent.at > bindparam("since"), ProposalEvent.at <= bindparam("now"))
    .order_by(ProposalEvent.at.desc(), ProposalEvent.id.desc())
    .limit(LIMIT)
    .options(*_NEIGHBOURS, lazyload(ProposalEvent.actor))
)


def employer_answers(coach, since: datetime, now: datetime) -> list[NewsItem]:
    """Employers' answers (invited, hired, declined, an interview called off) after
    ``since``."""
    rows = db.session.execute(
        _EMPLOYER_ANSWERS, {"coach_id": coach.id, "since": since, "now": now}).all()
    items = []
    for event, proposal in rows:
        message, extra = _answer_message(event, proposal)
        about = _about(proposal, coach)
        called_off = event.to_state == ProposalState.PROPOSED
        items.append(NewsItem(at=event.at, kind="interview_cancelled" if called_off
                              else str(event.to_state), message=message,
                              params=about["params"], words=extra,
                              endpoint=about["endpoint"], values=about["values"]))
    return items


def caseloads_received(coach, since: datetime, now: datetime) -> list[NewsItem]:
    """Whole caseloads of colleagues that an admin handed over to the coach, finished
    after ``since``. The people are not named (the item also goes into the digest
    mail): the link opens the coach's caseload, where they are."""
    items = []
    for handover in handovers_received(coach, since, now, LIMIT):
        # Not ngettext: it would fill the places at once; the item fills them itself,
        # with the colleague's name marked as data on a page.
        message = get_translations().ungettext(
            "%(num)d person from the caseload of %(coach)s was handed over to you.",
            "%(num)d people from the caseload of %(coach)s were handed over to you.",
            handover.moved)
        items.append(NewsItem(
            at=handover.finished_at, kind="caseload_received", message=message,
            params={"coach": handover.from_coach.name}, words={"num": handover.moved},
            endpoint="candidates.caseload",
        ))
    return items


_UNANSWERABLE = (
    select(Opportunity.id)
    .join(Organisation, Organisation.id == Opportunity.organisation_id)
    .where(Organisation.kind.not_in(ANSWERING_ORGANISATION_KINDS))
)
_ENDED = select(Opportunity.id).where(Opportunity.status.in_(ENDED_OPPORTUNITY))
_UNANSWERED = (
    select(Proposal)
    .where(Proposal.candidate_id.in_(_COACH_CANDIDATES),
           Proposal.state == ProposalState.PROPOSED,
           or_(Proposal.created_at <= bindparam("created_before"),
               Proposal.opportunity_id.in_(_ENDED)),
           Proposal.opportunity_id.not_in(_UNANSWERABLE))
    .order_by(Proposal.created_at, Proposal.id)
    .limit(LIMIT)
    .options(*_NEIGHBOURS)
)


def unanswered_proposals(coach, since: datetime, now: datetime) -> list[NewsItem]:
    """Proposals still without an answer after the coach's number of days; not those
    nobody answers (a sector federation's try-out, proposed before try-outs went by
    enrolment): "waited for an answer" would tell the coach one may still come. Their
    page says to enrol the person instead."""
    days = timedelta(days=coach.unanswered_after_days)
    proposals = db.session.scalars(
        _UNANSWERED, {"coach_id": coach.id, "created_before": now - days}).all()
    items = []
    for proposal in proposals:
        about = _about(proposal, coach)
        if proposal.opportunity_ended:
            items.append(NewsItem(
                at=proposal.opportunity.updated_at, kind="unanswerable",
                message=_("The proposal of %(candidate)s to %(employer)s for %(title)s waits "
                          "in vain: the opportunity was filled or closed since. Withdraw "
                          "the proposal."),
                params=about["params"], endpoint=about["endpoint"], values=about["values"],
            ))
            continue
        waited = (now - proposal.created_at).days
        items.append(NewsItem(
            at=proposal.created_at + days, kind="unanswered",
            message=_("%(candidate)s has waited %(days)s for an answer from %(employer)s "
                      "for %(title)s."),
            params=about["params"],
            words={"days": ngettext("%(num)d day", "%(num)d days", waited)},
            endpoint=about["endpoint"], values=about["values"],
        ))
    return items


def retention_due(coach, since: datetime, now: datetime) -> list[NewsItem]:
    """Candidates whose data reaches the retention period within 30 days, or has."""
    period = timedelta(days=int(current_app.config["CANDIDATE_RETENTION_DAYS"]))
    warning = timedelta(days=RETENTION_WARNING_DAYS)
    items = []
    for candidate in caseload_going_inactive(coach, now + warning - period, LIMIT):
        review_on = candidate.latest_activity_at + period
        if review_on <= now:
            message = _("%(candidate)s: no activity since %(last)s. The data is past the "
                        "retention period, so the admins ask whether it may still be kept.")
        else:
            message = _("%(candidate)s: no activity since %(last)s. On %(date)s the data "
                        "reaches the retention period and the admins will ask whether it "
                        "may still be kept.")
        items.append(NewsItem(
            at=review_on - warning, kind="retention", message=message,
            params={"candidate": candidate.pseudonym},
            words={"last": format_day(candidate.latest_activity_at, "long"),
                   "date": format_day(review_on, "long")},
            endpoint="candidates.profile", values={"candidate_id": candidate.id},
        ))
    return items


_INTERVIEWS = (
    select(Interview, Proposal)
    .join(Proposal, Proposal.id == Interview.proposal_id)
    .where(Proposal.candidate_id.in_(_COACH_CANDIDATES),
           Proposal.state == ProposalState.INTERVIEW,
           Interview.cancelled_at.is_(None),
           Interview.starts_at > bindparam("now"),
           Interview.starts_at <= bindparam("until"))
    .order_by(Interview.starts_at, Interview.id)
    .limit(LIMIT)
    .options(*_NEIGHBOURS)
)


def interviews_coming_up(coach, since: datetime, now: datetime) -> list[NewsItem]:
    """Planned interviews of the coach's candidates in the next ``INTERVIEW_DAYS``
    days, soonest first, with the time and the place or the link."""
    rows = db.session.execute(_INTERVIEWS, {
        "coach_id": coach.id, "now": now, "until": now + timedelta(days=INTERVIEW_DAYS)}).all()
    items = []
    for interview, proposal in rows:
        about = _about(proposal, coach)
        if interview.online_url:
            message = _("%(candidate)s has an interview with %(employer)s for %(title)s on "
                        "%(moment)s until %(end)s, online: %(where)s")
        else:
            message = _("%(candidate)s has an interview with %(employer)s for %(title)s on "
                        "%(moment)s until %(end)s, at %(where)s.")
        items.append(NewsItem(
            at=interview.created_at, kind="interview_planned", message=message,
            params={**about["params"], "where": interview.online_url or interview.place},
            words={"moment": format_moment(interview.starts_at),
                   "end": format_moment(interview.ends_at, "HH:mm")},
            endpoint=about["endpoint"], values=about["values"],
        ))
    return items


_PLACED_BUT_ENROLLED = (
    select(Candidate.id, Candidate.pseudonym, Candidate.updated_at,
           TryoutEnrolment.status, TryoutEnrolment.updated_at, Opportunity.session_on,
           Organisation.name)
    .select_from(TryoutEnrolment)
    .join(Candidate, Candidate.id == TryoutEnrolment.candidate_id)
    .join(Opportunity, Opportunity.id == TryoutEnrolment.opportunity_id)
    .join(Organisation, Organisation.id == Opportunity.organisation_id)
    .where(TryoutEnrolment.candidate_id.in_(_COACH_CANDIDATES),
           Candidate.status == CandidateStatus.PLACED,
           TryoutEnrolment.status.in_([str(status) for status in CANCELLABLE]),
           Opportunity.session_on > bindparam("today"))
    .order_by(Opportunity.session_on, TryoutEnrolment.id)
    .limit(LIMIT)
)


def placed_but_enrolled(coach, since: datetime, now: datetime) -> list[NewsItem]:
    """Placed candidates of the coach with an enrolment (a seat or the waiting list) in
    a try-out after today (a Belgian day; on the day itself it can no longer be
    cancelled), soonest first. It waits from the later of the placement (the profile's
    last change, ``updated_at``) and the enrolment's last change, until the coach
    cancels the enrolment or undoes the placement."""
    rows = db.session.execute(
        _PLACED_BUT_ENROLLED, {"coach_id": coach.id, "today": local_date(now)}).all()
    items = []
    for candidate_id, pseudonym, placed_at, status, enrolled_at, session_on, organiser in rows:
        if status == EnrolmentStatus.WAITING:
            message = _("%(candidate)s is at work but is still on the waiting list for the "
                        "try-out on %(date)s at %(organiser)s: cancel the enrolment to leave "
                        "the place to someone else.")
        else:
            message = _("%(candidate)s is at work but is still enrolled in the try-out on "
                        "%(date)s at %(organiser)s: cancel the enrolment to free the seat.")
        items.append(NewsItem(
            at=max(placed_at, enrolled_at), kind="placed_but_enrolled", message=message,
            params={"candidate": pseudonym, "organiser": organiser},
            words={"date": format_day(session_on, "long")},
            endpoint="candidates.profile",
            values={"candidate_id": candidate_id, "_anchor": "tryouts"},
        ))
    return items


#: What happened (new since the last visit or digest).
NEWS_BUILDERS: list[Builder] = [employer_answers, caseloads_received]
#: What waits for the coach (listed until dealt with).
WAITING_BUILDERS: list[Builder] = [interviews_coming_up, unanswered_proposals, retention_due,
                                   placed_but_enrolled]
#: What each waiting builder lists, in a few words: when nothing waits, the coach reads
#: what would (every waiting builder needs its words; a test checks it).
WAITING_EXPLAINED: dict[Builder, str] = {
    interviews_coming_up: _l("an interview that is coming up"),
    unanswered_proposals: _l("a proposal that waits too long for an answer, or waits in vain "
                             "because the place was filled or closed"),
    retention_due: _l("someone whose data nears the retention period"),
    placed_but_enrolled: _l("someone who is at work but still has a seat in a try-out, or a "
                            "place on its waiting list"),
}


def waiting_explained() -> list[str]:
    """The words of ``WAITING_EXPLAINED`` in the order the builders list their items."""
    return [WAITING_EXPLAINED[build] for build in WAITING_BUILDERS]
