"""Creates with an ``Idempotency-Key`` make their record once (``api/idempotency.py``).

Each create of the API is a ``Create``: who sends it (and who else, with another API
key), where, the model of what it makes, and the call's arguments in three variants:
the first request, another request, and one that fails validation. Two sends at once,
on a committed PostgreSQL database, are in ``test_idempotency_race.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.api.models import ApiIdempotencyKey
from marketplace.audit.models import AuditEvent
from marketplace.candidates.erasure import erase_candidate
from marketplace.candidates.export import candidate_export
from marketplace.candidates.models import Candidate
from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities.models import Opportunity
from marketplace.proposals.models import Proposal
from marketplace.records.models import RecordImport
from marketplace.web.jobs import prune_form_submissions_job
from marketplace.web.once_only import KEPT_FOR
from tests.api.conftest import ApiClient, assert_problem
from tests.api.test_candidates import consent, profile
from tests.api.test_headers import _undocumented
from tests.api.test_imports import NDJSON, _file
from tests.api.test_opportunity_writes import job
from tests.factories import make_api_token, make_candidate, make_opportunity

KEY = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
VARIANTS = ("first", "another", "invalid")


@dataclass
class Create:
    operation: str
    path: str
    made: type
    caller: str  #: the organisation whose API key sends it
    other: str  #: an organisation whose own API key sends the same key
    call: Callable  #: (people, caller, variant) -> the test client's arguments


def _opportunity(_people, _caller, variant):
    return {"json": job(title={"first": "Heftruckchauffeur", "another": "Magazijnier",
                               "invalid": ""}[variant])}


def _candidate(people, caller, variant):
    pseudonym = {"first": "Samira", "another": "Sami", "invalid": ""}[variant]
    return {"json": profile(coach=people["coaches"][caller].email, pseudonym=pseudonym,
                            consent=consent())}


def _proposal(people, caller, variant):
    agreed_on = local_today() + timedelta(days=3 if variant == "invalid" else 0)
    motivation = "Vijf jaar ervaring." if variant == "first" else "Werkt graag in ploegen."
    candidate = people["candidates"][caller][variant == "another"]
    return {"json": {"candidate_id": candidate.id,
                     "opportunity_id": people["opportunity"].id, "motivation": motivation,
                     "candidate_agreed_on": agreed_on.isoformat()}}


def _import(_people, _caller, variant):
    data = b"   \n" if variant == "invalid" else _file()
    return {"data": data, "content_type": NDJSON,
            "query_string": {"filename": f"{variant}.jsonl"}}


CREATES = [
    Create("createOpportunity", "/api/v1/opportunities", Opportunity, "employer_a",
           "employer_b", _opportunity),
    Create("createCandidate", "/api/v1/candidates", Candidate, "partner_a", "partner_b",
           _candidate),
    Create("createProposal", "/api/v1/proposals", Proposal, "partner_a", "partner_b",
           _proposal),
    Create("createImport", "/api/v1/imports", RecordImport, "admin_body", "admin_body",
           _import),
]


@pytest.fixture
def people(app_ctx, users, organisations):
    """Each caller's coach and two candidates (a proposal is one per candidate and
    opportunity), and a published opportunity they may see."""
    coaches = {"partner_a": users["coach_a"], "partner_b": users["coach_b"]}
    return {
        "coaches": coaches,
        "candidates": {caller: [make_candidate(coach, commit=True) for _ in range(2)]
                       for caller, coach in coaches.items()},
        "opportunity": make_opportunity(organisations["employer_a"], commit=True),
    }


@pytest.fixture
def send(api, people, client, organisations):
    """``send(create, variant, key=...)``: the create sent by its caller;
    ``other=True``: by another API key (of ``create.other``)."""
    others = {}

    def _send(create: Create, variant: str = "first", *, key: str | None = "k-1",
              other: bool = False, headers: dict | None = None):
        caller = create.other if other else create.caller
        if other:
            if caller not in others:
                others[caller] = ApiClient(client, make_api_token(
                    organisations[caller], commit=True)[1])
            sender = others[caller]
        else:
            sender = api(caller)
        sent = {**(headers or {}), **({KEY: key} if key is not None else {})}
        return sender.post(create.path, headers=sent, **create.call(people, caller, variant))

    return _send


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def stored() -> list[ApiIdempotencyKey]:
    db.session.expire_all()
    return list(db.session.scalars(select(ApiIdempotencyKey).order_by(ApiIdempotencyKey.id)))


def made(response) -> None:
    assert response.status_code in (201, 202), response.get_data(as_text=True)[:500]


def by_operation(client) -> tuple[dict, dict]:
    document = client.get("/api/v1/openapi.json").get_json()
    return document, {operation["operationId"]: (path, method.upper(), operation)
                      for path, methods in document["paths"].items()
                      for method, operation in methods.items()}


@pytest.mark.parametrize("create", CREATES, ids=lambda create: create.operation)
def test_a_retry_with_the_same_key_gets_the_first_answer_and_makes_nothing(
        create, send, client):
    before = count(create.made)
    first = send(create)
    made(first)
    assert REPLAYED not in first.headers
    assert count(create.made) == before + 1

    again = send(create)

    assert again.status_code == first.status_code
    assert again.get_data() == first.get_data()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers.get("ETag") == first.headers.get("ETag")
    assert again.headers[REPLAYED] == "true"
    assert count(create.made) == before + 1
    [row] = stored()
    assert (row.key, row.status, row.location) == ("k-1", first.status_code,
                                                   first.headers["Location"])
    document, operations = by_operation(client)
    assert [problem for response in (first, again) for problem in
            _undocumented(document, operations, create.operation, response)] == []


@pytest.mark.parametrize("create", CREATES, ids=lambda create: create.operation)
def test_the_same_key_with_another_request_is_a_422_that_makes_nothing(create, send):
    made(send(create))
    before = count(create.made)

    refused = assert_problem(send(create, "another"), 422)

    assert refused["errors"] == [{
        "location": ["headers", KEY], "code": "idempotency_key_reused",
        "message": "Deze Idempotency-Key is al gebruikt voor een andere aanvraag. Gebruik "
                   "een nieuwe sleutel voor een nieuwe aanvraag."}]
    assert count(create.made) == before
    made(send(create, "another", key="k-2"))
    assert count(create.made) == before + 1


@pytest.mark.parametrize("create", CREATES, ids=lambda create: create.operation)
def test_another_api_key_with_the_same_key_makes_its_own_record(create, send):
    first = send(create)
    made(first)
    before = count(create.made)

    theirs = send(create, other=True)

    made(theirs)
    assert REPLAYED not in theirs.headers
    assert theirs.headers["Location"] != first.headers["Location"]
    assert count(create.made) == before + 1
    assert len({row.token_id for row in stored()}) == 2


@pytest.mark.parametrize("create", CREATES, ids=lambda create: create.operation)
def test_a_failed_call_keeps_no_key_so_a_corrected_retry_with_it_works(create, send):
    before = count(create.made)

    assert_problem(send(create, "invalid"), 422)

    assert stored() == [] and count(create.made) == before
    made(send(create))
    assert count(create.made) == before + 1
    assert send(create).headers[REPLAYED] == "true"


def test_a_call_without_a_key_is_made_each_time_it_is_sent(send):
    create = CREATES[0]
    before = count(Opportunity)
    for _ in range(2):
        made(send(create, key=None))
    assert count(Opportunity) == before + 2 and stored() == []


@pytest.mark.parametrize("value", ["", "sleutel-é", "a" * 256, "tab\there", "del\x7f"],
                         ids=["empty", "not ascii", "too long", "tab", "control character"])
def test_a_key_that_is_not_1_to_255_printable_ascii_characters_is_a_400(value, api):
    before = count(Opportunity)
    response = api("employer_a").post(CREATES[0].path, json=job(), headers={
        KEY: value.encode().decode("latin-1"), "Accept-Language": "en"})
    problem = assert_problem(response, 400)
    assert problem["detail"] == ("Send an Idempotency-Key of 1 to 255 printable ASCII "
                                 "characters (letters, digits, punctuation, spaces).")
    assert count(Opportunity) == before and stored() == []


def test_a_bad_key_is_refused_in_dutch_by_default(api):
    response = api("employer_a").post(CREATES[0].path, json=job(), headers={KEY: ""})
    assert assert_problem(response, 400)["detail"] == (
        "Stuur een Idempotency-Key van 1 tot 255 gewone ASCII-tekens (letters, cijfers, "
        "leestekens, spaties).")


def test_a_quoted_key_as_the_draft_writes_it_is_the_same_key_without_its_quotes(send):
    create = CREATES[0]
    first = send(create, key='"k-\\"1\\""')
    made(first)
    assert [row.key for row in stored()] == ['k-"1"']
    again = send(create, key='k-"1"')
    assert again.headers[REPLAYED] == "true" and again.get_data() == first.get_data()
    made(send(create, key="a" * 255))
    made(send(create, key='""'))  # no quoted string: the two quotes are the key
    assert [row.key for row in stored()][1:] == ["a" * 255, '""']


def test_a_key_used_for_another_operation_is_a_422(send, people):
    """A partner's key creates candidates and proposals: one key, two operations."""
    made(send(CREATES[1]))
    before = count(Proposal)
    refused = send(CREATES[2])
    assert assert_problem(refused, 422)["errors"][0]["code"] == "idempotency_key_reused"
    assert count(Proposal) == before


