"""The partner API's headers are in its contract, so that the two cannot drift apart.

Every operation of the served document is called through the test client: first as a
partner's system would, with answers that succeed (the walk below), then with the
answers every operation can give: no key (401), an unknown id or ref, a change
without or with a stale If-Match (428, 412), a create's empty Idempotency-Key (400;
its replayed answers are checked in ``test_idempotency.py``), a query or body field it
does not know, and over the rate limit (429). Each answer's status must be one the document lists
for that operation, and each of its headers must be documented on that answer, but
for the ones the contract describes otherwise (``Content-Type``, ``Content-Length``)
and the site's own, which every answer of the site carries and are not the API's
(``web/headers.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pytest

from marketplace.db_types import local_today
from tests.api.test_candidates import consent, profile
from tests.api.test_imports import NDJSON, _file
from tests.api.test_opportunity_writes import job
from tests.factories import make_api_token, make_candidate, make_opportunity, make_proposal

API = "/api/v1"
#: Described by the document as the answer's content, not as headers.
CONTENT_HEADERS = {"content-type", "content-length"}
#: The site's security headers (web/headers.py), on every answer of the site.
SITE_HEADERS = {"content-security-policy", "x-content-type-options", "x-frame-options",
                "referrer-policy", "permissions-policy", "strict-transport-security"}
#: Path parameters no row has: a ref, else an id.
UNKNOWN = {"ref": "NO-SUCH-REF"}
UNKNOWN_ID = 987654
PARAMETER = re.compile(r"\{(\w+)\}")


@dataclass
class Call:
    """One call of an operation, kept to send it again with other headers."""

    operation_id: str
    caller: str
    method: str
    path: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Walk:
    """Calls the API as each organisation's system and keeps every answer."""

    client: Any
    secrets: dict[str, str]
    answers: list[tuple[str, Any]] = field(default_factory=list)
    calls: dict[str, Call] = field(default_factory=dict)

    def send(self, call: Call, *, if_match: str | None = None, key: bool = True,
             **changes) -> Any:
        options = {**call.options, **changes}
        path = options.pop("path", call.path)
        headers = dict(options.pop("headers", {}))
        if if_match is not None:
            headers["If-Match"] = if_match
        if key:
            headers["Authorization"] = f"Bearer {self.secrets[call.caller]}"
        response = self.client.open(path, method=call.method, headers=headers, **options)
        self.answers.append((call.operation_id, response))
        return response

    def succeed(self, operation_id: str, caller: str, method: str, path: str,
                **options) -> Any:
        """A call that must succeed; kept as the operation's example."""
        call = Call(operation_id, caller, method, path, options)
        response = self.send(call)
        assert response.status_code < 300, (operation_id, response.status_code,
                                            response.get_data(as_text=True)[:500])
        self.calls.setdefault(operation_id, call)
        return response


def _etag(response) -> dict[str, str]:
    return {"If-Match": response.headers["ETag"]}


def _walk_opportunities(walk: Walk) -> None:
    url = f"{API}/opportunities"
    made = walk.succeed("createOpportunity", "employer_a", "POST", url, json=job())
    one = f"{url}/{made.get_json()['id']}"
    listed = walk.succeed("listOpportunities", "employer_a", "GET", url,
                          query_string={"limit": 1})
    assert "Link" in listed.headers  # the example shows the header it is there for
    got = walk.succeed("getOpportunity", "employer_a", "GET", one)
    answer = walk.succeed("updateOpportunity", "employer_a", "PATCH", one,
                          json={"title": "Heftruckchauffeur (nacht)"}, headers=_etag(got))
    for action in ("publish", "pause", "publish", "fill", "reopen", "close"):
        answer = walk.succeed(f"{action}Opportunity", "employer_a", "POST",
                              f"{one}/{action}", headers=_etag(answer))
    by_ref = f"{url}/by-ref/ATS-HEADERS-1"
    made = walk.succeed("putOpportunityByRef", "employer_a", "PUT", by_ref, json=job())
    walk.succeed("putOpportunityByRef", "employer_a", "PUT", by_ref,
                 json=job(title="Magazijnier"), headers=_etag(made))
    walk.succeed("getOpportunityByRef", "employer_a", "GET", by_ref)


