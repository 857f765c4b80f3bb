"""The OpenAPI 3.1 contract, generated from the code by spectree (pydantic v2).

``spec.validate`` on an operation validates its query and JSON body (models with
``extra="forbid"``, so an unknown field is a 422) and its answer, and documents both.
Validation errors become 422 problems with each field's location; an answer that
breaks its own model is a 500 problem (and logged), never sent. spectree's own
documentation pages (Swagger UI, Redoc) load scripts from CDNs and are not mounted:
``/api/v1/openapi.json`` and ``/api/v1/docs`` are served by ``docs_routes.py``.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import current_app, request
from pydantic import BaseModel, ConfigDict, Field
from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree

from marketplace.api.problems import PROBLEM_MIMETYPE, ApiProblem, validation_errors


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
#: any address or query, ``web/input.py``, before the operation runs).
COMMON_PROBLEMS = (400, 401, 403, 429)


def responses(ok: int = 200, model: Any = None, *, problems: tuple[int, ...] = ()) -> Response:
    """A spectree Response: ``model`` on ``ok`` and the Problem model on 400, 401,
    403, 429 and ``problems`` (e.g. ``(404, 412, 428)``)."""
    codes: dict[str, Any] = {f"HTTP_{ok}": model}
    for status in sorted({*COMMON_PROBLEMS, *problems}):
        codes[f"HTTP_{status}"] = Problem
    return Response(**codes)


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


def openapi_document() -> dict[str, Any]:
    """The served contract: spectree's document, with the error answers' content
    type as they are sent, ``application/problem+json``, the bodies that are not JSON
    (``raw_body``), and a 404 on every path with a parameter."""
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
            for status, answer in operation.get("responses", {}).items():
                content = answer.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    answer["content"] = {PROBLEM_MIMETYPE: content["application/json"]}
    return document
