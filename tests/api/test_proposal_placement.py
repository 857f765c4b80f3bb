"""The proposals' ``placement`` in the API, beside the kept ``placed_elsewhere``: hired
here, placed by the same employer through another opportunity, placed elsewhere (never
saying by whom), or none (also after the coach undid the placement); in the contract
and on the docs page."""

from __future__ import annotations

import pytest

from marketplace.candidates import placement as placements
from marketplace.extensions import db
from tests.factories import change_candidate, hire, make_candidate, make_opportunity, make_proposal

PROPOSALS = "/api/v1/proposals"
RECEIVED = "/api/v1/received-proposals"
VALUES = ["none", "this_opportunity", "same_employer", "elsewhere"]


@pytest.fixture
def yonas(app_ctx, organisations, users):
    """Coach A's Yonas, proposed for two opportunities of employer A; returns both."""
    candidate = make_candidate(users["coach_a"], pseudonym="Yonas", commit=True)
    first, second = (
        make_proposal(users["coach_a"], candidate,
                      make_opportunity(organisations["employer_a"], title=title, commit=True),
                      commit=True)
        for title in ("Heftruckchauffeur", "Magazijnier"))
    return first, second



def placement_of(api, proposal) -> dict[str, tuple]:
    """``(placed_elsewhere, placement)`` of ``proposal`` as the employer and as the
    proposing partner read it."""
    received = api("employer_a").get(f"{RECEIVED}/{proposal.id}").get_json()
    own = api("partner_a").get(f"{PROPOSALS}/{proposal.id}").get_json()
    return {"employer": (received["placed_elsewhere"], received["placement"]),
            "partner": (own["placed_elsewhere"], own["placement"])}


def test_nobody_placed_is_none(api, yonas):
    assert placement_of(api, yonas[1]) == {"employer": (False, "none"),
                                           "partner": (False, "none")}


def test_a_hire_by_the_same_employer_is_told_apart_from_elsewhere(api, yonas, users):
    first, second = yonas
    response = api("employer_a").post(f"{RECEIVED}/{first.id}/answer", json={"answer": "hire"},
                                      headers={"If-Match": f'"{first.version}"'})
    assert response.status_code == 200
    assert response.get_json()["placement"] == "this_opportunity"
    assert placement_of(api, first) == {"employer": (False, "this_opportunity"),
                                        "partner": (False, "this_opportunity")}
    # The other proposal: still open, placed_elsewhere as before, and now which.
    assert placement_of(api, second) == {"employer": (True, "same_employer"),
                                         "partner": (True, "same_employer")}
    items = api("employer_a").get(RECEIVED).get_json()["items"]
    assert {item["id"]: item["placement"] for item in items} == {
        first.id: "this_opportunity", second.id: "same_employer"}


def test_a_hire_by_another_employer_is_elsewhere_and_never_named(api, yonas, organisations,
                                                                  users):
    _, second = yonas
    theirs = make_opportunity(organisations["employer_b"], title="Orderpicker Noord",
                              commit=True)
    hired = make_proposal(users["coach_a"], second.candidate, theirs, commit=True)
    hire(hired, users["employer_b"])
    assert placement_of(api, second)["employer"] == (True, "elsewhere")
    for url in (RECEIVED, f"{RECEIVED}/{second.id}"):
        text = api("employer_a").get(url).get_data(as_text=True)
        for secret in (organisations["employer_b"].name, theirs.title, theirs.ref,
                       f'"id": {hired.id}', f'"opportunity_id": {theirs.id}'):
            assert secret not in text, (url, secret)
    # Employer B reads its own hire, and nothing of A's proposals.
    own = api("employer_b").get(RECEIVED).get_json()["items"]
    assert [(item["id"], item["placement"]) for item in own] == [(hired.id, "this_opportunity")]


def test_an_undone_placement_is_none_and_the_hire_stays(api, yonas, users, organisations):
    first, second = yonas
    hire(first, users["employer_a"])
    candidate = first.candidate
    placements.undo_placement(candidate, by=users["coach_a"], expected_version=candidate.version)
    db.session.commit()
    assert placement_of(api, first) == {"employer": (False, "none"), "partner": (False, "none")}
    assert placement_of(api, second) == {"employer": (False, "none"),
                                         "partner": (False, "none")}
    assert api("employer_a").get(f"{RECEIVED}/{first.id}").get_json()["state"] == "hired"
    # Placed again by employer B: employer A's undone hire makes it no "same employer".
    hired = make_proposal(users["coach_a"], candidate,
                          make_opportunity(organisations["employer_b"], commit=True),
                          commit=True)
    hire(hired, users["employer_b"])
    assert placement_of(api, second)["employer"] == (True, "elsewhere")
    assert placement_of(api, first)["employer"] == (False, "none")


def test_another_status_in_the_profile_form_is_none_as_the_undo_is(api, yonas, users):
    # The coach sets the hired Yonas back to active in the profile (the form's operation),
    # later places him by hand: employer A's hire places him no more.
    first, second = yonas
    hire(first, users["employer_a"])
    change_candidate(first.candidate, status="active", commit=True)
    assert placement_of(api, first) == {"employer": (False, "none"), "partner": (False, "none")}
    change_candidate(first.candidate, status="placed", commit=True)
    assert placement_of(api, first) == {"employer": (False, "none"), "partner": (False, "none")}
    assert placement_of(api, second) == {"employer": (True, "elsewhere"),
                                         "partner": (True, "elsewhere")}


def test_the_contract_and_the_docs_page_describe_placement(client, app_ctx):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    enum_name, = {name for name, schema in schemas.items() if schema.get("enum") == VALUES}
    for model in ("ProposalOut", "ReceivedProposalOut"):
        fields = schemas[model]["properties"]
        assert fields["placed_elsewhere"]["type"] == "boolean"
        assert fields["placement"]["$ref"].endswith(f"/{enum_name}")
        assert "same_employer" in fields["placement"]["description"]
        assert {"placed_elsewhere", "placement"} <= set(schemas[model]["required"])
    assert "never said" in schemas[enum_name]["description"]
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert f'id="schema-{enum_name}"' in page
    values = " | ".join(f"&#34;{value}&#34;" for value in VALUES)
    assert f'<code translate="no">{values}</code>' in page
    received = page[page.index('id="schema-ReceivedProposalOut"'):]
    assert f'<code translate="no">placement</code></td><td><code translate="no">{enum_name}' \
        in received[:received.index("</section>")]
