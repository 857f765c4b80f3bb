"""The benchmark data generator: deterministic, messy titles, the interchange format."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import numpy as np
import pytest

from marketplace.matching.benchdata import BenchConfig, generate, main
from marketplace.matching.esco_data import esco_spaces, load_occupations
from marketplace.matching.features import FEATURE_NAMES, candidate_distances, feature_matrix
from marketplace.matching.opportunity_table import OpportunitySpec
from marketplace.matching.pool import CandidatePool
from marketplace.matching.records import DAY_PARTS
from marketplace.matching.requirements import WORKING_TIME, unmet_for_candidates
from marketplace.matching.titles import occupation_label_entries
from marketplace.taxonomy.label_text import normalise

SMALL = BenchConfig(seed=3, opportunities=8, candidates=80)
AVAILABLE = {"mornings", "afternoons", "evenings", "nights", "weekends"}


@pytest.fixture(scope="module")
def data():
    return generate(SMALL)


def jsonl(data) -> str:
    stream = io.StringIO()
    data.write_jsonl(stream)
    return stream.getvalue()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(data):
    assert jsonl(generate(SMALL)) == jsonl(data)
    other = generate(BenchConfig(seed=4, opportunities=8, candidates=80))
    assert jsonl(other) != jsonl(data)


def test_lines_follow_the_interchange_format(data):
    lines = [json.loads(line) for line in jsonl(data).splitlines()]
    types = [line["type"] for line in lines]
    assert types == sorted(types, key=["organisation", "coach", "opportunity",
                                       "candidate"].index)
    organisations = {line["ref"] for line in lines if line["type"] == "organisation"}
    coaches = {line["email"] for line in lines if line["type"] == "coach"}
    required = {
        "organisation": {"ref", "name", "role"},
        "coach": {"email", "name", "organisation"},
        "opportunity": {"ref", "organisation", "kind", "title", "description", "postcode",
                        "hours_per_week", "dutch_level", "language_support", "places",
                        "starts_on"},
        "candidate": {"ref", "coach", "pseudonym", "postcode", "dutch_level", "languages",
                      "experience", "wishes", "available_from", "consent"},
    }
    for line in lines:
        assert required[line["type"]] <= set(line)
        if line["type"] == "opportunity":
            assert line["organisation"] in organisations
            assert line["kind"] in ("job", "internship", "volunteering")
            assert len(line["starts_on"]) == 10
        if line["type"] == "opportunity" and "schedule" in line:
            assert line["schedule"] and set(line["schedule"]) <= set(DAY_PARTS)
        if line["type"] == "candidate":
            assert line["coach"] in coaches
            assert line["allowed_to_work"] in ("yes", "pending", "no")
            if "available" in line:
                assert line["available"] and set(line["available"]) <= AVAILABLE
            assert all(set(entry) == {"title", "years"} for entry in line["experience"])
            assert all(isinstance(title, str) for title in line["wishes"]["occupations"])


def test_candidates_never_carry_their_occupation_and_some_opportunities_do(data):
    text = jsonl(data)
    lines = [json.loads(line) for line in text.splitlines()]
    uris = {occupation.uri for occupation in load_occupations()}
    for line in lines:
        if line["type"] == "candidate":
            assert not uris & set(json.dumps(line).replace('"', " ").split())
    given = [line for line in lines if line["type"] == "opportunity" and "occupation" in line]
    assert 0 < len(given) < SMALL.opportunities
    assert all(line["occupation"] in uris for line in given)


def test_titles_are_typed_messily_from_real_labels(data):
    labels = {normalise(entry[1]) for entry in occupation_label_entries(load_occupations(), "uri")}
    titles = [entry.title for c in data.candidates for entry in (*c.experience, *c.wishes)]
    as_labels = [title for title in titles if title in labels]
    normalised_hits = [title for title in titles if normalise(title) in labels]
    assert len(as_labels) < len(normalised_hits) < len(titles)


def test_relevance_grades_follow_the_isco_relation(data):
    space = esco_spaces().occupations
    for j, opportunity in enumerate(data.opportunities):
        target = space.index_of(opportunity.uri)
        for i, candidate in enumerate(data.candidates):
            codes = [space.isco_codes[space.index_of(e.uri)]
                     for e in (*candidate.experience, *candidate.wishes)]
            uris = [e.uri for e in (*candidate.experience, *candidate.wishes)]
            isco = space.isco_codes[target]
            expected = (3 if opportunity.uri in uris else 2 if isco in codes
                        else 1 if isco[:3] in {c[:3] for c in codes} else 0)
            assert data.relevance[j, i] == expected
    assert (data.relevance == 3).any() and (data.relevance == 1).any()


def test_the_generators_eligibility_agrees_with_the_hard_requirements(data):
    spaces = esco_spaces()
    pool = CandidatePool.from_records(data.candidate_records(), spaces)
    working_time = 0
    for j, record in enumerate(data.opportunity_records()):
        spec = OpportunitySpec.from_record(record, spaces)
        unmet = unmet_for_candidates(pool, spec, candidate_distances(pool, spec))
        np.testing.assert_array_equal(unmet == 0, data.eligible[j])
        working_time += int((unmet & WORKING_TIME != 0).sum())
    assert 0.1 < data.eligible.mean() < 0.9
    assert working_time > 0  # the working time excludes some pairs


def test_the_generators_must_haves_agree_with_the_skills_feature(data):
    spaces = esco_spaces()
    pool = CandidatePool.from_records(data.candidate_records(), spaces)
    column = FEATURE_NAMES.index("skills_required")
    for j, record in enumerate(data.opportunity_records()):
        X, _names = feature_matrix(pool, OpportunitySpec.from_record(record, spaces))
        np.testing.assert_array_equal(X[:, column] == 1.0, data.must_haves_held[j])
    asked = np.array([any(required for _uri, required in o.skills)
                      for o in data.opportunities])
    assert asked.any() and (~data.must_haves_held[asked]).any()
    assert (data.must_haves_held[asked] & (data.relevance[asked] > 0)).any()


def test_grades_put_occupation_first_then_must_haves(data):
    relevance, held, grades = data.relevance, data.must_haves_held, data.grades
    np.testing.assert_array_equal(grades[relevance == 0], 0)
    np.testing.assert_array_equal(grades[relevance > 0],
                                  (2 * relevance - ~held)[relevance > 0])
    for level in (1, 2, 3):  # the best grade of a level stays below the next level's
        assert grades[relevance == level].max() < 2 * level + 1
    assert set(np.unique(grades)) <= set(range(7))


def test_truth_lines_list_eligible_candidates_and_positive_grades(data):
    truth = list(data.truth_lines())
    per_opportunity, per_candidate = truth[:SMALL.opportunities], truth[SMALL.opportunities:]
    assert [t["opportunity"] for t in per_opportunity] == [o.ref for o in data.opportunities]
    assert [t["candidate"] for t in per_candidate] == [c.ref for c in data.candidates]
    for j, line in enumerate(per_opportunity):
        assert len(line["eligible"]) == data.eligible[j].sum()
    for i, line in enumerate(per_candidate):
        assert len(line["eligible"]) == data.eligible[:, i].sum()
    for line in truth:
        assert set(line["grades"]) <= set(line["eligible"])
        assert all(1 <= grade <= 6 for grade in line["grades"].values())


def test_the_command_writes_json_lines_and_truth(tmp_path):
    out, truth = tmp_path / "bench.jsonl", tmp_path / "truth.jsonl"
    assert main(["--seed", "3", "--opportunities", "8", "--candidates", "80",
                 "--out", str(out), "--truth", str(truth)]) == 0
    assert out.read_text(encoding="utf-8") == jsonl(generate(SMALL))
    assert len(truth.read_text(encoding="utf-8").splitlines()) == 8 + 80


def test_a_reader_that_stops_early_gets_no_traceback():
    """``benchdata | head`` closes the pipe while lines are still coming: the command
    ends quietly, without a traceback on the terminal."""
    command = subprocess.Popen(
        [sys.executable, "-m", "marketplace.matching.benchdata", "--opportunities", "3",
         "--candidates", "400"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    command.stdout.readline()
    command.stdout.close()
    _, errors = command.communicate(timeout=120)
    assert command.returncode == 0
    assert b"Traceback" not in errors
