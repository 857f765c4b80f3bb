"""Lookups and searches other domains use, on the shared test database with the real
taxonomy loaded by the conftest."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.taxonomy import queries
from marketplace.taxonomy.label_text import fold
from marketplace.taxonomy.levels import Cefr
from marketplace.taxonomy.models import CefrLevel, Language, NaceSection, Skill

FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"


def test_postcode_2000_is_antwerpen(app_ctx):
    postcode = queries.get_postcode("2000")
    assert (postcode.municipality, postcode.places, postcode.label) == (
        "Antwerpen", "Antwerpen", "2000 Antwerpen")
    assert postcode.latitude == pytest.approx(51.22, abs=0.01)
    assert postcode.longitude == pytest.approx(4.40, abs=0.01)


def test_a_postcode_with_several_places_lists_them_all(app_ctx):
    postcode = queries.get_postcode(" 9100 ")
    assert postcode.places.split(", ") == ["Nieuwkerken-Waas", "Sint-Niklaas"]
    assert postcode.municipality == "Nieuwkerken-Waas"


@pytest.mark.parametrize("code", ["9999", "20", "abcd", "", None, "20000"])
def test_unknown_or_malformed_postcodes_are_none(app_ctx, code):
    assert queries.get_postcode(code) is None


def test_forklift_driver_is_isco_8344(app_ctx):
    occupation = queries.get_occupation_by_uri(FORKLIFT)
    assert occupation.isco_code == "8344"
    assert occupation.isco_group.level == 4
    assert (occupation.label("nl"), occupation.label("en")) == (
        "heftruckchauffeur", "forklift operator")
    assert "forklift driver" in occupation.alt_labels_en.splitlines()
    assert queries.get_occupation_by_uri("http://example.com/nothing") is None


def test_nace_section_h_is_transport_and_storage(app_ctx):
    section = db.session.get(NaceSection, "H")
    assert (section.label_nl, section.label_en) == (
        "Vervoer en opslag", "Transportation and storage")
    sections = queries.list_nace_sections("en")
    assert [code for code, _label in sections] == list("ABCDEFGHIJKLMNOPQRSTU")
    assert ("Q", "Human health and social work activities") in sections
    assert ("F", "Bouwnijverheid") in queries.list_nace_sections("nl")


def test_languages_are_named_in_dutch_and_english(app_ctx):
    arabic = db.session.get(Language, "ar")
    assert (arabic.name_nl, arabic.name_en) == ("Arabisch", "Arabic")
    assert db.session.get(Language, "uk").name_nl == "Oekraïens"
    dutch_names = dict(queries.list_languages("nl"))
    assert dutch_names["nl"] == "Nederlands" and dutch_names["ti"] == "Tigrinya"
    assert all(name[0].isupper() for name in dutch_names.values())
    english = queries.list_languages("en")
    assert dict(english)["fa"] == "Persian"
    names = [name for _code, name in english]
    assert names == sorted(names, key=fold)  # accents ignored: Māori before Marathi


def test_cefr_levels_are_stored_in_order(app_ctx):
    levels = db.session.scalars(select(CefrLevel).order_by(CefrLevel.rank)).all()
    assert [level.code for level in levels] == [str(level) for level in Cefr]


@pytest.mark.parametrize(("query", "locale", "label", "other"), [
    ("heftruckchaufeur", "nl", "heftruckchauffeur", "forklift operator"),
    ("forklift driver", "en", "forklift operator", "heftruckchauffeur"),
    ("lasser", "en", "welder", "lasser"),
    ("kapster", "nl", "kapper", "hairdresser"),
    ("Kapster", "en", "hairdresser", "kapper"),
])
def test_search_occupations_labels_results_in_the_chosen_language(app_ctx, query, locale,
                                                                  label, other):
    result = queries.search_occupations(query, locale, limit=5)[0]
    assert (result.label, result.other_label, result.lang) == (label, other, locale)
    assert result.uri.startswith("http://data.europa.eu/esco/occupation/")
    assert result.code == result.entity.isco_code


@pytest.mark.parametrize("query", ["cleaning lady", "schoonmaker", "SCHOONMAKER"])
def test_search_occupations_finds_cleaners(app_ctx, query):
    assert "cleaner" in queries.search_occupations(query, "en")[0].label


def test_search_occupations_says_which_label_matched(app_ctx):
    result = queries.search_occupations("cleaning lady", "nl")[0]
    assert result.matched_label == "cleaning lady"
    assert result.matched_lang == "en"
    assert result.matched_other_label


def test_search_skills_finds_language_and_ict_skills(app_ctx):
    dutch = queries.search_skills("Dutch", limit=3)
    assert dutch[0].label == "Dutch" and dutch[0].kind == "language"
    spreadsheets = queries.search_skills("spreadsheet", limit=5)
    assert any("spreadsheet" in result.label for result in spreadsheets)
    assert queries.search_skills("welding")[0].other_label is None


def test_skill_index_follows_changes_to_the_table(app_ctx):
    assert queries.search_skills("zorgvuldig kantklossen") == []
    db.session.add(Skill(uri="http://example.com/skill/lace", kind="group",
                         label_en="zorgvuldig kantklossen", alt_labels_en="", description_en=""))
    db.session.flush()
    assert queries.search_skills("zorgvuldig kantklossen")[0].label == "zorgvuldig kantklossen"


def test_empty_search_finds_nothing(app_ctx):
    assert queries.search_occupations("", "nl") == []
    assert queries.search_skills("   ") == []
