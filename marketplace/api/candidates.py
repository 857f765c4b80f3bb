"""The candidates resource: a partner organisation's case system and its caseload.

Only partner tokens (``Permission.KEEP_CASELOAD``, the coaches' role); an employer's
or a federation's token gets 403, as the site's candidate pages do. A token acts for
its whole organisation: it lists and reads the candidates of the organisation's
coaches, and read-only the ones other organisations share with the partnership
(``candidates.caseload_queries.organisation_caseload``), creates them only with
consent, changes them with ``If-Match``, keeps them in sync by its own ref and records
the withdrawal of consent (which withdraws open proposals and try-out places, as in the
site). Another organisation's candidate is a 404 problem; reading a profile is an
audit event, as opening it in the site is.
"""

from __future__ import annotations

from contextlib import contextmanager

from flask import request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from marketplace.accounts.permissions import Permission
from marketplace.api.auth import api_requires, current_principal
from marketplace.api.blueprint import bp
from marketplace.api.candidate_input import (
    CandidatePatch,
    CandidatePut,
    NewCandidateIn,
    merged_input,
    to_profile,
)
from marketplace.api.candidate_schemas import CandidateListQuery, CandidateOut, CandidatePage
from marketplace.api.consent_schemas import ConsentWithdrawalIn
from marketplace.api.etag import etag_header, require_if_match
from marketplace.api.idempotency import answer_once, idempotent
from marketplace.api.opportunity_writes import REF_TAKEN, checked_ref, created_or_replaced
from marketplace.api.paging import paginate_cursor
from marketplace.api.problems import ApiProblem
from marketplace.api.spec import ETAG, LINK, LOCATION, responses, spec
from marketplace.candidates import case_systems, caseload_queries, operations, queries
from marketplace.candidates.models import Candidate
from marketplace.extensions import db
from marketplace.web.conflicts import EditConflict

TAGS = ("candidates",)
READ, WRITE = "candidates:read", "candidates:write"


def _field_problem(field: str, message: str, code: str) -> ApiProblem:
    return ApiProblem(422, errors=[{"location": ["body", field], "message": message,
                                    "code": code}])


@contextmanager
def domain_errors(refused_field: str | None = None):
    """The candidates domain's refusals as problems; any other refusal of the domain
    is a 422 at ``refused_field`` (withdrawn before given), else at the body."""
    try:
        yield
    except operations.SharingNeedsConsent:
        raise _field_problem("shared_with_partnership", _("Sharing needs the person's "
                             "consent."), "needs_consent") from None
    except case_systems.RefTaken:
        raise ApiProblem(409, REF_TAKEN) from None
    except case_systems.ConsentRequired:
        raise _field_problem("consent", _("A new candidate needs the person's consent."),
                             "missing") from None
    except operations.NotACoach:
        raise _field_problem("coach", _("Not an active coach of your organisation."),
                             "unknown_coach") from None
    except operations.NoActiveConsent:
        raise ApiProblem(409, _("This candidate has no open consent to withdraw.")) from None
    except (EditConflict, StaleDataError):
        raise ApiProblem(409, _("Someone else changed this in the meantime: fetch it "
                                "again.")) from None
    except operations.CandidateError as error:
        if refused_field is None:
            raise ApiProblem(422, str(error)) from None
        raise _field_problem(refused_field, str(error), "refused") from None


def _answer(row, status: int = 200):
    headers = {**etag_header(row)}
    if status == 201:
        headers["Location"] = url_for("api.get_candidate", candidate_id=row.id)
    return CandidateOut.of(row, current_principal().organisation_id), status, headers


@bp.get("/candidates")
@api_requires(Permission.KEEP_CASELOAD, scope=READ)
@spec.validate(query=CandidateListQuery, resp=responses(200, CandidatePage, problems=(400,),
                                                          headers=(LINK,)),
               tags=TAGS, operation_id="listCandidates")
def list_candidates():
    """List your organisation's candidates (or, with `scope=shared`, the ones other
    organisations share with the partnership). Cursor-paged by id."""
    query: CandidateListQuery = request.context.query
    organisation_id = current_principal().organisation_id
    scope = caseload_queries.SHARED if query.scope == "shared" else caseload_queries.MINE
    select = caseload_queries.organisation_caseload(organisation_id, scope).options(
        *(selectinload(getattr(Candidate, name)) for name in (
            "languages", "experiences", "skills", "wished_occupations", "wished_sectors",
            "consent_records")))
    if query.status is not None:
        select = select.where(Candidate.status == query.status)
    page = paginate_cursor(select, (Candidate.id,), query.limit, query.cursor)
    body = CandidatePage(items=[CandidateOut.of(row, organisation_id) for row in page.items],
                         next_cursor=page.next_cursor)
    return body, 200, page.link_header()


@bp.get("/candidates/<int:candidate_id>")
@api_requires(Permission.KEEP_CASELOAD, scope=READ)
@spec.validate(resp=responses(200, CandidateOut, problems=(404,), headers=(ETAG,)),
               tags=TAGS, operation_id="getCandidate")
