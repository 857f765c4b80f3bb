"""Occupation relations, the skill hierarchy and vocabularies."""

from __future__ import annotations

import pytest

from marketplace.matching.spaces import (
    RELATION_LEVELS,
    OccupationSpace,
    SkillSpace,
    Vocabulary,
    broader_from_codes,
)


def test_relation_levels_from_esco_and_isco_codes(spaces):
    space = spaces.occupations
    levels = space.relation_levels(space.index_of("welder"))
    named = {occupation: RELATION_LEVELS[level] for occupation, level in zip(space.ids, levels,
                                                                             strict=True)}
    assert named == {"welder": "same", "pipe welder": "esco_family", "solderer": "isco4",
                     "sheet metal worker": "isco3", "blacksmith": "isco2", "cook": "none",
                     "nurse": "none"}
    for other in space.ids:
        pair = (space.index_of("welder"), space.index_of(other))
        assert space.relation_level(*pair) == levels[pair[1]]


def test_without_esco_codes_there_is_no_family_level():
    space = OccupationSpace(["a", "b"], ["7212", "7212"])
    assert [RELATION_LEVELS[x] for x in space.relation_levels(0)] == ["same", "isco4"]


def test_isco_codes_must_have_four_digits():
    with pytest.raises(ValueError, match="4 digits"):
        OccupationSpace(["a"], ["721"])


def test_skill_credit_sets_follow_the_hierarchy(spaces):
    skills = spaces.skills
    credit = skills.credit_sets(skills.index_of("welding"))
    names = lambda columns: {skills.ids[c] for c in columns}  # noqa: E731
    assert names(credit.full) == {"welding", "arc welding", "gas welding"}
    assert names(credit.partial) == {"metal work"}
    sibling = skills.credit_sets(skills.index_of("arc welding"))
    assert names(sibling.full) == {"arc welding"}
    assert names(sibling.partial) == {"welding", "gas welding"}


def test_unknown_broader_skills_are_ignored():
    space = SkillSpace(["a", "b"], [["elsewhere"], ["a"]])
    assert space.parents == ((), (0,))


def test_broader_skill_codes():
    codes = ["S", "S1", "S1.5", "S1.5.0", "T4.3", None, "S2.1"]
    assert broader_from_codes(codes) == [[], ["S"], ["S1"], ["S1.5"], [], [], ["S"]]


def test_vocabularies_know_their_ids():
    vocabulary = Vocabulary(["nl", "en"])
    assert vocabulary.index_of("en") == 1
    assert vocabulary.get("fr") is None
    assert "nl" in vocabulary
    with pytest.raises(KeyError, match="'fr' is not in the Vocabulary"):
        vocabulary.index_of("fr")
    with pytest.raises(ValueError, match="twice"):
        Vocabulary(["nl", "nl"])


def test_a_skill_space_from_database_codes():
    space = SkillSpace.from_codes([10, 11, 12, 13], ["S1", "S1.5", "S1.5.0", None])
    assert space.parents == ((), (0,), (1,), ())


def test_an_occupation_space_from_rows():
    class Row:
        def __init__(self, id, isco_code, esco_code):
            self.id, self.isco_code, self.esco_code = id, isco_code, esco_code

    space = OccupationSpace.from_occupations([Row(7, "7212", "7212.3"), Row(9, "7212", "7212.3.1")])
    assert space.ids == (7, 9)
    assert RELATION_LEVELS[space.relation_level(0, 1)] == "esco_family"
