"""The pure label search: normalisation, ranking tiers, and the real ESCO occupations.

No app and no database: the real-data tests build the index straight from the shipped
files through ``read_taxonomy``.
"""

from __future__ import annotations

import pytest

from marketplace.taxonomy.label_text import core_key, fold, normalise
from marketplace.taxonomy.labelindex import LabelIndex
from marketplace.taxonomy.reader import read_taxonomy
from marketplace.taxonomy.sources import DATA_DIR


@pytest.fixture(autouse=True)
def db_session():
    """These tests need no database (overrides the conftest's rolled-back session)."""
    yield None


# -- normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("Élève", "eleve"),
    ("KASSIÈRE", "kassiere"),
    ("Heftruckchauffeur (m/v/x)", "heftruckchauffeur"),
    ("Heftruckchauffeur m/v/x", "heftruckchauffeur"),
    ("Kapper (M/V)", "kapper"),
    ("Serveur (H/F)", "serveur"),
    ("Verkoper/ster", "verkoper"),
    ("Chauffeur/euse poids lourds", "chauffeur poids lourds"),
    ("leraar/lerares", "leraar lerares"),
    ("QA/QC-medewerker", "qa qc medewerker"),
    ("  chef-kok  ", "chef kok"),
    ("", ""),
])
def test_normalise_folds_case_accents_gender_markers_and_punctuation(raw, expected):
    assert normalise(raw) == expected


def test_fold_keeps_letters_without_accents():
    assert fold("Ærø Ğüzel") == "ærø guzel"


@pytest.mark.parametrize(("text", "key"), [
    ("senior lasser", "lasser"),
    ("junior accountant", "accountant"),
    ("ervaren kok", "kok"),
    ("experienced welder", "welder"),
    ("trainee nurse", "nurse"),
    ("medior developer", "developer"),
    ("hoofd verpleegkundige", "hoofd verpleegkundige"),
    ("senior", "senior"),
])
def test_core_key_drops_seniority_words_but_never_everything(text, key):
    assert core_key(text) == key


# -- ranking on a small index ----------------------------------------------------------

SMALL = [
    (1, "lasser", "nl", True),
    (1, "welder", "en", True),
    (2, "laserlasser", "nl", True),
    (2, "laser beam welder", "en", True),
    (3, "heftruckchauffeur", "nl", True),
    (3, "forklift driver", "en", False),
    (4, "vrachtwagenchauffeur", "nl", True),
    (4, "truck driver", "en", True),
    (5, "lassersassistent", "nl", True),
]


@pytest.fixture(scope="module")
def small():
    return LabelIndex.build(SMALL)


def test_exact_match_comes_first(small):
    results = small.search("Lasser")
    assert results[0].entity_id == 1
    assert results[0].how == "exact"


def test_prefix_beats_word_prefix_beats_substring(small):
    ids_and_tiers = [(m.entity_id, m.how) for m in small.search("lasse")]
    assert ids_and_tiers[:3] == [(1, "prefix"), (5, "prefix"), (2, "contains")]
    assert [m.how for m in small.search("driver")][:2] == ["word", "word"]


def test_spaces_inside_a_compound_still_match_exactly(small):
    assert small.search("heftruck chauffeur")[0].entity_id == 3
    assert small.search("heftruck chauffeur")[0].how == "exact"


def test_typing_errors_are_forgiven(small):
    result = small.search("heftruckchaufeur")[0]
    assert (result.entity_id, result.how) == (3, "similar")
    assert 0 < result.score < 1


def test_one_result_per_entity_with_its_best_label(small):
    results = small.search("welder")
    assert [m.entity_id for m in results].count(2) == 1
    assert results[0].entity_id == 1 and results[0].label == "welder"
    assert results[0].lang == "en"


def test_limit_and_empty_queries(small):
    assert len(small.search("la", limit=2)) == 2
    assert small.search("") == []
    assert small.search("  (m/v)  ") == []
    assert small.search("lasser", limit=0) == []


def test_unrelated_query_finds_nothing(small):
    assert small.search("zzzqqq") == []


def test_preferred_language_breaks_ties():
    index = LabelIndex.build([(1, "manager", "en"), (2, "manager", "nl")])
    assert index.search("manager", lang="nl")[0].entity_id == 2
    assert index.search("manager", lang="en")[0].entity_id == 1


def test_preferred_label_breaks_ties_over_alternative_labels():
    index = LabelIndex.build([(1, "kapster", "nl", False), (2, "kapster", "nl", True)])
    assert [m.entity_id for m in index.search("kapster")] == [2, 1]


def test_an_empty_index_answers_nothing():
    assert LabelIndex.build([]).search("lasser") == []


# -- the real ESCO occupations ---------------------------------------------------------


@pytest.fixture(scope="module")
def occupations():
    """Occupation rows from the shipped files, and an index over their labels."""
    rows = read_taxonomy(DATA_DIR).occupations
    entries = []
    for number, row in enumerate(rows):
        entries.append((number, row["label_nl"], "nl", True))
        entries.append((number, row["label_en"], "en", True))
        entries += [(number, label, "nl", False) for label in row["alt_labels_nl"].splitlines()]
        entries += [(number, label, "en", False) for label in row["alt_labels_en"].splitlines()]
    return rows, LabelIndex.build(entries)


def top(occupations, query, lang="nl"):
    rows, index = occupations
    return rows[index.search(query, limit=5, lang=lang)[0].entity_id]


