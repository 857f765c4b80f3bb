"""Suggestions a coach set aside travel through the records: in, out, again unchanged,
restored and set aside again; bad lines are problems of their line, nothing written."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.records.exporter import export_records
from marketplace.records.importer import import_records
from marketplace.records.reader import parse_lines
from marketplace.suggestions.models import SuggestionDismissal
from tests.records.test_history import PAST, count, lines, rejected_messages
from tests.records.test_import import RECORDS

SET_ASIDE = {"type": "suggestion_dismissal", "candidate": "cand-1", "opportunity": "job-old",
             "coach": "coach.import@example.org", "reason": "practical",
             "note": "Geen vervoer 's nachts.", "dismissed_at": "2025-02-01T09:30:00+00:00"}
RESTORED = {**SET_ASIDE, "restored_at": "2025-02-15T08:00:00+00:00"}
LATER = {**SET_ASIDE, "reason": "not_ready", "dismissed_at": "2025-03-01T09:00:00+01:00"}
LINE = len(RECORDS) + len(PAST) + 1


def dismissals() -> list[SuggestionDismissal]:
    return list(db.session.scalars(select(SuggestionDismissal).order_by(
        SuggestionDismissal.dismissed_at)))


def exported() -> list[dict]:
    return [r for r in export_records() if r["type"] == "suggestion_dismissal"]


def test_a_dismissal_comes_in_goes_out_and_imports_again_unchanged(app_ctx):
    summary = import_records(parse_lines(lines(SET_ASIDE)))
    assert summary.created["suggestion_dismissal"] == 1
    [row] = dismissals()
    assert (row.reason, row.note, row.entry_id, row.restored_at) == (
        "practical", "Geen vervoer 's nachts.", None, None)
    assert row.dismissed_at == dt.datetime(2025, 2, 1, 9, 30, tzinfo=dt.UTC)
    assert row.coach.email == "coach.import@example.org"
    assert exported() == [SET_ASIDE]
    again = import_records(parse_lines([json.dumps(r) for r in export_records()]))
    assert again.unchanged["suggestion_dismissal"] == 1
    assert again.created["suggestion_dismissal"] == again.updated["suggestion_dismissal"] == 0


def test_a_restored_pair_can_be_set_aside_again_and_both_travel(app_ctx):
    import_records(parse_lines(lines(SET_ASIDE)))
    summary = import_records(parse_lines(lines(RESTORED, LATER)))
    assert summary.updated["suggestion_dismissal"] == 1
    assert summary.created["suggestion_dismissal"] == 1
    first, second = dismissals()
    assert first.restored_at == dt.datetime(2025, 2, 15, 8, tzinfo=dt.UTC)
    assert second.restored_at is None and second.reason == "not_ready"
    assert exported() == [RESTORED, {**LATER, "dismissed_at": "2025-03-01T08:00:00+00:00"}]


def test_absent_note_and_restored_at_are_kept_and_null_empties_them(app_ctx):
    import_records(parse_lines(lines(RESTORED)))
    bare = {key: value for key, value in SET_ASIDE.items() if key != "note"}
    assert import_records(parse_lines(lines(bare))).unchanged["suggestion_dismissal"] == 1
    [row] = dismissals()
    assert row.note and row.restored_at is not None
    import_records(parse_lines(lines({**SET_ASIDE, "note": None, "restored_at": None})))
    assert (row.note, row.restored_at) == (None, None)


def test_a_second_open_dismissal_of_a_pair_is_refused_against_the_database(app_ctx):
    import_records(parse_lines(lines(SET_ASIDE)))
    messages = rejected_messages(LATER)
    assert any(m.startswith(f"line {LINE}:") and "is already set aside for 'job-old' since "
               "2025-02-01T09:30:00+00:00" in m for m in messages), messages
    assert len(dismissals()) == 1


@pytest.mark.parametrize(("records", "words"), [
    ([SET_ASIDE, LATER], "was already set aside for 'job-old' on line"),
    ([SET_ASIDE, {**SET_ASIDE, "reason": "other"}], "appears again (first on line"),
    ([{**SET_ASIDE, "reason": "too_far"}], "reason: Input should be"),
    ([{**SET_ASIDE, "reason": 3}], "reason: Input should be"),
    ([{**SET_ASIDE, "note": "x" * 2001}], "note: String should have at most 2000 characters"),
    ([{**SET_ASIDE, "note": "bel\x07"}], "note: Value error, holds a control character"),
    ([{**SET_ASIDE, "dismissed_at": "2025-02-01T09:30:00"}], "dismissed_at needs its UTC offset"),
    ([{**SET_ASIDE, "dismissed_at": "vorige week"}], "dismissed_at"),
    ([{**SET_ASIDE, "dismissed_at": "2999-01-01T00:00:00+00:00"}], "dismissed_at is in the future"),
    ([{**SET_ASIDE, "restored_at": "2025-01-01T00:00:00+00:00"}],
     "restored_at is before dismissed_at"),
    ([{**SET_ASIDE, "rank": 1}], "rank: Extra inputs are not permitted"),
    ([{**SET_ASIDE, "candidate": "nobody"}], "suggestion_dismissal: unknown candidate 'nobody'"),
    ([{**SET_ASIDE, "opportunity": "nowhere"}], "unknown opportunity 'nowhere'"),
    ([{**SET_ASIDE, "coach": "stranger@example.org"}], "coach stranger@example.org is not a"),
])
def test_a_bad_dismissal_is_a_problem_of_its_line_and_nothing_is_written(
        app_ctx, records, words):
    messages = rejected_messages(*records)
    line = LINE + len(records) - 1
    assert any(m.startswith(f"line {line}:") and words in m for m in messages), messages
    assert count(SuggestionDismissal) == 0
