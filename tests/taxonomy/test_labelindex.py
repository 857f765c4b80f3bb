"""The pure label search: normalisation, ranking tiers, and the real ESCO occupations.

No app and no database: the real-data tests build the index straight from the shipped
files through ``read_taxonomy``.
"""

from __future__ import annotations

import pytest

from marketplace.taxonomy.labelindex import LabelIndex, core_key, fold, normalise
from marketplace.taxonomy.loader import DATA_DIR, read_taxonomy


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
