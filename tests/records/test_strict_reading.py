"""The reader is strict: unknown fields, numbers as text, booleans as numbers, control
and invisible characters are problems of their line, never dropped or stored."""

from __future__ import annotations

import json

import pytest

from marketplace.records.reader import parse_lines
from marketplace.text_rules import single_line_problem
from tests.records.test_reader import CANDIDATE, ORGANISATION

OPPORTUNITY = {
    "type": "opportunity",
    "ref": "o",
    "organisation": "org-1",
    "kind": "job",
    "title": "Heftruckchauffeur",
    "description": "Laden.\nLossen.",
    "postcode": "2030",
    "hours_per_week": 38,
    "dutch_level": "A2",
    "language_support": True,
    "places": 1,
    "starts_on": "2026-12-01",
}


def problems_of(*records) -> list[str]:
    return [str(p) for p in parse_lines([json.dumps(r) for r in records]).problems]


def test_an_unknown_field_is_a_problem_of_its_line():
    text = problems_of(ORGANISATION, {**OPPORTUNITY, "dutch_levl": "B1"})
    assert len(text) == 1
    assert text[0].startswith("line 2: opportunity: dutch_levl:")


def test_an_unknown_field_inside_a_list_is_a_problem_too():
    text = problems_of({**CANDIDATE, "languages": [{"code": "ar", "level": "C2", "lvl": 1}]})
    assert text and text[0].startswith("line 1: candidate: languages.0.lvl:")


@pytest.mark.parametrize(
    "field, value",
    [
        ("hours_per_week", "20"),
        ("places", "2"),
        ("places", True),
        ("places", 1.5),
        ("language_support", 1),
        ("language_support", "true"),
        ("hours_per_week", False),
    ],
)
def test_numbers_and_booleans_must_have_their_own_json_type(field, value):
    text = problems_of({**OPPORTUNITY, field: value})
    assert text and text[0].startswith(f"line 1: opportunity: {field}:")


def test_dates_stay_iso_strings_and_whole_floats_stay_numbers():
    assert (
        problems_of(
            {
                **OPPORTUNITY,
                "hours_per_week": 19.5,
                "starts_on": "2027-01-31",
                "closes_on": "2027-02-28",
            }
        )
        == []
    )
    assert problems_of({**OPPORTUNITY, "starts_on": 20270131})


def test_nested_numbers_are_strict_too():
    text = problems_of(
        {
            **CANDIDATE,
            "wishes": {"max_commute_km": "15"},
            "experience": [{"title": "lasser", "years": "3"}],
        }
    )
    assert any(t.startswith("line 1: candidate: wishes.max_commute_km:") for t in text)
    assert any(t.startswith("line 1: candidate: experience.0.years:") for t in text)


@pytest.mark.parametrize(
    "name",
    [
        "Haven\nNV",
        "Haven\r\nNV",
        "Haven\tNV",
        "Haven\x00NV",
        "Haven\x07NV",
        "Haven\x85NV",
        "\u202eVN nevaH",
        "Haven \u2066NV\u2069",
        "\u200b",
        "\u200e\u200f",
        " \ufeff ",
        "\u2060",
        "\u200c",
        "Haven\u2028NV",
    ],
)
def test_names_refuse_line_breaks_control_and_only_invisible_characters(name):
    assert single_line_problem(name) is not None
    text = problems_of({**ORGANISATION, "name": name})
    assert text and text[0].startswith("line 1: organisation: name:")


@pytest.mark.parametrize(
    "name",
    [
        "Haven NV",
        "Bakkerij Zoë",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        "\u0915\u094d\u200d\u0937",
        "Jean-Luc O'Neil",
        "\u0645\u0647\u0627",
    ],
)
def test_visible_names_are_accepted_with_zero_width_joiners_inside(name):
    assert single_line_problem(name) is None
    assert problems_of({**ORGANISATION, "name": name}) == []


def test_pseudonyms_and_titles_follow_the_same_rule():
    text = problems_of(
        {**CANDIDATE, "pseudonym": "Am\u202eal"},
        {**OPPORTUNITY, "title": "Heftruck\nchauffeur"},
        {**CANDIDATE, "ref": "c2", "experience": [{"title": "\u200b\u200b", "years": 1}]},
    )
    assert any(t.startswith("line 1: candidate: pseudonym:") for t in text)
    assert any(t.startswith("line 2: opportunity: title:") for t in text)
    assert any(t.startswith("line 3: candidate: experience.0.title:") for t in text)


def test_a_description_keeps_its_line_breaks_but_refuses_other_control_characters():
    assert problems_of(OPPORTUNITY) == []
    text = problems_of({**OPPORTUNITY, "description": "Laden\x00 en lossen"})
    assert text and text[0].startswith("line 1: opportunity: description:")


def test_a_byte_order_mark_before_the_first_line_is_accepted():
    parsed = parse_lines(["\ufeff" + json.dumps(ORGANISATION)])
    assert parsed.problems == [] and parsed.count == 1


def test_bytes_that_are_not_utf8_are_a_problem_of_their_line():
    parsed = parse_lines(
        [
            json.dumps(ORGANISATION).encode(),
            json.dumps({**ORGANISATION, "ref": "x", "name": "Caf\xe9"}, ensure_ascii=False).encode(
                "latin-1"
            ),
        ]
    )
    text = [str(p) for p in parsed.problems]
    assert len(text) == 1 and text[0].startswith("line 2: not UTF-8 text")
    assert parsed.count == 1


def test_deeply_nested_json_is_a_problem_of_its_line():
    parsed = parse_lines(
        [
            json.dumps(ORGANISATION),
            "[" * 100_000 + "]" * 100_000,
            '{"type": "candidate", "ref": ' + '{"a": ' * 5000 + "1" + "}" * 5001,
        ]
    )
    text = [str(p) for p in parsed.problems]
    assert [t.split(":")[0] for t in text] == ["line 2", "line 3"]


def test_texts_longer_than_their_column_are_problems_of_their_line():
    text = problems_of(
        {**CANDIDATE, "ref": "c" * 65, "pseudonym": "A" * 101}, {**ORGANISATION, "ref": "o" * 101}
    )
    assert any(t.startswith("line 1: candidate: ref:") for t in text)
    assert any(t.startswith("line 1: candidate: pseudonym:") for t in text)
    assert any(t.startswith("line 2: organisation: ref:") for t in text)
    assert problems_of({**CANDIDATE, "ref": "c" * 64, "pseudonym": "A" * 100}) == []
