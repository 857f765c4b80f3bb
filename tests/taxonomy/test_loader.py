"""``flask taxonomy load``: idempotent, all-or-nothing, and clear about bad files.

Each test gets its own empty database (SQLite, or PostgreSQL when the suite runs on
it), because the shared test database already holds the taxonomy.
"""

from __future__ import annotations

import gzip
import shutil

import pytest
from sqlalchemy import func, select

from marketplace.app import create_app
from marketplace.extensions import db
from marketplace.taxonomy.geo import representative_point
from marketplace.taxonomy.loader import TAXONOMY_MODELS, TaxonomyDatabaseError, load_taxonomy
from marketplace.taxonomy.models import IscoGroup, Occupation, Postcode, Skill
from marketplace.taxonomy.reader import read_taxonomy
from marketplace.taxonomy.records import TaxonomyDataError
from marketplace.taxonomy.sources import DATA_DIR
from tests import databases
from tests.conftest import make_test_settings as app_settings

FORKLIFT = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"


@pytest.fixture(autouse=True)
def db_session():
    """These tests use their own databases (overrides the conftest's shared session)."""
    yield None


@pytest.fixture
def empty_app(tmp_path):
    """An app on a brand-new database without any tables, inside an app context."""
    name = None
    if databases.chosen_backend() == "postgresql":
        databases.require_postgres()
        url, name = databases.create_postgres_database()
    else:
        url = f"sqlite:///{tmp_path / 'taxonomy.sqlite'}"
    app = create_app(app_settings(SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()
    if name:
        databases.drop_postgres_database(name)


@pytest.fixture
def fresh_app(empty_app):
    """An app on a new database with every table and no rows."""
    db.create_all()
    return empty_app


@pytest.fixture
def data_dir(tmp_path):
    """A writable copy of the shipped data files."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def counts() -> dict[str, int]:
    db.session.rollback()
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in TAXONOMY_MODELS
    }


def rewrite(path, change) -> None:
    """Apply ``change`` to the text of a gzip-compressed file."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as stream:
        content = stream.read()
    with gzip.open(path, "wt", encoding="utf-8", newline="") as stream:
        stream.write(change(content))


def replace_line(number: int, new: str):
    def change(content: str) -> str:
        lines = content.split("\n")
        lines[number - 1] = new
        return "\n".join(lines)

    return change


# -- a good load -----------------------------------------------------------------------


def test_load_fills_every_table_and_a_second_load_changes_nothing(fresh_app):
    first = load_taxonomy()
    db.session.commit()
    after_first = counts()
    assert after_first == {
        "cefr_level": 7, "language": after_first["language"], "nace_section": 21,
        "postcode": 1145, "isco_group": 619, "occupation": 3007, "skill": 14613,
    }
    assert after_first["language"] >= 180
    assert first.created == sum(after_first.values())
    second = load_taxonomy()
    db.session.commit()
    assert counts() == after_first
    assert (second.created, second.updated) == (0, 0)
    assert second["occupation"].unchanged == 3007


def test_load_takes_well_under_thirty_seconds(fresh_app):
    summary = load_taxonomy()
    assert summary.seconds < 30
    assert "occupation" in summary.report()


def test_reload_updates_changed_labels_and_keeps_rows_gone_from_the_files(fresh_app, data_dir):
    load_taxonomy(data_dir)
    db.session.commit()
    rewrite(data_dir / "occupations_nl.csv.gz",
            lambda text: text.replace(",heftruckchauffeur,", ",heftruckbestuurder,", 1))
    rewrite(data_dir / "be-postcodes.csv.gz",
            lambda text: text.replace("2000,Antwerpen,4.3997081,51.2211097\n", ""))
    summary = load_taxonomy(data_dir)
    db.session.commit()
    assert summary["occupation"].updated == 1
    assert summary["postcode"].rows == 1144
    forklift = db.session.scalars(select(Occupation).where(Occupation.uri == FORKLIFT)).one()
    assert forklift.label_nl == "heftruckbestuurder"
    assert db.session.get(Postcode, "2000") is not None


def test_load_only_flushes_so_the_caller_can_roll_back(fresh_app):
    load_taxonomy()
    assert db.session.scalar(select(func.count()).select_from(Occupation)) == 3007
    db.session.rollback()
    assert counts()["occupation"] == 0


def test_cli_load_commits_and_prints_a_summary(fresh_app):
    result = fresh_app.test_cli_runner().invoke(args=["taxonomy", "load"])
    assert result.exit_code == 0, result.output
    assert "occupation" in result.output and "3007" in result.output
    assert counts()["skill"] == 14613


def test_cli_check_reads_the_files_without_a_database(empty_app):
    result = empty_app.test_cli_runner().invoke(args=["taxonomy", "check"])
    assert result.exit_code == 0, result.output
    assert "3007 occupations" in result.output


# -- what the load writes --------------------------------------------------------------


def test_skills_listed_in_two_collections_get_the_more_specific_kind():
    skills = read_taxonomy(DATA_DIR).skills
    kinds = {}
    for skill in skills:
        kinds[skill["kind"]] = kinds.get(skill["kind"], 0) + 1
    assert kinds == {"group": 640, "skill": 13521, "transversal": 86, "language": 345, "ict": 21}
    assert len({skill["uri"] for skill in skills}) == len(skills)


def test_isco_levels_follow_the_code_length(fresh_app):
    load_taxonomy()
    armed_forces = db.session.get(IscoGroup, "0")
    assert (armed_forces.level, armed_forces.label_en) == (1, "Armed forces occupations")
    assert db.session.get(IscoGroup, "8344").level == 4


def test_skill_alternative_labels_are_stored_one_per_line(fresh_app):
    load_taxonomy()
    skill = db.session.scalars(select(Skill).where(Skill.label_en == "give advice to others")).one()
    assert "make recommendations to others\nprovide advisory services" in skill.alt_labels_en
    assert "|" not in skill.alt_labels_en


def test_postcode_point_leaves_out_places_geocoded_far_away():
    tongeren = (50.78, 5.46)
    near = [(50.77, 5.45), (50.79, 5.47), tongeren]
    far = (51.13, 2.76)
    assert representative_point([*near, far]) == pytest.approx((50.78, 5.46), abs=0.001)
    assert representative_point([tongeren]) == tongeren


# -- refusals --------------------------------------------------------------------------


def assert_refused(app, data_dir, *expected: str) -> None:
    """The CLI exits non-zero naming the problem, and every table stays empty."""
    result = app.test_cli_runner().invoke(args=["taxonomy", "load", "--data-dir",
                                                str(data_dir)])
    assert result.exit_code != 0
    for text in expected:
        assert text in result.output, result.output
    assert "nothing was written" in result.output
    assert set(counts().values()) == {0}


def test_a_missing_file_is_refused(fresh_app, data_dir):
    (data_dir / "ictSkillsCollection_en.csv.gz").unlink()
    assert_refused(fresh_app, data_dir, "ictSkillsCollection_en.csv.gz: file not found")


def test_a_missing_folder_is_refused(fresh_app, tmp_path):
    assert_refused(fresh_app, tmp_path / "nowhere", "the data folder does not exist")


def test_a_truncated_gzip_file_is_refused(fresh_app, data_dir):
    path = data_dir / "occupations_nl.csv.gz"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert_refused(fresh_app, data_dir, "occupations_nl.csv.gz: line ", "cannot read the file")


def test_a_file_that_is_not_gzip_is_refused(fresh_app, data_dir):
    (data_dir / "isco_groups_en.csv.gz").write_text("code,preferredLabel\n1,Managers\n")
    assert_refused(fresh_app, data_dir, "isco_groups_en.csv.gz: line 1: cannot read the file")


def test_a_missing_column_is_refused(fresh_app, data_dir):
    rewrite(data_dir / "be-postcodes.csv.gz",
            lambda text: text.replace("municipality,lng,lat", "municipality,lng,y", 1))
    assert_refused(fresh_app, data_dir, "be-postcodes.csv.gz: line 1: missing column(s): lat")


@pytest.mark.parametrize(("filename", "change", "expected"), [
    ("be-postcodes.csv.gz", replace_line(3, "20X0,Laeken,4.3487134,50.883392"),
     "be-postcodes.csv.gz: line 3: postcode '20X0' is not a 4-digit postcode"),
    ("be-postcodes.csv.gz", replace_line(4, "1030,Schaerbeek,4.37,north"),
     "be-postcodes.csv.gz: line 4: lat 'north' is not a number"),
    ("be-postcodes.csv.gz", replace_line(5, "1040,Etterbeek,4.38"),
     "be-postcodes.csv.gz: line 5: expected 4 fields, found 3"),
    ("isco_groups_en.csv.gz",
     lambda text: text.replace("/C0,0,Armed forces", "/C0,0A,Armed forces", 1),
     "isco_groups_en.csv.gz: line 2: code '0A' is not an ISCO-08 code"),
    ("occupations_en.csv.gz",
     lambda text: text.replace(",2654,2654.1.7,technical director,", ",2654,2654.1.7,,", 1),
     "occupations_en.csv.gz: line 2: preferredLabel is empty"),
    ("occupations_nl.csv.gz",
     lambda text: text.replace(",2654,2654.1.7,inspiciënt,", ",2655,2654.1.7,inspiciënt,", 1),
     "occupations_nl.csv.gz: line 2: isco_code 2655 differs from 2654"),
])
def test_a_bad_row_is_refused_with_its_file_and_line(fresh_app, data_dir, filename, change,
                                                     expected):
    rewrite(data_dir / filename, change)
    assert_refused(fresh_app, data_dir, expected)


@pytest.mark.parametrize(("line", "expected"), [
    ("http://data.europa.eu/esco/skill/not-a-skill;iets;logistics;something",
     "http://data.europa.eu/esco/skill/not-a-skill is not an ESCO skill of the skill files"),
    ("http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da;heftruck;port;x",
     "sector 'port' is not one of"),
    ("http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da;;logistics;x",
     "label_nl is empty"),
])
def test_a_bad_line_in_the_dutch_skill_catalogue_is_refused(fresh_app, data_dir, line,
                                                            expected):
    path = data_dir / "skills_nl.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [text for text in lines if not text.startswith(line.split(";")[0] + ";")]
    path.write_text("\n".join([*lines, line]) + "\n", encoding="utf-8")
    assert_refused(fresh_app, data_dir, f"skills_nl.csv: line {len(lines) + 1}: {expected}")


def test_every_problem_is_reported_not_just_the_first(data_dir):
    rewrite(data_dir / "be-postcodes.csv.gz", replace_line(3, "20X0,Laeken,4.3,50.8"))
    (data_dir / "skill_groups_en.csv.gz").unlink()
    with pytest.raises(TaxonomyDataError) as raised:
        read_taxonomy(data_dir)
    assert len(raised.value.problems) == 2


def test_an_unmigrated_database_is_refused_cleanly(empty_app):
    result = empty_app.test_cli_runner().invoke(args=["taxonomy", "load"])
    assert result.exit_code != 0
    assert "not migrated" in result.output
    assert "flask --app wsgi db upgrade" in result.output
    with pytest.raises(TaxonomyDatabaseError):
        load_taxonomy()


def test_an_unreadable_file_does_not_flood_the_report_with_follow_up_problems(data_dir):
    path = data_dir / "occupations_en.csv.gz"
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(TaxonomyDataError) as raised:
        read_taxonomy(data_dir)
    assert len(raised.value.problems) == 1
    assert raised.value.problems[0].startswith("occupations_en.csv.gz: line ")
