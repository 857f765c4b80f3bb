"""The one-line rule for names, pseudonyms and titles (pure: no app, no database)."""

# Names in other scripts and typographic quotes are the point here, not look-alikes.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from marketplace.text_rules import (
    CONTROL,
    DIRECTION,
    INVISIBLE,
    LINE_BREAK,
    flatten_line,
    single_line_problem,
)

#: "Letters" in Persian: the zero-width non-joiner keeps the plural suffix apart.
PERSIAN_WITH_ZWNJ = "نامه\u200cها"

#: Names people really have, and titles employers really write.
GOOD_NAMES = [
    "Amina",
    "Zoë Van den Broeck-Peeters",
    "D'Hondt",
    "O’Neill",
    "José Ñúñez",
    "مهرداد",
    PERSIAN_WITH_ZWNJ,
    "\u0915\u094d\u200d\u0937",  # Devanagari with a zero-width joiner
    "Heftruckchauffeur (m/v/x) – nachtploeg",
    "李小龍",
    "",
]


@pytest.mark.parametrize("text", GOOD_NAMES)
def test_real_names_and_titles_are_fine(text):
    assert single_line_problem(text) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Magazijnier\r\nBcc: x@evil.example", LINE_BREAK),
        ("Magazijnier\n", LINE_BREAK),
        ("twee\u2028regels", LINE_BREAK),
        ("next\x85line", LINE_BREAK),
        ("Jan\tPeeters", CONTROL),
        ("Jan\x00", CONTROL),
        ("Jan\x1b[31m", CONTROL),
        ("Jan\x9b", CONTROL),
        ("\u202eredli\u202c", DIRECTION),
        ("Amina \u2066x\u2069", DIRECTION),
        ("\u200b", INVISIBLE),
        ("\u200b\u200e\u200f\ufeff\u2060\u00ad", INVISIBLE),
        ("\u200c", INVISIBLE),  # a joiner with nothing to join
        (" \u3164 ", INVISIBLE),
        ("   ", INVISIBLE),
    ],
)
def test_line_breaks_controls_direction_overrides_and_blank_text_are_refused(text, problem):
    assert single_line_problem(text) == problem


def test_flattening_puts_a_stored_value_on_one_line():
    assert flatten_line("Magazijnier\r\nBcc: x@evil.example") == "Magazijnier Bcc: x@evil.example"
    assert flatten_line("a\tb\x00c\u2028d\u202ee") == "a b c d e"
    assert flatten_line(PERSIAN_WITH_ZWNJ) == PERSIAN_WITH_ZWNJ
