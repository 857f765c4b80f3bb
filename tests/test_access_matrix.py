"""Every route of the app, tried as every role: the expected answer is written down here.

A route without an expectation for every role fails ``test_every_route_has_expectations``.
"""

from __future__ import annotations

import html
import re

import pytest

from marketplace.mail.operations import Attachment, queue_message
from tests.conftest import MATRIX_ROLES, login
from tests.factories import (
    make_api_token,
    make_barrier,
    make_candidate,
    make_enrolment,
    make_interview,
    make_opportunity,
    make_proposal,
    make_step,
    make_tryout,
)

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
    return {"version": ctx["interview_version"]}


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


def test_every_route_has_expectations(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - set(ROUTES))
    assert not missing, f"routes without access expectations: {missing}"
    stale = sorted(set(ROUTES) - endpoints)
    assert not stale, f"expectations for routes that do not exist: {stale}"
    for endpoint, (_method, _args, _data, expected) in ROUTES.items():
        assert set(expected) == set(MATRIX_ROLES), f"{endpoint} lacks a role"


def test_every_view_declares_its_access(app):
    unmarked = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and getattr(view, "access", None) is None
    ]
    assert not unmarked


@pytest.fixture
def matrix_context(app_ctx, users, organisations):
    message = queue_message("someone@test.example", "Subject", "Body", (
        Attachment("interview.ics", "text/calendar; method=REQUEST", b"BEGIN:VCALENDAR\r\n"),))
    candidate = make_candidate(users["coach_a"], commit=True)
    opportunity = make_opportunity(organisations["employer_a"], commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity,
                             motivation="Sterk in logistiek.", commit=True)
    invited = make_proposal(users["coach_a"], make_candidate(users["coach_a"], commit=True),
                            opportunity, commit=True)
    interview = make_interview(invited, users["employer_a"], commit=True)
    entry_id, dismissal_id = _suggestion_log(users["coach_a"], candidate, opportunity)
    step = make_step(candidate, users["coach_a"], commit=True)
    ranking_model = _ranking_model()
    job_run = _failed_job_run()
    record_import = _record_import()
    barrier = make_barrier(candidate, support="Doorverwezen naar Atlas.", commit=True)
    tryout = make_tryout(organisations["employer_a"], commit=True)
    enrolment = make_enrolment(users["coach_a"], candidate, tryout, commit=True)
    token, _secret = make_api_token(organisations["employer_a"], commit=True)
    return {"token_id": token.id,"tryout_id": tryout.id, "enrolment_id": enrolment.id,
            "enrolment_version": enrolment.version, "barrier_id": barrier.id,
            "users": users, "organisations": organisations, "message_id": message.id,
            "opportunity": opportunity, "candidate_id": candidate.id,
            "proposal_id": proposal.id, "proposal_version": proposal.version,
            "interview_proposal_id": invited.id,
            "interview_version": interview.version, "attachment": {
                "message_id": message.id, "attachment_id": message.attachments[0].id},
            "entry_id": entry_id, "dismissal_id": dismissal_id, "step_id": step.id,
            "ranking_model_id": ranking_model.id, "job_run_id": job_run.id,
            "record_import_id": record_import.id}


def _failed_job_run():
    from marketplace.extensions import db
    from marketplace.jobs.operations import record_failure

    run = record_failure(None, "close_expired_opportunities", (), RuntimeError("stopped"))
    db.session.commit()
    return run


def _record_import():
    from marketplace.extensions import db
    from marketplace.records.operations import run_import, store_upload

    record = store_upload("records.jsonl", b"{oops\n")
    db.session.commit()  # as the upload's hand-over to the job does
    run_import(record.id)
    db.session.commit()
    return record


def _suggestion_log(coach, candidate, opportunity) -> tuple[int, int]:
    """A list shown to ``coach`` with ``candidate`` at rank 1; a second opportunity's
    suggestion of the candidate dismissed."""
    from marketplace.extensions import db
    from marketplace.suggestions.operations import dismiss_suggestion, log_suggestion_list
    from marketplace.suggestions.ranking import Entry, SuggestionResult

    result = SuggestionResult(True, "cold-start-1", [
        Entry(candidate.id, opportunity.id, score=0.8, features=[0.5] * 10)])
    entry = log_suggestion_list(coach, result, opportunity_id=opportunity.id).entries[0]
    other = make_opportunity(opportunity.organisation, commit=True)
    shown = log_suggestion_list(coach, SuggestionResult(False, "unranked", [
        Entry(candidate.id, other.id)]), candidate_id=candidate.id)
    dismissal = dismiss_suggestion(shown.entries[0], coach, reason="practical")
    db.session.commit()
    return entry.id, dismissal.id


def _ranking_model():
    """A stored model that training did not promote (so switching to it is possible)."""
    from sklearn.linear_model import LogisticRegression

    from marketplace.extensions import db
    from marketplace.ranking.operations import store_trained_model

    estimator = LogisticRegression().fit([[0.0] * 10, [1.0] * 10], [0, 1])
    model = store_trained_model(estimator, algorithm="test", rows=2, lists=1, metrics={},
                                promote=False)
    db.session.commit()
    return model


@pytest.mark.parametrize("role", MATRIX_ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_access(endpoint, role, client, matrix_context):
    method, args, data, expected = ROUTES[endpoint]
    if callable(args):
        args = args(matrix_context)
    if callable(data):
        data = data(matrix_context)
    if role != "anonymous":
        assert login(client, role).status_code == 302
    from flask import url_for

    url = url_for(endpoint, **args)
    response = client.open(url, method=method, data=data or {})
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    else:
        assert response.status_code == want, f"{method} {url} as {role}"
        if want == 200 and response.mimetype == "text/html":
            assert_plain_title(response.get_data(as_text=True), url)


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def assert_plain_title(page: str, url: str) -> None:
    """The title a full page's tab shows is plain text: no ``<`` or ``>`` (a name
    marked with ``|data`` inside ``{% block title %}`` shows its tag there). The
    browser tests' ``check_title`` asks the same of every page they open."""
    found = _TITLE.search(page)
    if found is None:  # an htmx fragment, which has no head of its own
        return
    title = html.unescape(found.group(1))
    assert "<" not in title and ">" not in title, f"{url}: title {title!r}"


#: The only pages anyone may open without logging in.
PUBLIC_ENDPOINTS = {
    "static", "web.landing", "web.switch_language", "web.health", "accounts.login",
    "accounts.forgot_password", "accounts.set_password", "api.openapi", "api.docs",
}


def test_deny_by_default_only_the_public_list_is_open(app):
    public = {
        endpoint for endpoint, view in app.view_functions.items()
        if getattr(view, "access", None) == "public"
    }
    assert public == PUBLIC_ENDPOINTS
    for endpoint, (_method, _args, _data, expected) in ROUTES.items():
        if endpoint in PUBLIC_ENDPOINTS:
            continue
        if getattr(app.view_functions[endpoint], "access", None) == "token":
            assert expected == api_token_only(), f"{endpoint} must need an API token"
        else:
            assert expected["anonymous"] == LOGIN, f"{endpoint} must need a login"