def test_a_replay_is_in_the_audit_log_as_a_replayed_call(send):
    create = CREATES[0]
    made_id = send(create).get_json()["id"]
    send(create)
    calls = list(db.session.scalars(select(AuditEvent.details).where(
        AuditEvent.action == "api_call").order_by(AuditEvent.id)))
    assert [(call["status"], call.get("replayed")) for call in calls[-2:]] == [
        (201, None), (201, True)]
    assert db.session.scalar(select(func.count()).where(
        AuditEvent.action == "opportunity_created", AuditEvent.subject_id == made_id)) == 1


def test_the_nightly_job_forgets_keys_older_than_a_week(send):
    create = CREATES[0]
    send(create, key="old")
    send(create, key="new")
    old = next(row for row in stored() if row.key == "old")
    old.sent_at -= KEPT_FOR + timedelta(minutes=1)
    db.session.commit()

    assert prune_form_submissions_job.call_local() == 1

    assert [row.key for row in stored()] == ["new"]
    made(send(create, key="old"))  # forgotten: a new record


def test_erasing_a_candidate_forgets_the_answers_that_hold_their_data(send, people):
    made(send(CREATES[1], key="candidate"))
    made(send(CREATES[2], key="proposal"))
    made(send(CREATES[0], key="opportunity"))
    [created] = [row for row in stored() if row.key == "candidate"]
    candidates = {db.session.get(Candidate, created.candidate_id),
                  people["candidates"]["partner_a"][0]}

    for candidate in candidates:
        erase_candidate(candidate, reason="request")
    db.session.commit()

    assert [row.key for row in stored()] == ["opportunity"]