def _walk_candidates(walk: Walk) -> int:
    """Returns the id of a candidate made through the API (consent given)."""
    url = f"{API}/candidates"
    made = walk.succeed("createCandidate", "partner_a", "POST", url,
                        json=profile(consent=consent()))
    candidate_id = made.get_json()["id"]
    one = f"{url}/{candidate_id}"
    listed = walk.succeed("listCandidates", "partner_a", "GET", url, query_string={"limit": 1})
    assert "Link" in listed.headers
    got = walk.succeed("getCandidate", "partner_a", "GET", one)
    walk.succeed("updateCandidate", "partner_a", "PATCH", one, json={"pseudonym": "Sam"},
                 headers=_etag(got))
    by_ref = f"{url}/by-ref/VDAB-HEADERS-1"
    created = walk.succeed("putCandidateByRef", "partner_a", "PUT", by_ref,
                           json=profile(consent=consent()))
    replaced = walk.succeed("putCandidateByRef", "partner_a", "PUT", by_ref,
                            json=profile(pseudonym="Sami"), headers=_etag(created))
    walk.succeed("getCandidateByRef", "partner_a", "GET", by_ref)
    walk.succeed("withdrawCandidateConsent", "partner_a", "POST",
                 f"{url}/{replaced.get_json()['id']}/consent-withdrawal",
                 json={"withdrawn_on": local_today().isoformat()}, headers=_etag(replaced))
    return candidate_id


def _walk_proposals(walk: Walk, candidate_id: int, opportunity_id: int,
                    received_id: int) -> None:
    url, received = f"{API}/proposals", f"{API}/received-proposals"
    made = walk.succeed("createProposal", "partner_a", "POST", url, json={
        "candidate_id": candidate_id, "opportunity_id": opportunity_id,
        "motivation": "Vijf jaar ervaring met de heftruck.",
        "candidate_agreed_on": local_today().isoformat()})
    one = f"{url}/{made.get_json()['id']}"
    listed = walk.succeed("listProposals", "partner_a", "GET", url, query_string={"limit": 1})
    assert "Link" in listed.headers
    walk.succeed("getProposal", "partner_a", "GET", one)
    walk.succeed("withdrawProposal", "partner_a", "PATCH", one, json={"state": "withdrawn"},
                 headers=_etag(made))
    listed = walk.succeed("listReceivedProposals", "employer_a", "GET", received,
                          query_string={"limit": 1})
    assert "Link" in listed.headers
    got = walk.succeed("getReceivedProposal", "employer_a", "GET", f"{received}/{received_id}")
    walk.succeed("answerProposal", "employer_a", "POST", f"{received}/{received_id}/answer",
                 json={"answer": "hire"}, headers=_etag(got))


def _walk_the_rest(walk: Walk, candidate_id: int, opportunity_id: int) -> None:
    made = walk.succeed("createImport", "admin_body", "POST", f"{API}/imports",
                        data=_file(), content_type=NDJSON,
                        query_string={"filename": "headers.jsonl"})
    walk.succeed("getImport", "admin_body", "GET", made.headers["Location"])
    period = {"period_start": "2025-01", "period_end": "2025-12"}
    walk.succeed("getDemandInsights", "federation", "GET", f"{API}/insights/demand",
                 query_string=period)
    walk.succeed("getSupplyInsights", "admin_body", "GET", f"{API}/insights/supply",
                 query_string=period)
    walk.succeed("getBarrierReport", "admin_body", "GET", f"{API}/insights/barriers",
                 query_string=period)
    walk.succeed("getTrajectoryReport", "federation", "GET", f"{API}/insights/trajectories",
                 query_string=period)
    walk.succeed("suggestCandidates", "coach_a_key", "GET",
                 f"{API}/opportunities/{opportunity_id}/suggestions")
    walk.succeed("suggestOpportunities", "partner_a", "GET",
                 f"{API}/candidates/{candidate_id}/suggestions", query_string={"limit": 5})


def _with_unknown_ids(template: str) -> str:
    """The path ``template`` of the document with values no row has."""
    return PARAMETER.sub(lambda match: UNKNOWN.get(match[1], str(UNKNOWN_ID)), template)


def _keeps_its_schema(value: str, schema: dict[str, Any]) -> bool:
    """Whether a header's text fits its documented schema (the few keywords the
    document's headers use)."""
    if schema.get("type") == "integer":
        if not value.isdigit():
            return False
        return int(value) >= schema.get("minimum", 0)
    if "const" in schema and value != schema["const"]:
        return False
    return "pattern" not in schema or re.search(schema["pattern"], value) is not None


