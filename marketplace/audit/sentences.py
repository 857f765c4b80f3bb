"""The audit log in words: "Sara Peeters answered a proposal: invited to an interview".

Each action has a sentence with the actor's name (``%(who)s``) and, where the event
says more than its action, one fact from its details (``%(what)s``): the new state of a
proposal, the role of an invited user, how many people a search found. Users and
organisations appear by name; candidates only by number, as elsewhere in the log: the
log is about who did what, and a name there would copy personal data into a table
that can never be cleaned. An action without a sentence (a new one) still reads as
words, built from its code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from marketplace.web.labels import choice_label, kind_label

SENTENCES = {
    "login": _l("%(who)s logged in"),
    "login_failed": _l("A login as %(who)s failed"),
    "login_throttled": _l("A login as %(who)s was held back after too many attempts"),
    "password_set": _l("%(who)s set a password"),
    "password_reset_requested": _l("%(who)s asked for a new password"),
    "user_invited": _l("%(who)s invited a user as %(what)s"),
    "user_invitation_resent": _l("%(who)s sent an invitation again"),
    "user_changed": _l("%(who)s changed a user"),
    "user_activated": _l("%(who)s let a user log in again"),
    "user_deactivated": _l("%(who)s stopped a user from logging in"),
    "organisation_created": _l("%(who)s added an organisation"),
    "organisation_changed": _l("%(who)s changed an organisation"),
    "access_denied": _l("%(who)s was refused a page"),
    "record_not_found": _l("%(who)s asked for a record that does not exist or is not theirs"),
    "candidate_created": _l("%(who)s added a candidate"),
    "candidate_changed": _l("%(who)s changed a candidate's profile"),
    "candidate_viewed": _l("%(who)s looked at a candidate"),
    "candidate_exported": _l("%(who)s downloaded a candidate's data"),
    "candidate_erased": _l("%(who)s erased a candidate"),
    "candidate_handed_over": _l("%(who)s handed a candidate over to another coach"),
    "caseload_handed_over": _l("%(who)s handed a coach's whole caseload over to a colleague"),
    "news_settings_changed": _l("%(who)s changed their news settings"),
    "candidate_placed": _l("%(who)s hired a candidate, who is now placed"),
    "candidate_placement_undone": _l("%(who)s undid a candidate's placement"),
    "trajectory_decided": _l("%(who)s recorded a trajectory decision"),
    "trajectory_step_added": _l("%(who)s added a step to a candidate's trajectory"),
    "trajectory_step_changed": _l("%(who)s changed a step of a candidate's trajectory"),
    "trajectory_step_removed": _l("%(who)s removed a step from a candidate's trajectory"),
    "trajectory_step_recorded": _l("%(who)s added a step to a trajectory through a hire"),
    "trajectory_step_withdrawn": _l("%(who)s took back a trajectory step of an undone hire"),
    "candidate_privacy_search": _l("%(who)s searched candidates for a privacy request (%(what)s)"),
    "candidate_retention_review": _l("%(who)s reviewed candidates past the retention period"),
    "barrier_added": _l("%(who)s recorded a barrier of a candidate"),
    "barrier_changed": _l("%(who)s changed a barrier of a candidate"),
    "consent_given": _l("%(who)s recorded a consent"),
    "consent_withdrawn": _l("%(who)s recorded that a consent was withdrawn"),
    "opportunity_created": _l("%(who)s created an opportunity"),
    "opportunity_changed": _l("%(who)s changed an opportunity"),
    "opportunity_published": _l("%(who)s published an opportunity"),
    "opportunity_paused": _l("%(who)s paused an opportunity"),
    "opportunity_filled": _l("%(who)s marked an opportunity as filled"),
    "opportunity_closed": _l("%(who)s closed an opportunity"),
    "opportunity_reopened": _l("%(who)s reopened an opportunity"),
    "opportunity_duplicated": _l("%(who)s copied an opportunity to a new draft"),
    "proposal_made": _l("%(who)s proposed a candidate"),
    "proposal_answered": _l("%(who)s answered a proposal: %(what)s"),
    "proposal_withdrawn": _l("%(who)s withdrew a proposal"),
    "interview_planned": _l("%(who)s planned an interview"),
    "interview_changed": _l("%(who)s changed an interview"),
    "interview_cancelled": _l("%(who)s cancelled an interview"),
    "suggestion_dismissed": _l("%(who)s set a suggestion aside"),
    "suggestion_restored": _l("%(who)s brought back a suggestion"),
    "ranking_switched": _l("%(who)s switched the ranking %(what)s"),
    "ranking_model_trained": _l("%(who)s trained a ranking model"),
    "ranking_model_activated": _l("%(who)s put a ranking model in use"),
    "ranking_cold_start": _l("%(who)s went back to the basic ranking"),
    "tryout_enrolled": _l("%(who)s enrolled a candidate in a try-out: %(what)s"),
    "tryout_enrolment_cancelled": _l("%(who)s cancelled an enrolment in a try-out"),
    "tryout_moved_up": _l("%(who)s freed a seat in a try-out: the first on the waiting list "
                          "moved up"),
    "tryout_attendance_marked": _l("%(who)s marked who came to a try-out: %(what)s"),
    "api_call": _l("%(who)s called the partner API: %(what)s"),
    "api_token_created": _l("%(who)s made an API key"),
    "api_token_revoked": _l("%(who)s revoked an API key"),
}

_SWITCHED = {True: _l("on"), False: _l("off")}


@dataclass(frozen=True)
class LogLine:
    """One audit event as the admin reads it."""

    at: datetime
    sentence: Markup
    organisation: str
    subject: str
    action: str


#: Actions that a person who is not logged in can cause (the others without an actor
#: were done by a command or a background job).
_ANONYMOUS = {"login_failed", "login_throttled", "password_reset_requested", "access_denied",
              "record_not_found"}


def _lower_first(label: str) -> str:
    """A vocabulary label inside a sentence: "invited to an interview", not "Invited"."""
    return label[:1].lower() + label[1:]


def _fact(action: str, details: dict) -> str:
    """The one fact of ``details`` that the sentence of ``action`` names."""
    if action == "proposal_answered":
        return _lower_first(kind_label("proposal_state", details.get("to"), details.get("kind")))
    if action == "tryout_enrolled":
        return _lower_first(choice_label("enrolment_status", details.get("status")))
    if action == "tryout_attendance_marked":
        return _lower_first(choice_label("enrolment_status", details.get("to")))
    if action == "user_invited":
        return _lower_first(choice_label("role", details.get("role")))
    if action == "candidate_privacy_search":
        return _("%(num)d found", num=int(details.get("results") or 0))
    if action == "ranking_switched":
        return str(_SWITCHED.get(bool(details.get("to")), ""))
    if action == "api_call":
        # The method and path are code, not words to translate (nor to language-check).
        code = Markup('<code translate="no">%s</code>')
        return escape(_("%(method)s %(path)s, answer %(status)s")) % {
            "method": code % details.get("method", ""), "path": code % details.get("path", ""),
            "status": details.get("status", "")}
    return ""


def _words(action: str) -> str:
    """A sentence for an action that has none yet: its code as words."""
    return action.replace("_", " ").capitalize()


def sentence(action: str, details: dict, who: str | None, *,
             token_name: str | None = None) -> Markup:
    """The event as a sentence; names are marked as data (``translate="no"``). An
    event of a partner API call names its key: "API key «ATS sync» ..."."""
    if token_name is not None:
        name = escape(_("API key %(name)s")) % {
            "name": Markup('<span translate="no">«%s»</span>') % token_name}
    else:
        if who is None:
            who = _("Someone not logged in") if action in _ANONYMOUS else _(
                "Werkbrug itself (a command or a background job)")
        name = Markup('<span translate="no">%s</span>') % who
    template = SENTENCES.get(action)
    if template is None:
        return Markup("%s: %s") % (name, _words(action))
    return escape(str(template)) % {"who": name, "what": _fact(action, details or {})}


def log_line(event) -> LogLine:
    """An :class:`~marketplace.audit.models.AuditEvent` as the admin reads it."""
    return LogLine(
        at=event.occurred_at,
        sentence=sentence(event.action, event.details, event.actor.name if event.actor else None,
                          token_name=event.actor_token.name if event.actor_token else None),
        organisation=event.actor_organisation.name if event.actor_organisation else "",
        subject=subject_label(event.subject_type, event.subject_id),
        action=event.action,
    )


#: The name of each kind of subject an event can be about (a test checks every kind
#: the code records has one).
SUBJECT_KINDS = {
    "candidate": _l("Candidate"), "opportunity": _l("Opportunity"), "proposal": _l("Proposal"),
    "user": _l("User"), "organisation": _l("Organisation"),
    "ranking_model": _l("Ranking model"), "suggestion_dismissal": _l("Suggestion"),
    "interview": _l("Interview"), "candidate_barrier": _l("Barrier"),
    "tryout_enrolment": _l("Try-out enrolment"), "ranking_setting": _l("Ranking setting"),
    "endpoint": _l("Page"),
    "api_token": _l("API key"),
}


def subject_label(subject_type: str, subject_id: int | None) -> str:
    """What the event is about, by kind and number ("Kandidaat 12")."""
    kind = SUBJECT_KINDS.get(subject_type, subject_type.replace("_", " ").capitalize())
    return f"{kind} {subject_id}" if subject_id is not None else kind