def get_candidate(candidate_id: int):
    """One candidate, with its ETag (send it in If-Match to change it)."""
    organisation_id = current_principal().organisation_id
    row = queries.visible_to_organisation_or_404(candidate_id, organisation_id)
    operations.record_view(row, "api" if row.organisation_id == organisation_id
                           else "api_shared")
    db.session.commit()
    return _answer(row)


@bp.post("/candidates")
@api_requires(Permission.KEEP_CASELOAD, scope=WRITE)
@idempotent
@spec.validate(json=NewCandidateIn,
               resp=responses(201, CandidateOut, problems=(400, 413, 415, 422),
                              headers=(ETAG, LOCATION)),
               tags=TAGS, operation_id="createCandidate")
def create_candidate():
    """Add a candidate to one of your coaches' caseloads, with the person's consent.

    Send an `Idempotency-Key` to retry safely.
    """
    body: NewCandidateIn = request.context.json
    principal = current_principal()
    coach, profile = to_profile(body, principal.organisation_id)
    with domain_errors():
        row = case_systems.create_with_consent(
            coach, profile, given_on=body.consent.given_on, method=body.consent.method,
            recorded_by=principal)
    answer = answer_once(lambda: _answer(row, 201), about_candidate=row.id)
    db.session.commit()
    return answer


@bp.patch("/candidates/<int:candidate_id>")
@api_requires(Permission.KEEP_CASELOAD, scope=WRITE)
@spec.validate(json=CandidatePatch,
               resp=responses(200, CandidateOut,
                              problems=(400, 404, 409, 412, 413, 415, 422, 428),
                              headers=(ETAG,)),
               tags=TAGS, operation_id="updateCandidate")
def update_candidate(candidate_id: int):
    """Change some fields of a candidate of your organisation (If-Match). Another
    coach of your organisation in `coach` takes the candidate over."""
    principal = current_principal()
    row = queries.organisation_candidate_or_404(candidate_id, principal.organisation_id)
    require_if_match(row)
    coach, profile = to_profile(merged_input(row, request.context.json),
                                principal.organisation_id, keep_from=row)
    with domain_errors():
        case_systems.change_candidate(row, profile, coach=coach, expected_version=row.version)
    db.session.commit()
    return _answer(row)


@bp.get("/candidates/by-ref/<path:ref>")
@api_requires(Permission.KEEP_CASELOAD, scope=READ)
@spec.validate(resp=responses(200, CandidateOut, problems=(404, 422), headers=(ETAG,)),
               tags=TAGS, operation_id="getCandidateByRef")
def get_candidate_by_ref(ref: str):
    """One of your organisation's candidates by its ref (your case system's key)."""
    principal = current_principal()
    try:
        row = case_systems.own_candidate_by_ref(checked_ref(ref), principal.organisation_id)
    except case_systems.RefTaken:
        row = None
    if row is None:
        raise ApiProblem(404)
    operations.record_view(row, "api")
    db.session.commit()
    return _answer(row)


@bp.put("/candidates/by-ref/<path:ref>")
@api_requires(Permission.KEEP_CASELOAD, scope=WRITE)
@spec.validate(json=CandidatePut,
               resp=created_or_replaced(CandidateOut, (400, 409, 412, 413, 415, 422, 428)),
               tags=TAGS, operation_id="putCandidateByRef")
def put_candidate_by_ref(ref: str):
    """Create (201, needs `consent`) or replace (200, If-Match) the candidate with your
    case system's `ref`. A ref another organisation uses is a 409."""
    principal = current_principal()
    ref = checked_ref(ref, max_length=64)
    try:
        existing = case_systems.own_candidate_by_ref(ref, principal.organisation_id)
    except case_systems.RefTaken:
        raise ApiProblem(409, REF_TAKEN) from None
    if existing is not None:
        require_if_match(existing)
    body: CandidatePut = request.context.json
    coach, profile = to_profile(body, principal.organisation_id, keep_from=existing)
    consent = (body.consent.given_on, body.consent.method) if body.consent else None
    with domain_errors():
        row, created = case_systems.put_candidate(ref, profile, coach=coach, existing=existing,
                                                  consent=consent, recorded_by=principal)
    db.session.commit()
    return _answer(row, 201 if created else 200)


@bp.post("/candidates/<int:candidate_id>/consent-withdrawal")
@api_requires(Permission.KEEP_CASELOAD, scope=WRITE)
@spec.validate(json=ConsentWithdrawalIn,
               resp=responses(200, CandidateOut,
                              problems=(400, 404, 409, 412, 413, 415, 422, 428),
                              headers=(ETAG,)),
               tags=TAGS, operation_id="withdrawCandidateConsent")
def withdraw_consent(candidate_id: int):
    """Record that the person withdrew consent (If-Match): their open proposals and
    places in try-outs to come are cancelled, and sharing ends, as in the site."""
    principal = current_principal()
    row = queries.organisation_candidate_or_404(candidate_id, principal.organisation_id)
    require_if_match(row)
    body: ConsentWithdrawalIn = request.context.json
    with domain_errors(refused_field="withdrawn_on"):
        operations.withdraw_consent(row, withdrawn_on=body.withdrawn_on, recorded_by=principal)
    db.session.commit()
    return _answer(row)
