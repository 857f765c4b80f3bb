"""What a partner's system may send the API by mistake or on purpose, answered as a
problem and never a 500: an id no id column can hold, a NUL character in the JSON
(PostgreSQL can neither store nor compare one), and JSON nested deeper than the
parser goes. Nothing is written."""

from __future__ import annotations

import json

import pytest

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.web.input import nul_locations
from tests.api.conftest import api, assert_problem, tokens  # noqa: F401 - fixtures
from tests.api.test_proposals import PROPOSALS, RECEIVED, written
from tests.factories import make_candidate, make_opportunity, make_proposal

#: Beyond PostgreSQL's ``integer`` (the id columns) and beyond 64 bits (SQLite's).
HUGE_IDS = (2**31, 2**63)


@pytest.fixture
def pair(app_ctx, users, organisations):
    """Coach A's candidate and employer A's published opportunity, committed."""
    return (make_candidate(users["coach_a"], pseudonym="Yonas", commit=True),
            make_opportunity(organisations["employer_a"], commit=True))


def _proposal_body(candidate, opportunity, **fields) -> dict:
    return {"candidate_id": candidate.id, "opportunity_id": opportunity.id,
            "motivation": "Vijf jaar ervaring met de heftruck.",
            "candidate_agreed_on": local_today().isoformat(), **fields}


def _locations(problem: dict) -> list[list[str]]:
    return [error["location"] for error in problem["errors"]]


@pytest.mark.parametrize("huge", HUGE_IDS)
@pytest.mark.parametrize("field", ["candidate_id", "opportunity_id"])
def test_an_id_beyond_the_id_columns_in_a_body_is_a_422_at_its_field(api, pair, field, huge):  # noqa: F811 - the imported fixture
    """A 500 before: an overflow on SQLite, "integer out of range" on PostgreSQL."""
    before = written()
    response = api("partner_a").post(PROPOSALS, json=_proposal_body(*pair, **{field: huge}))
    assert _locations(assert_problem(response, 422)) == [["body", field]]
    assert written() == before


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_an_id_beyond_the_id_columns_in_a_query_is_a_422_at_its_parameter(api, app_ctx, huge):  # noqa: F811 - the imported fixture
    response = api("employer_a").get(RECEIVED, query_string={"opportunity_id": huge})
    assert _locations(assert_problem(response, 422)) == [["query", "opportunity_id"]]


def test_the_contract_says_how_large_an_id_may_be(client, app_ctx):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert schemas["ProposalIn"]["properties"]["candidate_id"]["maximum"] == 2**31 - 1


def test_a_nul_character_in_a_body_is_a_422_at_each_field_it_is_in(api, pair):  # noqa: F811 - the imported fixture
    """A 500 on PostgreSQL before (and on SQLite the text was stored with it)."""
    before = written()
    response = api("partner_a").post(PROPOSALS, json=_proposal_body(
        *pair, motivation="Sterk\x00 in logistiek.", extra={"a\x00b": ["ok", "n\x00"]}))
    problem = assert_problem(response, 422)
    assert sorted(_locations(problem)) == [["body", "extra", "a\x00b"], ["body", "motivation"]]
    assert {error["code"] for error in problem["errors"]} == {"nul_character"}
    assert all("NUL-teken" in error["message"] for error in problem["errors"])
    assert written() == before


def test_a_nul_character_in_an_answer_is_a_422_and_the_proposal_stays_open(
    api, pair, users  # noqa: F811 - the imported fixture
):
    proposal = make_proposal(users["coach_a"], *pair, commit=True)
    before = written()
    response = api("employer_a").post(
        f"{RECEIVED}/{proposal.id}/answer", headers={"If-Match": f'"{proposal.version}"'},
        json={"answer": "decline", "decline_reason": "other",
              "decline_note": "We nemen\x00 niemand aan."})
    assert _locations(assert_problem(response, 422)) == [["body", "decline_note"]]
    db.session.refresh(proposal)
    assert proposal.state == "proposed" and written() == before


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_json_nested_deeper_than_the_parser_goes_is_a_400(api, app_ctx, depth):  # noqa: F811 - the imported fixture
    """A 500 before: the parser's ``RecursionError`` is no ``ValueError``."""
    before = written()
    response = api("partner_a").post(PROPOSALS, data="[" * depth + "]" * depth,
                                     content_type="application/json")
    assert assert_problem(response, 400)["detail"] == (
        "De JSON in de inhoud zit te diep in elkaar genest.")
    assert written() == before


