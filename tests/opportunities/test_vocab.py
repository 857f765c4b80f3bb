"""The fixed vocabularies and the Dutch-level rule (pure Python, no app)."""

from __future__ import annotations

import pytest

from marketplace.opportunities.vocab import (
    ContractType,
    OpportunityKind,
    OpportunityStatus,
    is_member,
    levels_open_to,
    lowest_acceptable_dutch_level,
)
from marketplace.web.labels import LABELS


@pytest.mark.parametrize(
    ("required", "support", "lowest"),
    [("none", False, "none"), ("none", True, "none"), ("A1", True, "none"), ("A2", True, "A1"),
     ("A2", False, "A2"), ("B1", True, "A2"), ("C2", True, "C1")],
)
def test_language_support_makes_one_level_lower_enough(required, support, lowest):
    assert lowest_acceptable_dutch_level(required, support) == lowest


def test_levels_open_to_a_candidate_with_a2():
    levels, with_support = levels_open_to("A2")
    assert levels == ["none", "A1", "A2"]
    assert with_support == "B1"


def test_levels_open_to_c2_need_no_support_level():
    levels, with_support = levels_open_to("C2")
    assert len(levels) == 7 and with_support is None


def test_is_member_accepts_values_only():
    assert is_member("job", OpportunityKind)
    assert not is_member("jobs", OpportunityKind)
    assert not is_member(None, OpportunityKind)


@pytest.mark.parametrize(
    ("vocabulary", "enum"),
    [("opportunity_kind", OpportunityKind), ("opportunity_status", OpportunityStatus),
     ("contract_type", ContractType)],
)
def test_every_value_has_a_label(vocabulary, enum):
    assert set(LABELS[vocabulary]) == {member.value for member in enum}
