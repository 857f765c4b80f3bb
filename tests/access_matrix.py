"""The access matrix: every route of the app with the answer each role must get.

``ROUTES`` maps an endpoint to its method, its URL arguments (or a function of the
``matrix_context`` fixture's objects, ``tests/access_matrix_context.py``), the data it
sends and the expected answer for every role of ``MATRIX_ROLES``: a status code, or
``LOGIN`` (redirected to the login page). ``PUBLIC_ENDPOINTS`` are the only pages open
without logging in. ``tests/test_access_matrix.py`` tries every route as every role;
``tests/test_access_matrix_rules.py`` checks that every route is here; the security
and browser tests read the routes from here too.
"""

from __future__ import annotations

from tests.conftest import MATRIX_ROLES

LOGIN = "login"  # redirected to the login page
OTHER_ROLES = ("admin", "employer_a", "employer_b", "coach_a", "coach_b", "analyst")


def only(*roles: str, ok: int = 200) -> dict[str, object]:
    """``ok`` for ``roles``; 403 for other logged-in roles; login for anonymous."""
    return {
        role: ok if role in roles else (LOGIN if role == "anonymous" else 403)
        for role in MATRIX_ROLES
    }


def own_candidate(ok: int = 200, admin: int = 403) -> dict[str, object]:
    """A route about coach A's candidate: ``ok`` for coach A, 404 for coach B (another
    partner), ``admin`` for the admin, 403 for employers and analysts."""
    return {**only("coach_a", ok=ok), "coach_b": 404, "admin": admin}


def everyone(ok: int = 200, anonymous: object = 200) -> dict[str, object]:
    return {"anonymous": anonymous, **{role: ok for role in OTHER_ROLES}}


def logged_in(ok: int = 200) -> dict[str, object]:
    return everyone(ok, anonymous=LOGIN)


def api_token_only() -> dict[str, object]:
    """A partner API operation: a browser session (of any role) is no token: 401."""
    return dict.fromkeys(MATRIX_ROLES, 401)


# endpoint -> (method, url arguments or a function of the fixtures, data (or a function of
# the fixtures), expectations)
def _user_id(ctx):
    return {"user_id": ctx["users"]["employer_a"].id}


def _coach_id(ctx):
    return {"coach_id": ctx["users"]["coach_a"].id}


def _organisation_id(ctx):
    return {"organisation_id": ctx["organisations"]["employer_a"].id}


def _message_id(ctx):
    return {"message_id": ctx["message_id"]}


def _job_run_id(ctx):
    """A failed job run."""
    return {"run_id": ctx["job_run_id"]}


def _record_import_id(ctx):
    """A rejected records import."""
    return {"import_id": ctx["record_import_id"]}


def _opportunity_id(ctx):
    """A published opportunity of employer A."""
    return {"opportunity_id": ctx["opportunity"].id}


def _token_id(ctx):
    """An API token of employer A."""
    return {"token_id": ctx["token_id"]}


def _opportunity_ref(ctx):
    return {"ref": ctx["opportunity"].ref}


def _pause_opportunity(ctx):
    return {"action": "pause", "version": ctx["opportunity"].version}


#: Employer A's own opportunity: employer B gets 404, roles without the permission 403.
#: The analyst (a sector federation) manages its own try-outs: another's id is a 404.
def own_opportunity(ok: int = 200, admin: object = 403, coach: object = 403,
                    analyst: object = 403):
    return {**only("employer_a", ok=ok), "employer_b": 404, "admin": admin,
            "coach_a": coach, "coach_b": coach, "analyst": analyst}


def _tryout_id(ctx):
    """A published try-out of employer A."""
    return {"opportunity_id": ctx["tryout_id"]}


def _enrolment_id(ctx):
    """Coach A's candidate's enrolment in employer A's try-out."""
    return {"enrolment_id": ctx["enrolment_id"]}


def _enrolment_version(ctx):
    return {"version": ctx["enrolment_version"]}


def _proposal_id(ctx):
    """Coach A's proposal for employer A's opportunity."""
    return {"proposal_id": ctx["proposal_id"]}


def _interview_proposal_id(ctx):
    """Coach A's proposal with an interview planned by employer A."""
    return {"proposal_id": ctx["interview_proposal_id"]}


def _proposal_version(ctx):
    """Coach A's proposal as its page holds it, the withdrawal confirmed."""
    return {"version": ctx["proposal_version"], "confirm": "y"}


def _interview_version(ctx):
    return {"version": ctx["interview_version"], "confirm": "y"}


def _attachment_id(ctx):
    """A file of a message: ``{"message_id": ..., "attachment_id": ...}``."""
    return ctx["attachment"]