def _header_parameters(operation: dict) -> set[str]:
    return {parameter["name"] for parameter in operation.get("parameters", [])
            if parameter["in"] == "header"}


def _documented_headers(document: dict, operation: dict, status: str) -> dict[str, dict]:
    """The headers of an operation's answer, by lower-case name, references resolved."""
    headers = {}
    for name, header in operation["responses"][status].get("headers", {}).items():
        if "$ref" in header:
            header = document["components"]["headers"][header["$ref"].rsplit("/", 1)[-1]]
        headers[name.lower()] = header
    return headers


def _undocumented(document: dict, operations: dict, operation_id: str, response) -> list[str]:
    """What in ``response`` the document does not say: its status, a header, or a
    header's value that breaks the header's schema."""
    operation = operations[operation_id][2]
    status = str(response.status_code)
    if status not in operation["responses"]:
        return [f"{operation_id}: status {status} is not in the document"]
    documented = _documented_headers(document, operation, status)
    problems = []
    for name, value in response.headers.items():
        if name.lower() in documented:
            if not _keeps_its_schema(value, documented[name.lower()]["schema"]):
                problems.append(f"{operation_id} {status}: {name}: {value!r} breaks its schema")
        elif name.lower() not in CONTENT_HEADERS | SITE_HEADERS:
            problems.append(f"{operation_id} {status}: {name} is not documented")
    return problems


@pytest.fixture
def walk(client, tokens, users, organisations) -> Walk:
    secrets = {key: secret for key, (_token, secret) in tokens.items()}
    # The suggestions are logged under the person who made the key.
    secrets["coach_a_key"] = make_api_token(organisations["partner_a"],
                                            created_by=users["coach_a"], commit=True)[1]
    return Walk(client, secrets)


def test_every_header_an_operation_answers_with_is_in_the_document(
        app, client, walk, users, organisations, monkeypatch):
    document = client.get(f"{API}/openapi.json").get_json()
    operations = {operation["operationId"]: (path, method.upper(), operation)
                  for path, methods in document["paths"].items()
                  for method, operation in methods.items()}
    opportunity = make_opportunity(organisations["employer_a"], commit=True)
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    proposal = make_proposal(users["coach_a"], candidate, opportunity, commit=True)
    make_proposal(users["coach_a"], make_candidate(users["coach_a"], commit=True),
                  opportunity, commit=True)  # a second page of received proposals

    _walk_opportunities(walk)
    made_id = _walk_candidates(walk)
    _walk_proposals(walk, made_id, opportunity.id, proposal.id)
    _walk_the_rest(walk, candidate.id, opportunity.id)
    assert sorted(walk.calls) == sorted(operations), "an example call for each operation"

    for operation_id, call in walk.calls.items():
        path, _method, operation = operations[operation_id]
        walk.send(call, key=False)  # 401
        walk.send(call, query_string={"no_such_field": "1"})
        if call.method != "GET":
            walk.send(call, json={"no_such_field": 1}, data=None, content_type=None)
        if "{" in path:
            walk.send(call, path=_with_unknown_ids(path), if_match='"1"')
        if "If-Match" in _header_parameters(operation):
            walk.send(call, headers={})  # 428
            walk.send(call, if_match='"0"')  # 412
        if "Idempotency-Key" in _header_parameters(operation):
            # Read before anything is made: a key that is no key is a 400.
            assert walk.send(call, headers={"Idempotency-Key": ""}).status_code == 400
    # Over the rate limit (one budget per key): each operation's second call is a 429.
    monkeypatch.setitem(app.config, "API_RATE_LIMIT", "1/hour")
    for call in walk.calls.values():
        walk.send(call)
        assert walk.send(call).status_code == 429

    problems = [problem for operation_id, response in walk.answers
                for problem in _undocumented(document, operations, operation_id, response)]
    assert not problems, "not as the document says:\n" + "\n".join(sorted(set(problems)))
    seen = {(operation_id, response.status_code) for operation_id, response in walk.answers}
    assert [operation_id for operation_id in operations
            if (operation_id, 401) not in seen or (operation_id, 429) not in seen] == []
    # An operation that documents If-Match reads it: without it, a 428.
    assert [operation_id for operation_id, (_path, _method, operation) in operations.items()
            if "If-Match" in _header_parameters(operation)
            and (operation_id, 428) not in seen] == []