@pytest.mark.parametrize(("query", "english", "isco"), [
    ("heftruckchaufeur", "forklift operator", "8344"),
    ("heftruckchauffeur", "forklift operator", "8344"),
    ("Heftruckchauffeur (m/v/x)", "forklift operator", "8344"),
    ("lasser", "welder", "7212"),
    ("senior lasser", "welder", "7212"),
    ("kapster", "hairdresser", "5141"),
    ("KASSIÈRE", "cashier", "5230"),
    ("kassiere", "cashier", "5230"),
])
def test_dutch_job_titles_find_their_esco_occupation(occupations, query, english, isco):
    found = top(occupations, query)
    assert (found["label_en"], found["isco_code"]) == (english, isco)


@pytest.mark.parametrize(("query", "english", "isco"), [
    ("forklift driver", "forklift operator", "8344"),
    ("Welder", "welder", "7212"),
    ("hair dresser", "hairdresser", "5141"),
    ("hairdreser", "hairdresser", "5141"),
])
def test_english_job_titles_find_their_esco_occupation(occupations, query, english, isco):
    found = top(occupations, query, lang="en")
    assert (found["label_en"], found["isco_code"]) == (english, isco)


@pytest.mark.parametrize("query", ["cleaning lady", "schoonmaker", "Schoonmaakster", "poetsvrouw"])
def test_cleaning_jobs_find_a_cleaner(occupations, query):
    assert "cleaner" in top(occupations, query)["label_en"]


# -- a focused search (the search boxes and pickers) -----------------------------------

FOCUSED = [
    (1, "heftruck besturen", "nl", True),
    (2, "heftruck nakijken", "nl", True),
    (3, "hunting truck", "en", True),
    (4, "booglassen", "nl", True),
    (5, "lossen", "nl", True),
    (6, "classroom tutor", "en", True),
    (7, "lasser", "nl", True),
    (8, "kassa bedienen", "nl", True),
    (9, "kasstroom beheren", "nl", True),
    (10, "klanten helpen aan de zelfscankassa", "nl", True),
    (11, "customer service", "en", True),
    (12, "kast schilderen", "nl", True),
]


@pytest.fixture(scope="module")
def focused():
    return LabelIndex.build(FOCUSED)


def found(index, query, **options):
    return [(m.entity_id, m.how) for m in index.search(query, focused=True, **options)]


@pytest.mark.parametrize(("query", "expected"), [
    ("heftruck", [(1, "prefix"), (2, "prefix")]),  # not "hunting truck"
    ("kassa", [(8, "prefix"), (10, "contains")]),  # not "kasstroom beheren"
    ("lassen", [(4, "contains")]),
])
def test_a_focused_search_leaves_out_look_alikes_when_labels_hold_the_typed_text(
        focused, query, expected):
    # Even with a low bar for similarity, which the default search would clear.
    assert found(focused, query, min_similarity=0.1) == expected
    assert "similar" in {m.how for m in focused.search(query, min_similarity=0.1)}


def test_a_focused_search_finds_a_whole_word_one_typing_error_away(focused):
    # A letter left out, changed, added, or two neighbours swapped.
    for typed in ("heftrck", "heftrukc", "heftruk", "heftrucck", "heftrusk"):
        assert found(focused, typed)[:2] == [(1, "typo"), (2, "typo")], typed
    assert found(focused, "customer servise") == [(11, "typo")]
    assert found(focused, "heftrck nak") == [(2, "typo")]  # the other word starts one


def test_a_mistyped_word_ranks_above_a_label_that_holds_it_by_chance(focused):
    # "lassr" is inside "classroom", but one letter away from "lasser".
    assert found(focused, "lassr")[:2] == [(7, "typo"), (6, "contains")]
    assert found(focused, "lassr", preferred_first=True)[:2] == [(7, "typo"), (6, "contains")]


def test_a_word_the_labels_use_is_not_read_as_a_typing_error(focused):
    # "lassen" ends "booglassen": it is meant, not a mistyped "lossen" or "lasser".
    assert (5, "typo") not in found(focused, "lassen")
    assert (7, "typo") not in found(focused, "lassen")


def test_a_short_word_is_not_matched_one_typing_error_away(focused):
    # "kask" is one letter from "kast", but four letters have too many neighbours.
    assert all(how != "typo" for _, how in found(focused, "kask"))


def test_without_good_matches_a_focused_search_still_answers_look_alikes(focused):
    # Two typing errors, or an unknown compound: the nearest labels, by similarity.
    assert found(focused, "heftrk")[0] == (1, "similar")
    assert found(focused, "vorkheftruck")[:2] == [(1, "similar"), (2, "similar")]


def test_the_default_search_keeps_its_look_alikes_and_has_no_typo_tier(focused):
    assert (3, "similar") in [(m.entity_id, m.how)
                              for m in focused.search("heftruck", min_similarity=0.1)]
    assert all(m.how != "typo" for m in focused.search("heftrck"))


def test_alternative_labels_left_out_of_the_vectors_never_match_as_similar():
    # An alternative label with the text of another entity's preferred label.
    index = LabelIndex.build([(1, "laser", "en", True), (2, "laser", "en", False),
                              (3, "assist in will", "en", True)],
                             fuzzy_alternatives=False)
    assert [(m.entity_id, m.how) for m in index.search("lase")] == [(1, "prefix"), (2, "prefix")]
    assert [m.entity_id for m in index.search("laserr")] == [1]