def _candidate_id(ctx):
    return {"candidate_id": ctx["candidate_id"]}


def _barrier_id(ctx):
    """A barrier of coach A's candidate."""
    return {"candidate_id": ctx["candidate_id"], "barrier_id": ctx["barrier_id"]}


def _step_id(ctx):
    """A manual trajectory step of coach A's candidate."""
    return {"candidate_id": ctx["candidate_id"], "step_id": ctx["step_id"]}


def _entry_id(ctx):
    """An entry of a suggestion list shown to coach A, about coach A's candidate."""
    return {"entry_id": ctx["entry_id"]}


def _dismissal_id(ctx):
    """An open dismissal of coach A's candidate."""
    return {"dismissal_id": ctx["dismissal_id"]}


def _ranking_model_id(ctx):
    return {"model_id": ctx["ranking_model_id"]}


ROUTES: dict[str, tuple[str, object, dict | None, dict[str, object]]] = {
    "static": ("GET", {"filename": "css/werkbrug.css"}, None, everyone()),
    "web.landing": ("GET", {}, None, {"anonymous": 200, **{r: 302 for r in OTHER_ROLES}}),
    "web.start": ("GET", {}, None, logged_in()),
    "web.switch_language": ("POST", {}, {"locale": "en", "next": "/"}, everyone(302, 302)),
    "web.health": ("GET", {}, None, everyone()),
    "accounts.login": ("GET", {}, None, {"anonymous": 200, **{r: 302 for r in OTHER_ROLES}}),
    "accounts.logout": ("POST", {}, None, logged_in(302)),
    "accounts.forgot_password": ("GET", {}, None, everyone()),
    "accounts.set_password": ("GET", {"token": "not-a-token"}, None, everyone(404, 404)),
    "accounts.account": ("GET", {}, None, logged_in()),
    "admin.organisations": ("GET", {}, None, only("admin")),
    "admin.new_organisation": ("GET", {}, None, only("admin")),
    "admin.edit_organisation": ("GET", _organisation_id, None, only("admin")),
    "admin.users": ("GET", {}, None, only("admin")),
    "admin.invite_user": ("GET", {}, None, only("admin")),
    "admin.edit_user": ("GET", _user_id, None, only("admin")),
    "admin.set_user_active": ("POST", _user_id, {"active": "1"}, only("admin", ok=302)),
    "admin.resend_invitation": ("POST", _user_id, None, only("admin", ok=302)),
    "mail.outbox": ("GET", {}, None, only("admin")),
    "mail.message": ("GET", _message_id, None, only("admin")),
    "mail.attachment": ("GET", _attachment_id, None, only("admin")),
    "audit.log": ("GET", {}, None, only("admin")),
    "jobs.jobs": ("GET", {}, None, only("admin")),
    "jobs.retry": ("POST", _job_run_id, None, only("admin", ok=302)),
    "taxonomy.occupations": (
        "GET",
        {},
        None,
        only("admin", "employer_a", "employer_b", "coach_a", "coach_b", "analyst"),
    ),
    "taxonomy.skills": (
        "GET",
        {},
        None,
        only("admin", "employer_a", "employer_b", "coach_a", "coach_b", "analyst"),
    ),
    "candidates.caseload": ("GET", {}, None, only("coach_a", "coach_b")),
    "candidates.new_candidate": ("GET", {}, None, only("coach_a", "coach_b")),
    "candidates.profile": ("GET", _candidate_id, None, own_candidate()),
    "candidates.history": ("GET", _candidate_id, None, own_candidate()),
    "candidates.edit_candidate": ("GET", _candidate_id, None, own_candidate()),
    "candidates.consent": ("GET", _candidate_id, None, own_candidate()),
    # Without a date the withdrawal form comes back with its error (200).
    "candidates.withdraw_consent": ("POST", _candidate_id, None, own_candidate()),
    "candidates.handover": ("GET", _candidate_id, None, own_candidate()),
    # Not placed: nothing to undo, back to the profile (302).
    "candidates.undo_placement": ("POST", _candidate_id, None, own_candidate(ok=302)),
    "news.recent": ("GET", {}, None, only("coach_a", "coach_b")),
    # Without the days the form comes back with its error (200).
    "news.settings": ("POST", {}, None, only("coach_a", "coach_b")),
    "candidates.privacy": ("GET", _candidate_id, None, own_candidate(admin=200)),
    "candidates.export_json": ("GET", _candidate_id, None, own_candidate(admin=200)),
    "candidates.export_page": ("GET", _candidate_id, None, own_candidate(admin=200)),
    # Without the confirmation the erasure form comes back with its error (200).
    "candidates.erase": ("POST", _candidate_id, None, own_candidate(admin=200)),
    "candidates.privacy_search": ("GET", {}, None, only("admin")),
    "candidates.hand_over_caseload": ("GET", _coach_id, None, only("admin")),
    "trajectories.decide": ("GET", _candidate_id, None, own_candidate()),
    "trajectories.add_step": ("GET", _candidate_id, None, own_candidate()),
    "trajectories.edit_step": ("GET", _step_id, None, own_candidate()),
    "trajectories.remove_step": ("POST", _step_id, None, own_candidate(ok=302)),
    "trajectories.report": ("GET", {}, None, only("admin", "analyst")),
    "trajectories.report_csv": ("GET", {"key": "funnel"}, None, only("admin", "analyst")),
    "taxonomy.postcode": (
        "GET",
        {"code": "2000"},
        None,
        only("admin", "employer_a", "employer_b", "coach_a", "coach_b", "analyst"),
    ),
    # Employers, and sector federations (analysts) for their try-outs.
    "opportunities.mine": ("GET", {}, None, only("employer_a", "employer_b", "analyst")),
    "opportunities.new": ("GET", {}, None, only("employer_a", "employer_b", "analyst")),
    "opportunities.occupation_suggestions": (
        "GET", {}, {"title": "heftruck"}, only("employer_a", "employer_b", "analyst")
    ),
    "opportunities.browse": ("GET", {}, None, only("admin", "coach_a", "coach_b")),
    "opportunities.detail": (
        "GET", _opportunity_id, None, own_opportunity(admin=200, coach=200, analyst=404)
    ),
    "opportunities.edit": ("GET", _opportunity_id, None, own_opportunity(analyst=404)),
    "opportunities.change_status": (
        "POST", _opportunity_id, _pause_opportunity, own_opportunity(ok=302, analyst=404)
    ),
    "opportunities.duplicate": ("POST", _opportunity_id, None,
                                own_opportunity(ok=302, analyst=404)),
    "opportunities.history": ("GET", _opportunity_id, None,
                              own_opportunity(admin=200, analyst=404)),
    "proposals.mine": ("GET", {}, None, only("coach_a", "coach_b")),
    "proposals.waiting": ("GET", {}, None, only("employer_a", "employer_b")),
    # Coach A's own proposal: coach B (another partner) gets 404.
    "proposals.detail": ("GET", _proposal_id, None, own_candidate()),
    "proposals.explanation": ("GET", _proposal_id, None, own_candidate()),
    "proposals.withdraw": ("POST", _proposal_id, _proposal_version, own_candidate(ok=302)),
    "proposals.propose": ("GET", _candidate_id, None, own_candidate()),
    "proposals.inbox": ("GET", _opportunity_id, None, own_opportunity()),
    "proposals.answer": ("GET", _proposal_id, None, own_opportunity()),
    "proposals.change_interview": ("GET", _interview_proposal_id, None, own_opportunity()),
    "proposals.cancel_interview": ("POST", _interview_proposal_id, _interview_version,
                                   own_opportunity(302)),
    # Suggestions for a published opportunity: every coach (their own caseload and the
    # shared candidates); for a candidate: only their own coach.
    "suggestions.for_opportunity": ("GET", _opportunity_id, None, only("coach_a", "coach_b")),
    "suggestions.for_candidate": ("GET", _candidate_id, None, own_candidate()),
    "suggestions.dismiss": ("GET", _entry_id, None, own_candidate()),
    "suggestions.restore": ("POST", _dismissal_id, None, own_candidate(ok=302)),
    "suggestions.ranking": ("GET", {}, None, only("admin")),
    # Protected totals: demand for analysts, admins and coaches; supply for analysts and
    # admins only. Employers never.
    "insights.demand": ("GET", {}, None, only("admin", "coach_a", "coach_b", "analyst")),
    "insights.demand_csv": (
        "GET", {"key": "kind"}, None, only("admin", "coach_a", "coach_b", "analyst")
    ),
    "insights.supply": ("GET", {}, None, only("admin", "analyst")),
    "insights.supply_csv": ("GET", {"key": "gap"}, None, only("admin", "analyst")),
    "insights.outcomes": ("GET", {}, None, only("admin")),
    "barriers.new_barrier": ("GET", _candidate_id, None, own_candidate()),
    "barriers.edit_barrier": ("GET", _barrier_id, None, own_candidate()),
    "barriers.report": ("GET", {}, None, only("admin", "analyst")),
    "barriers.report_csv": ("GET", {"key": "partners"}, None, only("admin", "analyst")),
    "insights.outcomes_csv": ("GET", {"key": "partners"}, None, only("admin")),
    "ranking.models": ("GET", {}, None, only("admin")),
    "ranking.activate": ("GET", _ranking_model_id, None, only("admin")),
    "ranking.model_card_page": ("GET", _ranking_model_id, None, only("admin")),
    "ranking.model_card_markdown": ("GET", _ranking_model_id, None, only("admin")),
    "ranking.cold_start": ("GET", {}, None, only("admin")),
    "ranking.train": ("POST", {}, None, only("admin", ok=302)),
    "ranking.fairness": ("GET", {}, None, only("admin")),
    "ranking.fairness_csv": ("GET", {}, None, only("admin")),
    "candidates.retention": ("GET", {}, None, only("admin")),
    "records.imports": ("GET", {}, None, only("admin")),
    "records.detail": ("GET", _record_import_id, None, only("admin")),
    # Try-outs: every coach enrols their own candidates in a published try-out; only the
    # own coach cancels; only the organiser (employer A) sees who is enrolled.
    "tryouts.enrol": ("GET", _tryout_id, None, only("coach_a", "coach_b")),
    "tryouts.cancel": ("POST", _enrolment_id, _enrolment_version, own_candidate(ok=302)),
    "tryouts.attendance": ("GET", _tryout_id, None, own_opportunity(analyst=404)),
    # The partner API: its contract is public; its operations answer only to a token
    # (tests/api/ tries them with every organisation's token).
    "api.openapi": ("GET", {}, None, everyone()),
    "api.docs": ("GET", {}, None, everyone()),
    "api.list_opportunities": ("GET", {}, None, api_token_only()),
    "api.get_opportunity": ("GET", _opportunity_id, None, api_token_only()),
    # API keys: admins manage every organisation's (users with the flag their own:
    # tests/apitokens/).
    "apitokens.tokens": ("GET", {}, None, only("admin")),
    "apitokens.new_token": ("GET", {}, None, only("admin")),
    "apitokens.revoke": ("GET", _token_id, None, only("admin")),
    "api.create_opportunity": ("POST", {}, None, api_token_only()),
    "api.update_opportunity": ("PATCH", _opportunity_id, None, api_token_only()),
    **{f"api.{action}_opportunity": ("POST", _opportunity_id, None, api_token_only())
       for action in ("publish", "pause", "fill", "close", "reopen")},
    "api.get_opportunity_by_ref": ("GET", _opportunity_ref, None, api_token_only()),
    "api.put_opportunity_by_ref": ("PUT", _opportunity_ref, None, api_token_only()),
    "api.list_candidates": ("GET", {}, None, api_token_only()),
    "api.get_candidate": ("GET", _candidate_id, None, api_token_only()),
    "api.create_candidate": ("POST", {}, None, api_token_only()),
    "api.update_candidate": ("PATCH", _candidate_id, None, api_token_only()),
    "api.withdraw_consent": ("POST", _candidate_id, None, api_token_only()),
    "api.get_candidate_by_ref": ("GET", {"ref": "case-1"}, None, api_token_only()),
    "api.put_candidate_by_ref": ("PUT", {"ref": "case-1"}, None, api_token_only()),
    "api.list_proposals": ("GET", {}, None, api_token_only()),
    "api.get_proposal": ("GET", _proposal_id, None, api_token_only()),
    "api.create_proposal": ("POST", {}, None, api_token_only()),
    "api.withdraw_proposal": ("PATCH", _proposal_id, None, api_token_only()),
    "api.list_received_proposals": ("GET", {}, None, api_token_only()),
    "api.get_received_proposal": ("GET", _proposal_id, None, api_token_only()),
    "api.answer_proposal": ("POST", _proposal_id, None, api_token_only()),
    "api.suggest_candidates": ("GET", _opportunity_id, None, api_token_only()),
    "api.suggest_opportunities": ("GET", _candidate_id, None, api_token_only()),
    "api.demand_insights": ("GET", {}, None, api_token_only()),
    "api.supply_insights": ("GET", {}, None, api_token_only()),
    "api.barrier_report": ("GET", {}, None, api_token_only()),
    "api.trajectory_report": ("GET", {}, None, api_token_only()),
    "api.create_import": ("POST", {}, None, api_token_only()),
    "api.get_import": ("GET", _record_import_id, None, api_token_only()),
}


#: The only pages anyone may open without logging in.
PUBLIC_ENDPOINTS = {
    "static", "web.landing", "web.switch_language", "web.health", "accounts.login",
    "accounts.forgot_password", "accounts.set_password", "api.openapi", "api.docs",
}
