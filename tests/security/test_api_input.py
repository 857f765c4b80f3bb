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
