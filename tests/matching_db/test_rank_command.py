"""``flask match rank`` in both directions: candidates for opportunities (the default)
and, with ``--for candidate``, opportunities for candidates, through the pages' path."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.db_types import local_today
from marketplace.extensions import db
from marketplace.opportunities import operations as opportunity_operations
from marketplace.suggestions.ranking import opportunities_for
from marketplace.taxonomy.models import Occupation
from marketplace.taxonomy.queries import get_occupation_by_uri
from tests.factories import FORKLIFT, make_candidate


def rank(app, *args) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["match", "rank", *args])
    return result.exit_code, result.output


def ranked_json(app, *args) -> dict:
    exit_code, output = rank(app, *args, "--json")
    assert exit_code == 0, output
    return json.loads(output)


@pytest.fixture
def other_job(app_ctx, organisations, opportunity):
    """A second open day job in an unrelated occupation (so it ranks below the forklift
    job for a forklift driver)."""
    forklift = get_occupation_by_uri(FORKLIFT)
    other = db.session.scalars(select(Occupation).where(
        func.substr(Occupation.isco_code, 1, 1) != forklift.isco_code[0])
        .order_by(Occupation.id).limit(1)).one()
    data = opportunity_operations.OpportunityData(
        kind="job", title="Andere job", postcode="2030", hours_per_week=38,
        occupation=other, schedule={"day"}, places=1, dutch_level="A2",
        description="Orders klaarzetten.", contract_type="interim",
        closes_on=local_today() + timedelta(days=30),
    )
    created = opportunity_operations.create_opportunity(organisations["employer_a"], data,
                                                        publish=True)
    created.ref = "job-2"
    opportunity.ref = "job-1"
    db.session.commit()
    return created


def forklift_driver(users, ref, **profile):
    candidate = make_candidate(users["coach_a"], wishes=[FORKLIFT], **profile)
    candidate.ref = ref
    db.session.commit()
    return candidate


def test_opportunities_for_a_candidate_as_json_best_first(app, users, other_job):
    candidate = forklift_driver(users, "cand-1")
    ranked = ranked_json(app, "--for", "candidate", "cand-1", "--top", "5")
    assert list(ranked) == ["cand-1"]
    entries = ranked["cand-1"]
    assert [entry["opportunity"] for entry in entries][:2] == ["job-1", "job-2"]
    for entry in entries:
        assert set(entry) == {"opportunity", "score", "reasons"}
        assert isinstance(entry["score"], float) and 0 <= entry["score"] <= 1
        assert entry["reasons"] and all(isinstance(r, str) for r in entry["reasons"])
    pages = opportunities_for(candidate, enabled=True, top_k=5, deadline=False).entries
    assert [entry["score"] for entry in entries] == [round(e.score, 4) for e in pages]


def test_several_candidate_refs_keep_their_order_and_top(app, users, other_job):
    forklift_driver(users, "cand-1")
    forklift_driver(users, "cand-2")
    ranked = ranked_json(app, "--for", "candidate", "cand-2", "cand-1", "--top", "1")
    assert list(ranked) == ["cand-2", "cand-1"]
    assert [len(entries) for entries in ranked.values()] == [1, 1]


def test_all_candidates_are_every_active_candidate(app, users, other_job):
    named = forklift_driver(users, "cand-1")
    other_coach = make_candidate(users["coach_b"], commit=True)  # no viewer: every coach's caseload
    paused = forklift_driver(users, "cand-paused")
    paused.status = "paused"
    db.session.commit()
    ranked = ranked_json(app, "--for", "candidate", "--all", "--top", "3")
    assert "cand-1" in ranked, list(ranked)
    assert other_coach.ref in ranked, list(ranked)
    assert "cand-paused" not in ranked
    assert named.ref in ranked


def test_hard_requirements_apply_for_candidates(app, users, other_job):
    forklift_driver(users, "evenings", day_parts=frozenset({"evenings"}))
    forklift_driver(users, "no-permit", allowed_to_work="no")
    forklift_driver(users, "days", day_parts=frozenset({"mornings"}))
    ranked = ranked_json(app, "--for", "candidate", "evenings", "no-permit", "days")
    assert ranked["evenings"] == [] and ranked["no-permit"] == []
    assert [entry["opportunity"] for entry in ranked["days"]][:2] == ["job-1", "job-2"]


def test_hard_requirements_apply_for_opportunities(app, users, other_job):
    forklift_driver(users, "evenings", day_parts=frozenset({"evenings"}))
    forklift_driver(users, "no-permit", allowed_to_work="no")
    forklift_driver(users, "days", day_parts=frozenset({"mornings"}))
    listed = [entry["candidate"] for entry in ranked_json(app, "job-1", "--top", "50")["job-1"]]
    assert "days" in listed
    assert "evenings" not in listed and "no-permit" not in listed


@pytest.mark.parametrize("direction", [[], ["--for", "opportunity"], ["--for", "candidate"]])
def test_unknown_refs_are_named_and_exit_with_code_one(app, users, other_job, direction):
    forklift_driver(users, "cand-1")
    exit_code, output = rank(app, *direction, "job-1", "cand-1", "nope", "--json")
    assert exit_code == 1
    kind = "candidate" if direction[-1:] == ["candidate"] else "opportunity"
    wrong = "job-1" if kind == "candidate" else "cand-1"
    assert f"Unknown {kind} ref(s): {wrong}, nope" in output


def test_refs_and_all_together_are_a_usage_error(app, other_job):
    exit_code, output = rank(app, "--for", "candidate", "--all", "cand-1")
    assert exit_code == 2
    assert "Give candidate refs, or --all" in output