def test_nul_locations_names_every_key_and_text_in_document_order():
    document = json.loads('{"a": "x\\u0000", "b": [1, {"c\\u0000": 2, "d": ["\\u0000"]}]}')
    assert nul_locations(document) == [("a",), ("b", 1, "c\x00"), ("b", 1, "d", 0)]
    deep = current = []
    for _level in range(5_000):  # deeper than recursion could go
        current.append([])
        current = current[0]
    current.append("\x00")
    assert len(nul_locations(deep)[0]) == 5_001


#: Values a JSON body may hold in an id's place that are no JSON integer, each made
#: from the real id so that a lax reading would name the real record.
NOT_INTEGERS = {
    "true": lambda _id: True,
    "false": lambda _id: False,
    "a fraction": lambda id_: id_ + 0.5,
    "a float without fraction": float,
    "a string of digits": str,
}


@pytest.mark.parametrize("odd", NOT_INTEGERS, ids=list(NOT_INTEGERS))
@pytest.mark.parametrize("field", ["candidate_id", "opportunity_id"])
def test_an_id_in_a_body_that_is_no_json_integer_is_a_422_at_its_field(api, pair, field, odd):  # noqa: F811 - the imported fixture
    """Before, pydantic's lax mode read ``true`` as 1, ``12.0`` and ``"12"`` as 12."""
    candidate, opportunity = pair
    real = {"candidate_id": candidate.id, "opportunity_id": opportunity.id}[field]
    before = written()
    response = api("partner_a").post(PROPOSALS, json=_proposal_body(
        *pair, **{field: NOT_INTEGERS[odd](real)}))
    assert _locations(assert_problem(response, 422)) == [["body", field]]
    assert written() == before


@pytest.mark.parametrize("odd", [True, "1", 1.0, 2**31])
def test_a_suggestion_entry_id_that_is_no_id_is_a_422_at_its_field(api, pair, odd):  # noqa: F811 - the imported fixture
    """Before, it had no bounds (2**31: "integer out of range" on PostgreSQL)."""
    before = written()
    response = api("partner_a").post(PROPOSALS, json=_proposal_body(
        *pair, suggestion_entry_id=odd))
    assert _locations(assert_problem(response, 422)) == [["body", "suggestion_entry_id"]]
    assert written() == before


def test_a_body_with_json_integer_ids_is_still_taken(api, pair):  # noqa: F811 - the imported fixture
    response = api("partner_a").post(PROPOSALS, json=_proposal_body(*pair))
    assert response.status_code == 201, response.get_data(as_text=True)[:500]


def test_an_id_in_a_query_string_is_read_from_its_digits(api, app_ctx, users, pair):  # noqa: F811 - the imported fixture
    proposal = make_proposal(users["coach_a"], *pair, commit=True)
    other = make_opportunity(pair[1].organisation, commit=True)
    employer = api("employer_a")
    shown = employer.get(RECEIVED, query_string={"opportunity_id": str(pair[1].id)})
    assert [item["id"] for item in shown.get_json()["items"]] == [proposal.id]
    none = employer.get(RECEIVED, query_string={"opportunity_id": str(other.id)})
    assert none.get_json()["items"] == []


@pytest.mark.parametrize("odd", ["true", "1.0", "+1", " 1", "1_0", "", "٣"])
def test_an_id_in_a_query_string_that_is_not_only_digits_is_a_422(api, app_ctx, odd):  # noqa: F811 - the imported fixture
    response = api("employer_a").get(RECEIVED, query_string={"opportunity_id": odd})
    assert _locations(assert_problem(response, 422)) == [["query", "opportunity_id"]]


def test_a_partner_in_a_report_query_is_read_from_its_digits(api, app_ctx, organisations):  # noqa: F811 - the imported fixture
    partner = organisations["partner_a"].id
    response = api("admin_body").get(f"/api/v1/insights/trajectories?partner={partner}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.get_json()["filters"]["partner"] == partner
    problem = assert_problem(api("admin_body").get(
        f"/api/v1/insights/trajectories?partner={partner}.0"), 422)
    assert _locations(problem) == [["query", "partner"]]
