"""The OpenAPI 3.1 contract, generated from the code by spectree (pydantic v2).

``spec.validate`` on an operation validates its query and JSON body (models with
``extra="forbid"``, so an unknown field is a 422) and its answer, and documents both.
Validation errors become 422 problems with each field's location; an answer that
breaks its own model is a 500 problem (and logged), never sent. The headers are in the
document too: what every answer carries (``Cache-Control``, the rate limit's
``X-RateLimit-*``, ``Retry-After`` on 429 and 503, ``WWW-Authenticate`` on 401), what
an operation names in ``responses(..., headers=...)`` (``ETag``, ``Location``,
``Link``), ``Idempotent-Replayed`` on a create's repeated answer, and the request
headers the API reads (``If-Match``, ``Idempotency-Key``, ``Accept-Language``);
``tests/api/test_headers.py`` checks them against the answers. spectree's own
documentation pages (Swagger UI, Redoc) load scripts from CDNs and are not mounted:
``/api/v1/openapi.json`` and ``/api/v1/docs`` are served by ``docs_routes.py``.
"""

from __future__ import annotations

import copy
from typing import Annotated, Any

from flask import current_app, request
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict
from pydantic_core import PydanticCustomError
from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree

from marketplace.api.problems import PROBLEM_MIMETYPE, ApiProblem, validation_errors
from marketplace.web.numbers import LARGEST_ID


class ProblemError(BaseModel):
    """One field's problem in a 422 answer."""

    location: list[str] = Field(description='Where: ["body", "title"], ["query", "limit"].')
    message: str
    code: str = Field(description="Pydantic's error type, e.g. missing, extra_forbidden.")


class Problem(BaseModel):
    """An RFC 9457 problem details object (``application/problem+json``)."""

    type: str = Field(description="A link to this problem's description.")
    title: str
    status: int
    detail: str
    errors: list[ProblemError] | None = Field(
        default=None, description="Only for 422: every field that is not valid.")


class StrictModel(BaseModel):
    """Base of every request model: unknown fields are refused (422)."""

    model_config = ConfigDict(extra="forbid")


#: The id of a record named in a JSON body: a number an id column can hold. A larger
#: one is no missing record but a database error ("integer out of range" on
#: PostgreSQL, an overflow on SQLite), so it is refused as not valid (422) up front.
#: Strict: a JSON integer only. Pydantic's lax mode took ``true`` as 1, ``1.0`` as 1
#: and ``"1"`` as 1, so a partner's bug (a flag in the id's place) named a record.
RecordId = Annotated[int, Strict(), Field(ge=1, le=LARGEST_ID)]


def _digits_only(value):
    """A query's id arrives as text: only ASCII digits name one (not "1.0", "+1",
    " 1" or "1_0", which lax parsing would read as a number)."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise PydanticCustomError("int_parsing", "Input should be a whole number of digits")
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


#: The id of a record named in a query string: digits (every query value is text),
#: read as a number an id column can hold.
QueryId = Annotated[int, BeforeValidator(_digits_only), Field(ge=1, le=LARGEST_ID)]


_LOCATIONS = ("query", "json", "headers", "cookies", "form")


def _raise_validation_problem(req, _response, error, _instance, _adapter) -> None:
    """spectree's ``before`` hook: a request that fails validation is a 422 problem."""
    if error is None:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    metadata = spec.get_function_metadata(view) if view is not None else None
    location = "body"
    for name in _LOCATIONS:
        if metadata is not None and getattr(metadata, name, None) == error.title:
            location = "body" if name == "json" else name
            break
    raise ApiProblem(422, errors=validation_errors(error.errors(include_url=False), location))


def _raise_response_problem(_req, _response, error, _instance, _adapter) -> None:
    """spectree's ``after`` hook: an answer that breaks the contract is never sent."""
    if error is not None:
        current_app.logger.error("API answer breaks its model at %s: %s", request.path, error)
        raise ApiProblem(500)


