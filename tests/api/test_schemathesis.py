"""Schemathesis against the served contract: every operation of ``/api/v1/openapi.json``.

Whatever operations the document has (so a resource added later is covered as soon as
it is in the document), schemathesis generates requests from it (deterministic seed,
20 valid and 10 invalid examples per operation) and sends each with the tokens of two
organisations: one of A's side (or the partnership), one of B's side. Every answer
must keep the contract (a declared status code and content type, a body that fits its
schema, never a 500), and no answer to organisation B's tokens may hold organisation
A's data: A's private rows are seeded with canary texts that must never appear in
them. A second test sends B's tokens
A's own ids and refs in every path parameter of the document: a 404 (or 403; a 422 for
a write's empty body) every time.
"""

from __future__ import annotations

import re
import uuid

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from marketplace.api.spec import openapi_document
from marketplace.extensions import db
from marketplace.records.operations import run_import, store_upload
from tests.factories import make_candidate, make_opportunity, make_proposal

#: Organisation A's side and the partnership: each example goes to one of them...
OWN = ("admin_body", "employer_a", "partner_a")
#: ...and to one of organisation B's side, who may never see A's private rows
#: (employer A's draft, partner A's candidate and proposal).
OTHERS = ("employer_b", "partner_b", "federation")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
# The records import's body is JSON Lines: text, sent as it is generated.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")

#: Hypothesis: the same examples on every run, none kept between runs.
SETTINGS = {"derandomize": True, "deadline": None, "database": None,
            "suppress_health_check": list(HealthCheck)}
#: Who sends an example: one of A's side and one of B's side.
CALLERS = st.tuples(st.sampled_from(OWN), st.sampled_from(OTHERS))
#: A path ``{placeholder}`` of the document.
PLACEHOLDER = re.compile(r"\{([^}]+)\}")


@pytest.fixture
def seeded(app_ctx, organisations, users):
    """Organisation A's rows no one of B may see, each carrying a unique canary text;
    returns the canaries and the rows' ids by kind."""
    canary = f"Kanarie{uuid.uuid4().hex[:10]}"
    draft = make_opportunity(organisations["employer_a"], status="draft",
                             title=f"{canary} concept", commit=True)
    # Published: partners of every organisation may see it (no canary).
    published = make_opportunity(organisations["employer_a"], commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym=f"{canary} persoon", commit=True)
    proposal = make_proposal(users["coach_a"], candidate, published, commit=True)
    record_import = store_upload(f"{canary}.jsonl", b"{oops\n")
    db.session.commit()
    run_import(record_import.id)
    db.session.commit()
    return {
        "canaries": [canary, draft.ref, candidate.ref],
        "refs": [draft.ref, candidate.ref],
        "ids": {"opportunity": [draft.id], "candidate": [candidate.id],
                "proposal": [proposal.id], "import": [record_import.id]},
    }


@pytest.fixture
def contract(app, app_ctx, monkeypatch):
    """The served document, loaded by schemathesis from the app (not from the code)."""
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "100000/minute")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    assert schema.raw_schema == openapi_document()
    return schema


def _operations(contract) -> list:
    operations = [result.ok() for result in contract.get_all_operations()]
    assert operations, "the document has operations"
    return operations


def _check(case, callers: tuple[str, str], tokens: dict, seeded: dict) -> None:
    """``case`` sent with each caller's token: the answer keeps the contract, and B's
    answers hold nothing of A's."""
    for key in callers:
        headers = {**(case.headers or {}), "Authorization": f"Bearer {tokens[key][1]}"}
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)
        if key in OTHERS:
            leaked = [canary for canary in seeded["canaries"] if canary in response.text]
            assert not leaked, f"{key} saw organisation A's data at {case.path}: {leaked}"
        db.session.rollback()


def test_every_operation_keeps_the_contract_and_never_shows_another_organisations_data(
        contract, tokens, seeded, subtests):
    for operation in _operations(contract):
        with subtests.test(operation=operation.label):

            @given(case=operation.as_strategy(GenerationMode.POSITIVE), callers=CALLERS)
            @settings(max_examples=20, **SETTINGS)
            def valid_requests(case, callers):
                _check(case, callers, tokens, seeded)

            @given(case=operation.as_strategy(GenerationMode.NEGATIVE), callers=CALLERS)
            @settings(max_examples=10, **SETTINGS)
            def invalid_requests(case, callers):
                _check(case, callers, tokens, seeded)

            valid_requests()
            invalid_requests()


def _operations_with_ids(document: dict):
    for path, operations in document["paths"].items():
        names = PLACEHOLDER.findall(path)
        if names:
            for method in operations:
                yield path, method.upper(), names


def test_another_organisations_ids_are_a_404_in_every_operation(client, tokens, seeded):
    document = client.get("/api/v1/openapi.json").get_json()
    operations = list(_operations_with_ids(document))
    assert operations, "the document has operations on one object"
    all_ids = [ident for ids in seeded["ids"].values() for ident in ids]
    for path, method, names in operations:
        # An id of A's own kind where the name says which (opportunity_id), else each;
        # A's refs for a ref.
        values = set()
        for name in names:
            if name == "ref":
                values |= set(seeded["refs"])
            else:
                values |= set(seeded["ids"].get(name.removesuffix("_id"), all_ids))
        # A body is checked before the lookup: a write may answer 422 to B's empty one.
        allowed = (403, 404) if method in ("GET", "DELETE") else (403, 404, 422)
        for value in values:
            url = PLACEHOLDER.sub(str(value), path)
            for key in OTHERS:
                response = client.open(url, method=method, headers={
                    "Authorization": f"Bearer {tokens[key][1]}", "If-Match": '"1"'}, json={})
                assert response.status_code in allowed, (key, method, url,
                                                         response.status_code)
                assert not [c for c in seeded["canaries"] if c in response.get_data(True)]