def test_the_privacy_export_lists_the_kept_answers_about_the_candidate(send, app):
    made(send(CREATES[1], key="candidate"))
    made(send(CREATES[1], variant="another", key="someone else"))
    [kept] = [row for row in stored() if row.key == "candidate"]
    candidate = db.session.get(Candidate, kept.candidate_id)

    with app.test_request_context():
        section = candidate_export(candidate, "nl")["api_answers_kept_for_retries"]

    assert [(answer["status"], answer["answer"]["ref"]) for answer in section] == [
        (201, candidate.ref)]
    assert section[0]["operation"] == kept.endpoint


def test_every_create_of_the_contract_documents_the_key_and_the_replay(client):
    document, operations = by_operation(client)
    creates = sorted(operation_id for operation_id, (_path, method, operation)
                     in operations.items()
                     if method == "POST" and {"201", "202"} & set(operation["responses"]))
    assert creates == sorted(create.operation for create in CREATES)
    for operation_id in creates:
        operation = operations[operation_id][2]
        [parameter] = [p for p in operation["parameters"] if p["name"] == KEY]
        assert parameter["in"] == "header" and parameter["required"] is False
        assert "422" in operation["responses"] and "400" in operation["responses"]
        [success] = [answer for status, answer in operation["responses"].items()
                     if status.startswith("2")]
        assert success["headers"][REPLAYED] == {"$ref": f"#/components/headers/{REPLAYED}"}
    assert REPLAYED in document["components"]["headers"]
