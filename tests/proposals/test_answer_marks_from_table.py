"""The answer page's marks of the proposed pair take the opportunity's skills and
languages from the opportunity table the process holds, when the change log says they
did not change since it was built: the same spec and the same page as when they are
read, one statement instead of two; a change of the opportunity is read again."""

from __future__ import annotations

from dataclasses import fields

import numpy as np
from sqlalchemy import event

from marketplace.extensions import db
from marketplace.matching import operations as matching
from marketplace.opportunities.operations import LanguageWish, SkillWish, update_opportunity
from tests.factories import LIFTING, make_opportunity, opportunity_data, skill
from tests.proposals.conftest import statements_of
from tests.proposals.test_answer_page_statements import _proposed_pair


def _spec_and_statements(opportunity):
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        spec = matching.pair_opportunity_spec(opportunity)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    return spec, seen


def _same(one, other) -> None:
    for part in fields(one):
        mine, theirs = np.asarray(getattr(one, part.name)), np.asarray(getattr(other, part.name))
        assert np.array_equal(mine, theirs, equal_nan=mine.dtype.kind == "f"), part.name


def _requirements_read(seen) -> int:
    return sum(" FROM opportunity_skill " in s or " FROM opportunity_language " in s
               for s in seen)


def test_a_held_table_gives_the_same_pair_spec_with_one_statement(
        app_ctx, users, organisations):
    opportunity, _proposal = _proposed_pair(users, organisations)
    read, seen = _spec_and_statements(opportunity)
    assert _requirements_read(seen) == 2  # no table held yet: read
    matching.opportunity_rows()  # as a suggestion page builds it
    held, seen = _spec_and_statements(opportunity)
    assert _requirements_read(seen) == 0 and len(seen) == 1
    _same(held, read)
    # Another opportunity changed since the table was built: this one's still holds.
    make_opportunity(organisations["employer_a"], commit=True)
    again, seen = _spec_and_statements(opportunity)
    assert _requirements_read(seen) == 0
    _same(again, read)


def test_a_change_of_the_opportunity_since_the_table_is_read_again(
        app_ctx, users, organisations):
    opportunity, _proposal = _proposed_pair(users, organisations)
    matching.opportunity_rows()
    update_opportunity(opportunity, opportunity_data(
        languages=[LanguageWish("de", "A1", True)],
        skills=[SkillWish(skill(LIFTING), False)]), expected_version=opportunity.version)
    db.session.commit()
    changed, seen = _spec_and_statements(opportunity)
    assert _requirements_read(seen) == 2
    matching.forget_prepared_data(keep_taxonomy=True)
    _same(changed, _spec_and_statements(opportunity)[0])
    assert changed.skills_required.size == 0 and changed.skills_advantage.size == 1


def test_the_answer_page_is_the_same_with_the_table_held(
        client, login_as, users, organisations):
    _opportunity, proposal = _proposed_pair(users, organisations)
    login_as("employer_a")

    def page() -> str:
        html = client.get(f"/proposals/{proposal.id}/answer").get_data(as_text=True)
        return html.replace(html[html.index('name="csrf_token"'):][:200], "")

    without = page()
    matching.opportunity_rows()
    assert 'class="mark mark--' in without
    assert page() == without
    seen = statements_of(client, f"/proposals/{proposal.id}/answer")
    assert _requirements_read(seen) == 0
