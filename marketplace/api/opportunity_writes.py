"""Writing opportunities: create, change, the life cycle, and sync by the ATS's ref.

For the organisations that offer opportunities (employers, training providers, sector
federations: ``Permission.MANAGE_OPPORTUNITIES``, each only the kinds it offers). Each
view parses the body, calls one operation of ``opportunities`` (its rules, audit
events and data versions) and commits once. Another organisation's id is a 404
problem, as in the site; a ref another organisation uses is a 409 that names nothing
of it. Changes need ``If-Match`` (428 without, 412 stale).
"""

from __future__ import annotations

from contextlib import contextmanager

from flask import request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm.exc import StaleDataError

from marketplace.accounts.permissions import Permission
from marketplace.api.auth import api_requires, current_principal
from marketplace.api.blueprint import bp
from marketplace.api.etag import etag_header, require_if_match
from marketplace.api.idempotency import answer_once, idempotent
from marketplace.api.opportunity_input import (
    OpportunityIn,
    OpportunityPatch,
    OpportunityPut,
    merged_input,
    to_data,
)
from marketplace.api.opportunity_schemas import OpportunityOut
from marketplace.api.problems import ApiProblem, validation_errors
from marketplace.api.spec import ETAG, LOCATION, responses, spec
from marketplace.extensions import db
from marketplace.opportunities import operations
from marketplace.opportunities.by_ref import RefTaken, own_opportunity_by_ref, put_opportunity
from marketplace.opportunities.queries import managed_opportunity_or_404
from marketplace.records.schema import Ref
from marketplace.web.conflicts import EditConflict

TAGS = ("opportunities",)
WRITE = "opportunities:write"
_REF = TypeAdapter(Ref)
#: The answer to a ref another organisation uses: it names nothing of theirs.
REF_TAKEN = _l("This ref is taken: choose another one.")


@contextmanager
def domain_errors(publishing_in_body: bool = True):
    """The opportunities domain's refusals as problems: an incomplete opportunity to
    publish (422 at each field, or 409 for a move without a body), a move its status
    does not allow (409), someone else's save in between (409)."""
    try:
        yield
    except operations.NotReadyToPublish as error:
        if not publishing_in_body:
            raise ApiProblem(409, _("Fill in these fields before you publish: %(fields)s.",
                                    fields=", ".join(error.missing))) from None
        raise ApiProblem(422, _("Some fields are needed to publish."), errors=[
            {"location": ["body", name], "message": _("Needed to publish (a date: today "
             "or later)."), "code": "needed_to_publish"} for name in error.missing]) from None
    except operations.TransitionNotAllowed as error:
        raise ApiProblem(409, _("The action %(action)s is not possible for an "
                                "opportunity that is %(status)s.",
                                action=error.action, status=error.status)) from None
    except (EditConflict, StaleDataError):
        raise ApiProblem(409, _("Someone else changed this in the meantime: fetch it "
                                "again.")) from None


def _answer(row, status: int = 200):
    headers = {**etag_header(row)}
    if status == 201:
        headers["Location"] = url_for("api.get_opportunity", opportunity_id=row.id)
    return OpportunityOut.of(row), status, headers


@bp.post("/opportunities")
@api_requires(Permission.MANAGE_OPPORTUNITIES, scope=WRITE)
@idempotent
@spec.validate(json=OpportunityIn,
               resp=responses(201, OpportunityOut, problems=(400, 413, 415, 422),
                              headers=(ETAG, LOCATION)),
               tags=TAGS, operation_id="createOpportunity")
def create_opportunity():
    """Create an opportunity: a draft, or published at once with `publish: true`.

    It gets a fresh `ref`; to use your own system's ref, use
    `PUT /opportunities/by-ref/{ref}`. Send an `Idempotency-Key` to retry safely.
    """
    body: OpportunityIn = request.context.json
    organisation = current_principal().organisation
    data = to_data(body, organisation)
    with domain_errors():
        row = operations.create_opportunity(organisation, data, publish=body.publish)
    answer = answer_once(lambda: _answer(row, 201))
    db.session.commit()
    return answer


@bp.patch("/opportunities/<int:opportunity_id>")
@api_requires(Permission.MANAGE_OPPORTUNITIES, scope=WRITE)
@spec.validate(json=OpportunityPatch,
               resp=responses(200, OpportunityOut,
                              problems=(400, 404, 409, 412, 413, 415, 422, 428),
                              headers=(ETAG,)),
               tags=TAGS, operation_id="updateOpportunity")
