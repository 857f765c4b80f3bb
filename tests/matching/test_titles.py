"""Typed job titles resolve to the ESCO occupations of the shipped data."""

from __future__ import annotations

import pytest

from marketplace.matching.esco_data import esco_title_resolver, load_occupations
from marketplace.matching.titles import TitleResolver, clean_title
from marketplace.matching.word_forms import feminine_forms, masculine_forms


@pytest.fixture(scope="module")
def resolver():
    return esco_title_resolver()


@pytest.fixture(scope="module")
def by_label():
    """English preferred label → occupation (the labels in these tests are unique)."""
    return {occupation.label_en: occupation for occupation in load_occupations()}


@pytest.fixture(scope="module")
def by_uri():
    return {occupation.uri: occupation for occupation in load_occupations()}


@pytest.mark.parametrize(("title", "english_label"), [
    ("Heftruckchauffeur (m/v/x)", "forklift operator"),
    ("heftruckchaufeur", "forklift operator"),
    ("junior kapster", "hairdresser"),
    ("lasser", "welder"),
    ("Lassr", "welder"),
    ("Schoonmaakster", "building cleaner"),
    ("Magazijnier", "warehouse worker"),
    ("warehouse worker", "warehouse worker"),
    ("keukenhulp", "kitchen assistant"),
    ("buschauffeur", "bus driver"),
    ("buschauffeuse", "bus driver"),
    ("KASSIÈRE", "cashier"),
    ("kassierster", "cashier"),
    ("senior lasser - voltijds", "welder"),
    ("Junoir Lasser", "welder"),
    ("sports trainer", "sports coach"),
])
def test_typed_titles_resolve_to_their_esco_occupation(resolver, by_label, title, english_label):
    resolution = resolver.resolve(title)
    assert resolution is not None
    assert resolution.occupation_id == by_label[english_label].uri


@pytest.mark.parametrize(("title", "isco", "english_word"), [
    ("cleaning lady", "9111", "cleaner"),
    ("verpleegkundige", "2221", "nurse"),
    ("verpleegster", "2221", "nurse"),
])
def test_titles_without_an_exact_label_find_a_fitting_occupation(
        resolver, by_uri, title, isco, english_word):
    occupation = by_uri[resolver.resolve(title).occupation_id]
    assert occupation.isco_code == isco
    assert english_word in occupation.label_en


def test_exact_matches_are_sure_and_typos_less_so(resolver):
    exact = resolver.resolve("Magazijnier")
    typo = resolver.resolve("magazjnier")
    assert (exact.how, exact.confidence, exact.matched_label) == ("exact", 1.0, "magazijnier")
    assert typo.how == "similar"
    assert 0.4 < typo.confidence < 1.0
    assert typo.occupation_id == exact.occupation_id


def test_a_masculine_form_is_tried_when_the_feminine_one_is_not_listed(resolver):
    resolution = resolver.resolve("buschauffeuse")
    assert resolution.matched_label == "buschauffeur"
    assert resolution.confidence == 0.95


def test_gibberish_and_empty_titles_resolve_to_nothing(resolver):
    assert resolver.resolve("zzzqqq xxyy") is None
    assert resolver.resolve("") is None
    assert resolver.resolve(" (m/v/x) ") is None


def test_a_shared_label_goes_to_the_occupation_whose_preferred_label_it_is():
    resolver = TitleResolver.build(
        [("a", "lasser", "nl", False), ("b", "lasser", "nl", True), ("c", "lasser", "nl", False)],
        isco_codes={"a": "7212", "b": "3115", "c": "7212"},
    )
    resolution = resolver.resolve("Lasser")
    assert (resolution.occupation_id, resolution.tied) == ("b", 3)


def test_otherwise_a_shared_label_goes_to_the_group_most_occupations_share():
    resolver = TitleResolver.build(
        [("botanist", "tuinman", "nl", False), ("gardener", "tuinman", "nl", False),
         ("groundsman", "tuinman", "nl", False), ("groundsman", "grondwerker", "nl", True)],
        isco_codes={"botanist": "2131", "gardener": "6113", "groundsman": "6113"},
    )
    assert resolver.resolve("tuinman").occupation_id == "gardener"


def test_a_typo_inside_another_word_is_not_a_substring_match():
    resolver = TitleResolver.build([(1, "classroom assistant", "en"), (2, "lasser", "nl")])
    assert resolver.resolve("lassr").occupation_id == 2


@pytest.mark.parametrize(("feminine", "masculine"), [
    ("schoonmaakster", "schoonmaker"),
    ("kapster", "kapper"),
    ("verpleegster", "verpleger"),
    ("verkoopster", "verkoper"),
    ("chauffeuse", "chauffeur"),
    ("kassierster", "kassier"),
    ("lerares", "leraar"),
    ("receptioniste", "receptionist"),
    ("poetsvrouw", "poetsman"),
    ("waitress", "waiter"),
])
def test_masculine_forms_of_feminine_job_words(feminine, masculine):
    assert masculine in masculine_forms(feminine)


@pytest.mark.parametrize(("masculine", "feminine"), [
    ("kapper", "kapster"),
    ("schoonmaker", "schoonmaakster"),
    ("verpleger", "verpleegster"),
    ("chauffeur", "chauffeuse"),
    ("kassier", "kassierster"),
    ("receptionist", "receptioniste"),
])
def test_feminine_forms_for_the_benchmark_generator(masculine, feminine):
    assert feminine_forms(masculine)[0] == feminine


def test_clean_title_drops_contract_words_but_never_everything():
    assert clean_title("Lasser (m/v/x) - voltijds, interim") == "lasser"
    assert clean_title("Kok met ervaring, part time") == "kok"
    assert clean_title("User experience analyst") == "user experience analyst"
    assert clean_title("Interim") == "interim"


def test_a_resolver_from_database_rows_with_alternative_labels_as_text():
    class Row:
        id, isco_code = 42, "7212"
        label_nl, label_en = "lasser", "welder"
        alt_labels_nl, alt_labels_en = "booglasser\nlasster", ""

    resolver = TitleResolver.from_occupations([Row()])
    assert resolver.resolve("Lasster (m/v/x)").occupation_id == 42
    assert resolver.resolve("welder").matched_label == "welder"
