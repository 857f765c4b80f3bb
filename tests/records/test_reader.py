"""Reading the interchange format: every problem of every line, with its line number."""

from __future__ import annotations

import json

from marketplace.records.reader import parse_lines

ORGANISATION = {"type": "organisation", "ref": "org-1", "name": "Haven NV", "role": "employer",
                "sector": "H", "postcode": "2030"}
CANDIDATE = {
    "type": "candidate", "ref": "cand-1", "coach": "coach@example.org", "pseudonym": "Amal",
    "postcode": "2060", "dutch_level": "A2", "languages": [{"code": "ar", "level": "C2"}],
    "experience": [{"title": "heftruckchauffeur", "years": 3}],
    "wishes": {"occupations": ["magazijnmedewerker"], "kinds": ["job"], "max_commute_km": 15},
    "available_from": "2026-12-01", "consent": True,
}


def lines(*records) -> list[str]:
    return [json.dumps(record) for record in records]


def test_valid_lines_are_read_by_type_with_line_numbers():
    parsed = parse_lines([*lines(ORGANISATION), "", *lines(CANDIDATE)])
    assert parsed.problems == []
    assert [number for number, _ in parsed.records["organisation"]] == [1]
    assert [number for number, _ in parsed.records["candidate"]] == [3]
    candidate = parsed.records["candidate"][0][1]
    assert candidate.allowed_to_work == "yes"  # the default
    assert candidate.wishes.max_commute_km == 15


def test_every_problem_is_reported_with_its_line():
    bad_candidate = {**CANDIDATE, "dutch_level": "B3",
                     "experience": [{"title": "lasser", "years": 61}]}
    parsed = parse_lines(["{not json", *lines(bad_candidate, {"type": "robot"})])
    text = [str(problem) for problem in parsed.problems]
    assert text[0].startswith("line 1: Invalid JSON")
    assert any(t.startswith("line 2: candidate: dutch_level:") for t in text)
    assert any(t.startswith("line 2: candidate: experience.0.years:") for t in text)
    assert any(t.startswith("line 3:") and "robot" in t for t in text)


def test_rules_across_fields_are_checked():
    opportunity = {"type": "opportunity", "ref": "o", "organisation": "org-1", "kind": "job",
                   "title": "Heftruckchauffeur", "description": "", "postcode": "2030",
                   "hours_per_week": 38, "dutch_level": "A2", "language_support": True,
                   "places": 1, "starts_on": "2026-12-01", "closes_on": "2026-11-01"}
    parsed = parse_lines(lines(opportunity, {**opportunity, "ref": "p", "hours_per_week": 0}))
    text = [str(problem) for problem in parsed.problems]
    assert any("closes_on is before starts_on" in t for t in text)
    assert any(t.startswith("line 2: opportunity: hours_per_week") for t in text)


def test_a_ref_twice_in_one_file_is_a_problem():
    parsed = parse_lines(lines(ORGANISATION, ORGANISATION))
    assert [str(p) for p in parsed.problems] == [
        "line 2: organisation 'org-1' appears again (first on line 1)"]