spec = SpecTree(
    "flask",
    mode="strict",  # only the operations decorated with spec.validate
    title="Werkbrug partner API",
    version="1",
    description=(
        "The partner API of Werkbrug. Authenticate with an API key: "
        "`Authorization: Bearer <key>`. Errors are RFC 9457 problem details."),
    page_templates={},
    annotations=False,
    security_schemes=[SecurityScheme(name="apiKey", data=SecuritySchemeData(
        type="http", scheme="bearer",
        description="An API key made on the site's API keys page."))],
    security={"apiKey": []},
    validation_error_status=422,
    validation_error_model=Problem,
    before=_raise_validation_problem,
    after=_raise_response_problem,
    # Readable component names (spectree adds a hash of the module by default); the
    # models' class names are unique across the API.
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
)

#: The problems every operation can answer (400: the site refuses a NUL character in
#: any address or query, ``web/input.py``, before the operation runs (in a JSON body
#: it is a 422 at its field, ``auth._check_body``); 503: the
#: embedded database stayed locked, and every call writes its audit event).
COMMON_PROBLEMS = (400, 401, 403, 429, 503)

ETAG = "ETag"
LOCATION = "Location"
LINK = "Link"
RETRY_AFTER = "Retry-After"
WWW_AUTHENTICATE = "WWW-Authenticate"
CACHE_CONTROL = "Cache-Control"
RATE_LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
IDEMPOTENCY_KEY = "Idempotency-Key"
IDEMPOTENT_REPLAYED = "Idempotent-Replayed"

#: Every header the API sends, as OpenAPI header objects (``components.headers``); an
#: answer names the ones it carries. ``required``: always there on such an answer.
ANSWER_HEADERS: dict[str, dict[str, Any]] = {
    ETAG: {
        "description": "The resource's version, a strong ETag (its `version` in quotes). "
                       "Send it back in If-Match to change the resource.",
        "required": True, "schema": {"type": "string", "pattern": '^"[0-9]+"$'},
        "example": '"3"'},
    LOCATION: {
        "description": "The address of what was made (for an import: where to ask how "
                       "it went).",
        "required": True, "schema": {"type": "string", "format": "uri-reference"},
        "example": "/api/v1/opportunities/42"},
    LINK: {
        "description": 'The next page (RFC 8288): `<address>; rel="next"`, the same '
                       "address with `cursor` set to `next_cursor`. Only when there is a "
                       'next page. There is no rel="prev": cursors only go forward.',
        "required": False, "schema": {"type": "string", "pattern": '^<[^>]+>; rel="next"$'},
        "example": '</api/v1/opportunities?limit=25&cursor=WzQyXQ.abc>; rel="next"'},
    RETRY_AFTER: {
        "description": "Seconds to wait before calling again.",
        "required": True, "schema": {"type": "integer", "minimum": 1}, "example": 30},
    WWW_AUTHENTICATE: {
        "description": 'How to authenticate: `Bearer realm="werkbrug-api"`, with '
                       '`error="invalid_token"` when the key sent is unknown, revoked or '
                       "expired.",
        "required": True,
        "schema": {"type": "string", "pattern": '^Bearer realm="werkbrug-api"'},
        "example": 'Bearer realm="werkbrug-api", error="invalid_token"'},
    CACHE_CONTROL: {
        "description": "Always `no-store`: answers may hold personal data, so no cache "
                       "may keep them.",
        "required": True, "schema": {"type": "string", "const": "no-store"}},
    "X-RateLimit-Limit": {
        "description": "How many calls this API key may make in the current window. "
                       "On every answer once the key is accepted.",
        "required": False, "schema": {"type": "integer", "minimum": 1}, "example": 600},
    "X-RateLimit-Remaining": {
        "description": "How many calls this API key has left in the current window.",
        "required": False, "schema": {"type": "integer", "minimum": 0}, "example": 599},
    IDEMPOTENT_REPLAYED: {
        "description": "`true` when this is the stored answer of an earlier call with the "
                       "same Idempotency-Key and the same request: nothing new was made. "
                       "Absent on the first answer.",
        "required": False, "schema": {"type": "string", "const": "true"}},
    "X-RateLimit-Reset": {
        "description": "When the window frees a call again: Unix time, in seconds.",
        "required": False, "schema": {"type": "integer", "minimum": 0},
        "example": 1767225600},
}