def update_opportunity(opportunity_id: int):
    """Change some fields of an opportunity (send its ETag in If-Match).

    A published opportunity must stay complete; `publish: true` publishes a draft or
    a paused one.
    """
    principal = current_principal()
    row = managed_opportunity_or_404(opportunity_id, principal)
    require_if_match(row)
    body = merged_input(row, request.context.json)
    data = to_data(body, principal.organisation)
    publish = body.publish and row.status in operations.TRANSITIONS["publish"].sources
    with domain_errors():
        operations.update_opportunity(row, data, expected_version=row.version, publish=publish)
    db.session.commit()
    return _answer(row)


def _transition(action: str, summary: str):
    """The operation ``POST /opportunities/{id}/<action>`` of the life cycle."""

    def move(opportunity_id: int):
        row = managed_opportunity_or_404(opportunity_id, current_principal())
        require_if_match(row)
        with domain_errors(publishing_in_body=False):
            operations.apply_transition(row, action, expected_version=row.version)
        db.session.commit()
        return _answer(row)

    move.__name__ = f"{action}_opportunity"
    move.__doc__ = f"{summary}\n\nSend the opportunity's ETag in If-Match."
    view = spec.validate(resp=responses(200, OpportunityOut,
                                        problems=(400, 404, 409, 412, 413, 415, 428),
                                        headers=(ETAG,)),
                         tags=TAGS, operation_id=f"{action}Opportunity")(move)
    view = api_requires(Permission.MANAGE_OPPORTUNITIES, scope=WRITE)(view)
    bp.post(f"/opportunities/<int:opportunity_id>/{action}")(view)


_transition("publish", "Publish a draft or paused opportunity (it must be complete).")
_transition("pause", "Pause a published opportunity: coaches no longer see it.")
_transition("fill", "Mark an opportunity as filled.")
_transition("close", "Close an opportunity: coaches no longer see it.")
_transition("reopen", "Reopen a filled or closed opportunity: published again when "
                      "it is complete, else a draft.")


def checked_ref(ref: str, max_length: int = 100) -> str:
    """A ref from the path, by the records format's rule (one line, ``max_length``
    characters at most); else a 422 problem at ``["path", "ref"]``."""
    try:
        checked = _REF.validate_python(ref)
    except ValidationError as error:
        raise ApiProblem(422, errors=[
            {**entry, "location": ["path", "ref"]}
            for entry in validation_errors(error.errors(include_url=False), "path")]) from None
    if len(checked) > max_length:
        raise ApiProblem(422, errors=[{"location": ["path", "ref"], "code": "string_too_long",
                                       "message": _("At most %(count)s characters.",
                                                    count=max_length)}])
    return checked


@bp.get("/opportunities/by-ref/<path:ref>")
@api_requires(Permission.MANAGE_OPPORTUNITIES, scope="opportunities:read")
@spec.validate(resp=responses(200, OpportunityOut, problems=(404, 422), headers=(ETAG,)),
               tags=TAGS, operation_id="getOpportunityByRef")
def get_opportunity_by_ref(ref: str):
    """One of your organisation's opportunities by its ref (your own system's key)."""
    try:
        row = own_opportunity_by_ref(checked_ref(ref), current_principal())
    except RefTaken:
        row = None
    if row is None:
        raise ApiProblem(404)
    return _answer(row)


def created_or_replaced(model, problems: tuple[int, ...]):
    """The answers of a PUT by ref: ``model`` on 200 (replaced) and 201 (created),
    both with the ETag, the created one with its Location."""
    answers = responses(200, model, problems=problems, headers=(ETAG,))
    answers.add_model(201, model, description="Created")
    answers.add_headers(201, ETAG, LOCATION)
    return answers


@bp.put("/opportunities/by-ref/<path:ref>")
@api_requires(Permission.MANAGE_OPPORTUNITIES, scope=WRITE)
@spec.validate(json=OpportunityPut,
               resp=created_or_replaced(OpportunityOut, (400, 409, 412, 413, 415, 422, 428)),
               tags=TAGS, operation_id="putOpportunityByRef")
def put_opportunity_by_ref(ref: str):
    """Create (201) or replace (200) the opportunity with your system's `ref`.

    Replacing needs the ETag in If-Match. A ref another organisation uses is a 409.
    """
    principal = current_principal()
    ref = checked_ref(ref)
    try:
        existing = own_opportunity_by_ref(ref, principal)
    except RefTaken:
        raise ApiProblem(409, REF_TAKEN) from None
    if existing is not None:
        require_if_match(existing)
    body: OpportunityPut = request.context.json
    data = to_data(body, principal.organisation)
    publish = body.publish and (existing is None or existing.status
                                in operations.TRANSITIONS["publish"].sources)
    with domain_errors():
        try:
            row, created = put_opportunity(principal.organisation, ref, data,
                                           existing=existing, publish=publish)
        except RefTaken:
            raise ApiProblem(409, REF_TAKEN) from None
    db.session.commit()
    return _answer(row, 201 if created else 200)
