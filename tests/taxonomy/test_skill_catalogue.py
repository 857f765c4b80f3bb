"""The skill data Werkbrug ships: labels derived from ESCO's free-text dump, and the
Dutch catalogue of the skills most asked in Antwerp's sectors. No database needed."""

from __future__ import annotations

import csv
import gzip

import pytest

from marketplace.taxonomy.reader import read_taxonomy
from marketplace.taxonomy.skilltext import (
    SkillTextSplitter,
    derive_skills,
    split_on_repeated_start,
)
from marketplace.taxonomy.sources import DATA_DIR, SKILL_SECTORS, SKILLS_NL_FILE

COLLECTIONS = ("transversalSkillsCollection_en.csv.gz", "languageSkillsCollection_en.csv.gz",
               "ictSkillsCollection_en.csv.gz")
OPERATE_FORKLIFT = "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"


def read_gzip_csv(name: str) -> list[dict]:
    with gzip.open(DATA_DIR / name, "rt", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def derived() -> dict[str, dict]:
    return {row["conceptUri"]: row for row in read_gzip_csv("skills_en.csv.gz")}


@pytest.fixture(scope="module")
def catalogue() -> list[dict]:
    with (DATA_DIR / SKILLS_NL_FILE).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter=";"))


# -- derived English labels ------------------------------------------------------------


def test_every_esco_skill_is_shipped_with_a_label_and_a_description(derived):
    assert len(derived) == 13939
    assert all(row["preferredLabel"] for row in derived.values())
    assert sum(bool(row["description"]) for row in derived.values()) > 13800


def test_derived_preferred_labels_agree_with_the_labels_esco_publishes(derived):
    published = {row["conceptUri"]: row["preferredLabel"]
                 for name in COLLECTIONS for row in read_gzip_csv(name)}
    compared = [uri for uri in published if uri in derived]
    right = [uri for uri in compared if derived[uri]["preferredLabel"] == published[uri]]
    assert len(compared) > 400
    assert len(right) / len(compared) >= 0.85  # 375 of 438 when this was written


def test_the_forklift_skill_has_its_labels_and_description(derived):
    forklift = derived[OPERATE_FORKLIFT]
    assert forklift["preferredLabel"] == "operate forklift"
    assert "drive a forklift" in forklift["altLabels"].split(" | ")
    assert forklift["description"].startswith("Operate a forklift, a vehicle")


def test_names_in_labels_do_not_start_the_description():
    texts = [
        "use Java write Java programs Write programs in Java.",
        "write code apply code Write and test code.",
        "plan Java projects plan projects Plan projects.",
        "use spreadsheets use a spreadsheet Use spreadsheets to calculate.",
        "write reports write a report Write reports.",
    ]
    skill = SkillTextSplitter(texts).split("uri", texts[0])
    assert skill.label.startswith("use Java")
    assert skill.description == "Write programs in Java."


def test_a_label_is_cut_where_its_first_word_comes_back():
    text = "position vehicles for repair position a vehicle for repair"
    assert [" ".join(part) for part in split_on_repeated_start(text.split(" "))] == [
        "position vehicles for repair", "position a vehicle for repair"]


def test_a_long_label_is_cut_before_another_verb_with_the_same_object():
    text = ("order supplies for vehicle repair buy supplies for vehicle repair "
            "get supplies for vehicle repair")
    assert [" ".join(part) for part in split_on_repeated_start(text.split(" "))] == [
        "order supplies for vehicle repair", "buy supplies for vehicle repair",
        "get supplies for vehicle repair"]


def test_derive_skills_keeps_the_input_order_and_every_uri():
    rows = [(f"uri-{i}", text) for i, text in enumerate([
        "clean rooms clean a room Clean the rooms.", "cook meals cook a meal Cook meals."])]
    assert [skill.uri for skill in derive_skills(rows)] == ["uri-0", "uri-1"]


# -- the Dutch catalogue ---------------------------------------------------------------


def test_the_dutch_catalogue_names_at_least_300_skills_of_every_sector(catalogue):
    assert len(catalogue) >= 300
    assert {row["sector"] for row in catalogue} == set(SKILL_SECTORS)
    assert all(row["label_nl"].strip() and row["label_en"].strip() for row in catalogue)
    assert len({row["conceptUri"] for row in catalogue}) == len(catalogue)


def test_every_uri_in_the_dutch_catalogue_is_an_esco_skill(catalogue):
    skills = {skill["uri"]: skill for skill in read_taxonomy(DATA_DIR).skills}
    assert [row["conceptUri"] for row in catalogue if row["conceptUri"] not in skills] == []
    named = {uri for uri, skill in skills.items() if skill["label_nl"]}
    assert named == {row["conceptUri"] for row in catalogue}


def test_the_catalogue_holds_the_examples_people_type(catalogue):
    dutch = {row["label_nl"]: row["label_en"] for row in catalogue}
    assert dutch["heftruck besturen"] == "operate forklift"
    assert dutch["kassa bedienen"] == "operate cash register"
    assert dutch["metselen"] == "lay bricks"
    assert "orderpicken voor verzending" in dutch
    assert any(label.endswith("schoonmaken") for label in dutch)
    assert any(label.endswith("koken") for label in dutch)


def test_a_checked_english_label_replaces_a_derived_one_cut_short():
    skills = {skill["uri"]: skill for skill in read_taxonomy(DATA_DIR).skills}
    register = skills["http://data.europa.eu/esco/skill/0cb013af-6dd9-4fb2-b34e-63dda1a5cf82"]
    assert (register["label_en"], register["label_nl"]) == ("operate cash register",
                                                            "kassa bedienen")
    assert "operate cash" in register["alt_labels_en"].splitlines()