#: The request headers the API reads besides ``Authorization`` (the security scheme)
#: and ``Content-Type`` (the request body's media type): OpenAPI parameters.
ACCEPT_LANGUAGE_PARAMETER: dict[str, Any] = {
    "name": "Accept-Language", "in": "header", "required": False,
    "description": "The language of the problems' texts and of other texts meant to be "
                   "read (nl or en; Dutch by default).",
    "schema": {"type": "string"}, "example": "en"}

#: ``Idempotency-Key``, read by the creates (``idempotency.idempotent``); its rules
#: are those of ``idempotency.sent_key``.
IDEMPOTENCY_KEY_PARAMETER: dict[str, Any] = {
    "name": IDEMPOTENCY_KEY, "in": "header", "required": False,
    "description": "A unique value of yours (a UUID) that makes a retry safe: the same "
                   "key and request (query and body, byte for byte) get the first answer "
                   "again, with `Idempotent-Replayed: true`, and make nothing; the same key "
                   "with another request: 422. Kept a week per API key, only for calls "
                   "that succeeded. 1 to 255 printable ASCII characters, else 400.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255,
               "pattern": "^[\\x20-\\x7E]+$"},
    "example": "8e03978e-40d5-43e8-bc93-6894a57f9324"}

#: The operationIds of the creates that read ``Idempotency-Key``
#: (``idempotency.idempotent`` adds them).
IDEMPOTENT_OPERATIONS: set[str] = set()


def if_match_parameter(*, required: bool) -> dict[str, Any]:
    """``If-Match``, read by every operation that changes one resource."""
    return {
        "name": "If-Match", "in": "header", "required": required,
        "description": "The ETag you last received for this resource. Without it: 428; "
                       "when it changed in the meantime: 412 (nothing is written). `*` "
                       "matches any version." + ("" if required else
                       " Only needed to replace; creating needs none."),
        "schema": {"type": "string"}, "example": '"3"'}


