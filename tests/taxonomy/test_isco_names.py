"""Dutch names of the ISCO-08 groups: complete for the shipped English file, read from
the installed package, and only for Dutch.

No database: the names come from a file, so the conftest's rolled-back session is
switched off. Only the test of the major groups uses the app, to render the labels the
pages already show.
"""

from __future__ import annotations

import csv
import gzip
import tomllib
from collections import Counter
from importlib import resources
from pathlib import Path, PurePosixPath

import pytest
from flask_babel import force_locale

import marketplace
from marketplace.taxonomy.isco_names import (
    DATA_FILE,
    DATA_PACKAGE,
    dutch_isco_names,
    isco_group_name,
    isco_group_names,
)
from marketplace.taxonomy.sources import DATA_DIR, ISCO_FILE
from marketplace.web.labels import LABELS

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


@pytest.fixture(autouse=True)
def db_session():
    """These tests need no database (overrides the conftest's rolled-back session)."""
    yield None


def english_codes() -> list[str]:
    """The codes of the English ISCO file the taxonomy loader reads, in file order."""
    with gzip.open(DATA_DIR / ISCO_FILE, "rt", encoding="utf-8-sig", newline="") as stream:
        return [row["code"] for row in csv.DictReader(stream)]


def dutch_rows() -> list[dict[str, str]]:
    path = resources.files(DATA_PACKAGE).joinpath(DATA_FILE)
    with path.open("r", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


# -- the data file ----------------------------------------------------------------------


def test_every_isco_group_of_the_english_file_has_one_dutch_name():
    codes = english_codes()
    rows = dutch_rows()

    assert len(codes) == 619
    assert Counter(len(code) for code in codes) == {1: 10, 2: 43, 3: 130, 4: 436}
    assert [row["code"] for row in rows] == codes  # same codes, same order, no extras
    assert all(row["label_nl"].strip() == row["label_nl"] != "" for row in rows)
    assert all(isco_group_name(code, "nl") for code in codes)


def test_groups_under_one_parent_have_different_dutch_names():
    names_by_parent: dict[str, list[str]] = {}
    for code, name in dutch_isco_names().items():
        names_by_parent.setdefault(code[:-1], []).append(name)

    duplicates = {
        parent: [name for name, count in Counter(names).items() if count > 1]
        for parent, names in names_by_parent.items()
    }
    assert {parent: names for parent, names in duplicates.items() if names} == {}


def test_the_names_are_read_from_the_installed_package():
    installed = Path(marketplace.__file__).resolve().parent
    shipped = Path(str(resources.files(DATA_PACKAGE).joinpath(DATA_FILE))).resolve()

    assert shipped == installed / "taxonomy" / "data" / "isco_groups_nl.csv"
    assert shipped.is_file()


def test_the_package_data_includes_the_dutch_names():
    setuptools = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = setuptools["package-data"]["marketplace"]
    in_package = PurePosixPath("taxonomy") / DATA_FILE

    assert any(in_package.match(pattern) for pattern in patterns)


# -- the names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("83", "Bestuurders van voertuigen en bedieners van mobiele installaties"),
        ("8332", "Vrachtwagenchauffeurs"),
        ("9112", "Schoonmakers en huishoudelijke hulpen in kantoren, hotels en andere bedrijven"),
        ("5120", "Koks"),
        ("8", "Bedieners van machines en installaties, assembleurs"),
    ],
)
def test_known_groups_have_their_dutch_name(code, name):
    assert isco_group_name(code, "nl") == name


def test_major_groups_have_the_dutch_names_the_pages_already_show(app):
    with app.test_request_context("/"), force_locale("nl"):
        shown = {code: str(label) for code, label in LABELS["isco_major"].items()}

    assert shown["8"] == "Bedieners van machines en installaties, assembleurs"
    assert isco_group_names(shown, "nl") == shown


def test_a_regional_dutch_locale_gets_the_dutch_name():
    assert isco_group_name("5120", "nl_BE") == "Koks"
    assert isco_group_name("5120", "nl-BE") == "Koks"


@pytest.mark.parametrize("locale", ["en", "en_GB", "fr", ""])
def test_other_languages_get_no_name_so_callers_show_the_english_label(locale):
    assert isco_group_name("8332", locale) is None
    assert isco_group_names(["8332", "83"], locale) == {}


@pytest.mark.parametrize("code", ["99", "8333", "83320", "", "C8332"])
def test_an_unknown_code_gets_no_name(code):
    assert isco_group_name(code, "nl") is None


def test_several_names_at_once_leave_unknown_codes_out():
    assert isco_group_names(["8332", "9999", "5120"], "nl") == {
        "8332": "Vrachtwagenchauffeurs",
        "5120": "Koks",
    }