class Answers(Response):
    """A spectree Response that also names the headers each answer carries."""

    def __init__(self, **code_models: Any) -> None:
        super().__init__(**code_models)
        self.answer_headers: dict[int, tuple[str, ...]] = {}

    def add_headers(self, status: int, *names: str) -> None:
        unknown = [name for name in names if name not in ANSWER_HEADERS]
        if unknown:
            raise ValueError(f"not in ANSWER_HEADERS: {unknown}")
        self.answer_headers[status] = (*self.answer_headers.get(status, ()), *names)

    def generate_spec(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        answers = super().generate_spec(*args, **kwargs)
        for status, names in self.answer_headers.items():
            answers[str(status)]["headers"] = {name: _header_ref(name) for name in names}
        return answers


def _header_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/headers/{name}"}


def responses(ok: int = 200, model: Any = None, *, problems: tuple[int, ...] = (),
              headers: tuple[str, ...] = ()) -> Answers:
    """The answers of an operation: ``model`` on ``ok``, carrying ``headers`` (names
    of ``ANSWER_HEADERS``: ``(ETAG,)``, ``(ETAG, LOCATION)``, ``(LINK,)``), and the
    Problem model on 400, 401, 403, 429, 503 and ``problems`` (e.g. ``(404, 412,
    428)``)."""
    codes: dict[str, Any] = {f"HTTP_{ok}": model}
    for status in sorted({*COMMON_PROBLEMS, *problems}):
        codes[f"HTTP_{status}"] = Problem
    answers = Answers(**codes)
    if headers:
        answers.add_headers(ok, *headers)
    return answers


#: operationId -> the request body of an operation whose body is not JSON (spectree
#: documents JSON bodies only); see :func:`raw_body`.
RAW_BODIES: dict[str, dict[str, Any]] = {}


def raw_body(operation_id: str, mimetype: str, description: str) -> None:
    """Document the body of ``operation_id`` as text of ``mimetype`` (the operation
    reads it itself: ``api_requires(..., content_type=mimetype)``)."""
    RAW_BODIES[operation_id] = {
        "required": True, "description": description,
        "content": {mimetype: {"schema": {"type": "string"}}},
    }


def _common_headers(status: int) -> tuple[str, ...]:
    """The headers of every operation's answer with ``status``: ``Cache-Control``
    (``hooks.py``); the rate limit's once the key is accepted, that is not on a 401 or
    403 (``auth.api_requires`` checks the limit after them); ``WWW-Authenticate`` on
    401; ``Retry-After`` on 429 and 503."""
    names = [CACHE_CONTROL]
    if status not in (401, 403):
        names.extend(RATE_LIMIT_HEADERS)
    if status == 401:
        names.append(WWW_AUTHENTICATE)
    if status in (429, 503):
        names.append(RETRY_AFTER)
    return tuple(names)


def _document_idempotency(operation: dict[str, Any]) -> None:
    """A create that reads ``Idempotency-Key``: the header, and ``Idempotent-Replayed``
    on its successful answer. (Its 422, also for a key used for another request, is
    spectree's validation answer, which every operation has.)"""
    operation["parameters"].append(copy.deepcopy(IDEMPOTENCY_KEY_PARAMETER))
    for status, answer in operation["responses"].items():
        if status.startswith("2"):
            answer["headers"][IDEMPOTENT_REPLAYED] = _header_ref(IDEMPOTENT_REPLAYED)


def openapi_document() -> dict[str, Any]:
    """The served contract: spectree's document, with the error answers' content
    type as they are sent, ``application/problem+json``, the bodies that are not JSON
    (``raw_body``), a 404 on every path with a parameter, and the headers: those of
    every answer, the request headers read (``If-Match`` where an operation answers
    428, ``Idempotency-Key`` on the creates, ``Accept-Language`` everywhere) and their
    descriptions (``components``)."""
    document = copy.deepcopy(spec.spec)
    for path, operations in document.get("paths", {}).items():
        for operation in operations.values():
            if operation.get("operationId") in RAW_BODIES:
                operation["requestBody"] = copy.deepcopy(RAW_BODIES[operation["operationId"]])
            answers = operation.get("responses", {})
            if "{" in path and "404" not in answers and "401" in answers:
                # A path parameter the routing refuses (an id beyond the database's
                # integers, a ref with a line break) is a 404 before the operation runs.
                answers["404"] = copy.deepcopy(answers["401"])
                answers["404"]["description"] = "Not Found"
            for status, answer in answers.items():
                content = answer.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    answer["content"] = {PROBLEM_MIMETYPE: content["application/json"]}
                headers = answer.setdefault("headers", {})
                for name in _common_headers(int(status)):
                    headers.setdefault(name, _header_ref(name))
            parameters = operation.setdefault("parameters", [])
            if "428" in answers:
                # 428 is require_if_match's answer to a change without If-Match; a PUT
                # by ref also creates (201), and creating needs none.
                parameters.append(if_match_parameter(required="201" not in answers))
            if operation.get("operationId") in IDEMPOTENT_OPERATIONS:
                _document_idempotency(operation)
            parameters.append(copy.deepcopy(ACCEPT_LANGUAGE_PARAMETER))
    components = document.setdefault("components", {})
    components["headers"] = copy.deepcopy(ANSWER_HEADERS)
    return document
